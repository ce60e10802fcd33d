"""Never print what the gate protects: one article with personal numbers and
tokens in every field, through `fbs check` in text, json and github formats
and through a real Pelican build (the build log); no full number or token may
appear anywhere."""

from __future__ import annotations

import re

import pytest

from plugins.fbs.cli import main as fbs_main

NIK = "5301 0123 0485 0001"
NIP = "19850315 201001 1 004"
PHONE = "0812-3456-7890"
TOKEN = "EAAB" + "x7Kq9ZrT2mW4pL8nV3cY6hJ1dF5gS0aQ" * 2
GOOGLE = "ya29." + "a0AfB_byC9dE3fG7hJ2kL5mN8pQ1rS4tU6vW"
SECRETS = [NIK, NIP, PHONE, TOKEN, GOOGLE]


def leaked(output: str) -> list[str]:
    """Secrets found in `output`, however they are grouped there."""
    flat = re.sub(r"[^0-9A-Za-z]", "", output)
    out = []
    for secret in SECRETS:
        core = re.sub(r"[^0-9A-Za-z]", "", secret)
        # Any 9 consecutive characters of the middle would already say too much.
        middle = core[4:-3]
        if any(middle[i : i + 9] in flat for i in range(0, max(len(middle) - 8, 1))):
            out.append(secret)
    return out


def article_everywhere() -> str:
    return (
        f"Title: Rapat NIK {NIK} dan NIP {NIP}\n"
        "Date: 2026-11-20 09:00\n"
        "Category: Kegiatan\n"
        f"Tags: PNS, {NIK}, {TOKEN}\n"
        f"Summary: Hubungi {PHONE} atau NIK {NIK} untuk token {GOOGLE} di aula BKD NTT.\n"
        "Image: images/alor.jpg\n"
        f"ImageAlt: Peserta dengan NIP {NIP} dan HP {PHONE}\n"
        f"ImageCredit: Foto: {TOKEN}\n"
        f"Waive: FBS-8.nip {NIP}: alasan berisi token {TOKEN} dan NIK {NIK}\n"
        "\n"
        f"Isi artikel dengan NIK {NIK}, NIP {NIP} dan HP {PHONE}.\n\n"
        f'[tautan](https://bkd.nttprov.go.id/ "judul {TOKEN}") dan '
        f"![foto {NIK}](images/alor.jpg)\n\n"
        f"<!-- catatan: {GOOGLE} dan {NIP} -->\n"
    )


def broken_front_matter() -> str:
    return (
        "Title: Artikel dengan keterangan rusak\n"
        f"NIK {NIK} token {TOKEN} tanpa titik dua\n"
        "Date: 2026-11-21 09:00\n"
        "Category: Kegiatan\n"
        "\n"
        "Isi.\n"
    )


@pytest.fixture
def leaky_site(site):
    site.article("bocor.md", raw=article_everywhere())
    site.article("rusak.md", raw=broken_front_matter())
    return site


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_fbs_check_output_masks_everything(leaky_site, capsys, fmt):
    code = fbs_main(
        [
            "check",
            str(leaky_site.content),
            "--repo",
            str(leaky_site.root),
            "--no-spelling",
            "--format",
            fmt,
        ]
    )
    out = capsys.readouterr()
    assert code == 1
    assert "5301*********001" in out.out  # the findings are there, masked
    assert leaked(out.out + out.err) == []


def test_build_log_masks_everything(leaky_site, pelican_build, tmp_path):
    result = pelican_build(leaky_site.content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert "FBS" in log and "rusak.md" in log  # both the FBS plugin and the reader spoke
    assert leaked(log) == []
