"""Each way around the gate named in the FBS integrity issue, as a table:
a disguised NIK, NIP, phone, e-mail, word or token must still be found, at
the author's line. (Waivers: test_waivers.py; masking: test_never_print.py;
guard rails and CODEOWNERS: test_guardrails.py.)

Token-shaped strings are assembled at run time so this file holds none."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from PIL import Image, PngImagePlugin

from plugins.fbs.checks.tokens import scan_tokens
from plugins.fbs.cli import main as fbs_main

REPO = Path(__file__).resolve().parents[2]
ZWSP, NBSP, SHY = "\u200b", "\u00a0", "\u00ad"
TOKEN = "EA" + "AB" + "x7Kq9ZrT2mW4pL8nV3cY6hJ1dF5gS0aQ" * 2

# (name, body line, rule expected on body line 10 of the article)
PERSONAL = [
    ("NIK 4-4-4-4", "NIK 5301 0123 0485 0001.", "FBS-8.nik"),
    ("NIK across a line break", "NIK 5301 0123\n0485 0001.", "FBS-8.nik"),
    ("NIK glued to a word", "NIK:5301012304850001ya.", "FBS-8.nik"),
    ("NIK reversed by a bidi override", "NIK \u202e1000584032101035\u202c.", "FBS-8.nik"),
    ("NIK after a dot", "NIK.5301.0123.0485.0001.", "FBS-8.nik"),
    ("phone split by markup", "Hubungi 0812<b></b>3456<i></i>7890.", "FBS-8.phone"),
    ("NIK with dots", "NIK 5301.0123.0485.0001.", "FBS-8.nik"),
    ("NIK with dashes", "NIK 5301-0123-0485-0001.", "FBS-8.nik"),
    ("NIK with non-breaking hyphens", "NIK 5301\u20110123\u20110485\u20110001.", "FBS-8.nik"),
    ("NIK with en dashes", "NIK 5301\u20130123\u20130485\u20130001.", "FBS-8.nik"),
    ("NIK with minus signs", "NIK 5301\u22120123\u22120485\u22120001.", "FBS-8.nik"),
    ("phone with a non-breaking hyphen", "Hubungi (0812) 3456\u20117890.", "FBS-8.phone"),
    ("NIK with slashes", "NIK 530101/230485/0001.", "FBS-8.nik"),
    ("NIK with NBSP", f"NIK 5301{NBSP}0123{NBSP}0485{NBSP}0001.", "FBS-8.nik"),
    ("NIK with zero-width spaces", f"NIK 5301{ZWSP}0123{ZWSP}0485{ZWSP}0001.", "FBS-8.nik"),
    ("NIK in full-width digits", "NIK ５３０１０１２３０４８５０００１.", "FBS-8.nik"),
    ("NIK in Arabic-Indic digits", "NIK ٥٣٠١٠١٢٣٠٤٨٥٠٠٠١.", "FBS-8.nik"),
    ("NIK as HTML entities", "NIK &#53;301012304850001.", "FBS-8.nik"),
    ("NIP 4-4-4-4-2", "NIP 1971 0707 1997 0320 08.", "FBS-8.nip"),
    ("NIP with dots", "NIP 19710707.199703.2.008.", "FBS-8.nip"),
    ("phone in parentheses", "Hubungi (0812) 3456 7890.", "FBS-8.phone"),
    ("phone +62 with parentheses", "Hubungi +62 (812) 3456-7890.", "FBS-8.phone"),
    ("phone 62 without plus", "Hubungi 62 812 3456 7890.", "FBS-8.phone"),
    ("phone with dots", "Hubungi 0812.3456.7890.", "FBS-8.phone"),
    ("wa.me link", "[Chat](https://wa.me/6281234567890).", "FBS-8.phone"),
    (
        "api.whatsapp.com link",
        "[Chat](https://api.whatsapp.com/send?phone=6281234567890&text=Halo).",
        "FBS-8.phone",
    ),
    ("e-mail [at] [dot]", "Surel: nama.saya [at] gmail [dot] com.", "FBS-8.email"),
    ("e-mail (at) (dot)", "Surel: nama.saya(at)gmail(dot)com.", "FBS-8.email"),
    ("e-mail full-width at", "Surel: nama.saya＠gmail.com.", "FBS-8.email"),
    ("e-mail full-width letters", "Surel: ｎａｍａ@ｇｍａｉｌ.ｃｏｍ.", "FBS-8.email"),
    ("e-mail at a provider subdomain", "Surel: nama@mail.yahoo.co.id.", "FBS-8.email"),
    ("e-mail in an HTML comment", "<!-- nama.saya@gmail.com -->", "FBS-8.email"),
    ("phone in a link title", '[BKD](https://bkd.nttprov.go.id "HP 081234567890").', "FBS-8.phone"),
]
WORDS = [
    ("Cyrillic look-alikes", "Dasar b\u0430ngs\u0430t itu.", "FBS-2.profanity"),
    ("Greek look-alikes", "Dasar g\u03bfbl\u03bfk itu.", "FBS-5.insult"),
    ("zero-width inside", f"Dasar bang{ZWSP}sat itu.", "FBS-2.profanity"),
    ("soft hyphen inside", f"Dasar bang{SHY}sat itu.", "FBS-2.profanity"),
    ("combining accents", "Dasar ba\u0301ngsa\u0300t itu.", "FBS-2.profanity"),
    ("HTML entity", "Dasar bangs&#97;t itu.", "FBS-2.profanity"),
    ("named and hex entities", "Dasar b&#x61;ngs&#X61;t itu.", "FBS-2.profanity"),
    ("split by links", "Dasar [bang](https://a.id)[sat](https://b.id) itu.", "FBS-2.profanity"),
    ("split by empty tags", "Dasar bang<b></b>sat itu.", "FBS-2.profanity"),
    ("split by emphasis", "Dasar **bang**sat itu.", "FBS-2.profanity"),
    ("split by an HTML comment", "Dasar bang<!-- -->sat itu.", "FBS-2.profanity"),
    ("split by an inline image", "Dasar bang![](images/alor.jpg)sat itu.", "FBS-2.profanity"),
    ("leetspeak with look-alikes", f"Dasar b4{ZWSP}ngs\u0430t itu.", "FBS-2.profanity"),
]


@pytest.mark.parametrize("name,body,rule", PERSONAL + WORDS, ids=[c[0] for c in PERSONAL + WORDS])
def test_disguise_is_seen_through(site, name, body, rule):
    path = site.article(body=body + "\n")
    result = site.check(path)
    hits = [f for f in result.active if f.rule == rule]
    assert hits, [(f.rule, f.message) for f in result.active]
    assert hits[0].line == 10  # the body line, after 8 fields and a blank line
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "field,value,rule",
    [
        (
            "Summary",
            "Daftar peserta dengan NIK 5301-0123-0485-0001 dari Kabupaten Alor.",
            "FBS-8.nik",
        ),
        ("Title", "Rapat dengan NIP 19710707 199703 2 008 di Alor", "FBS-8.nip"),
        ("ImageAlt", "Peserta memegang papan bertulis HP (0812) 3456 7890", "FBS-8.phone"),
        ("ImageCredit", "Foto: nama [at] gmail [dot] com", "FBS-8.email"),
    ],
)
def test_every_field_is_checked(site, field, value, rule):
    result = site.check(site.article(fields={field: value}))
    (hit,) = [f for f in result.active if f.rule == rule]
    assert (
        site.content.joinpath("articles/artikel.md")
        .read_text()
        .splitlines()[hit.line - 1]
        .startswith(f"{field}:")
    )


def test_markdown_split_word_is_reported_at_its_source_line(site):
    body = (
        "Paragraf pertama.\n\nBaris dua,\nlalu [bang](https://a.id)[sat](https://b.id) di sini.\n"
    )
    result = site.check(site.article(body=body))
    (hit,) = [f for f in result.active if f.rule == "FBS-2.profanity"]
    assert hit.line == 13 and "bangsat" in hit.message


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def png_with_text(tmp_path: Path) -> Path:
    meta = PngImagePlugin.PngInfo()
    meta.add_itxt("Comment", "token " + TOKEN, zip=True)  # compressed: invisible to a byte scan
    path = tmp_path / "foto.png"
    Image.new("RGB", (8, 8)).save(path, pnginfo=meta)
    return path


def jpeg_with_exif(tmp_path: Path) -> Path:
    exif = Image.Exif()
    exif[0x8769] = {0x9286: b"UNICODE\0" + ("token " + TOKEN).encode("utf-16-be")}
    path = tmp_path / "foto.jpg"
    Image.new("RGB", (8, 8)).save(path, exif=exif.tobytes())
    return path


def pdf_with_info(tmp_path: Path) -> Path:
    hex_title = "FEFF" + "".join(f"{ord(c):04X}" for c in TOKEN)
    return write(tmp_path, "surat.pdf", f"%PDF-1.4\n1 0 obj\n<< /Title <{hex_title}> >>\nendobj\n")


def docx_with_text(tmp_path: Path) -> Path:
    path = tmp_path / "surat.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("docProps/core.xml", f"<dc:title>{TOKEN}</dc:title>")
    return path


TOKEN_HIDING = [
    ("split over two lines", lambda p: write(p, "a.md", f"t = {TOKEN[:25]}\n{TOKEN[25:]}\n"), 1),
    (
        "URL-encoded",
        lambda p: write(p, "a.md", "x\nhttps://x.id/?t=%45%41%41" + TOKEN[3:] + "\n"),
        2,
    ),
    ("URL-encoded after =", lambda p: write(p, "a.md", "a%3D" + "%45AA" + TOKEN[3:] + "\n"), 1),
    ("after an underscore", lambda p: write(p, "a.env", "PAGE_" + TOKEN + "\n"), 1),
    (
        "base64-encoded",
        lambda p: write(p, "a.md", "x\n\n" + base64.b64encode(f"token={TOKEN}".encode()).decode()),
        3,
    ),
    (
        "base64 wrapped over lines",
        lambda p: write(
            p,
            "a.md",
            "x\n"
            + "\n".join(
                base64.b64encode(TOKEN.encode()).decode()[i : i + 20] for i in range(0, 92, 20)
            )
            + "\n",
        ),
        2,
    ),
    ("in a PNG text chunk", png_with_text, 1),
    ("in JPEG EXIF (UserComment, UTF-16)", jpeg_with_exif, 1),
    ("in the PDF Info dictionary", pdf_with_info, 1),
    ("inside a .docx (compressed XML)", docx_with_text, 1),
    (
        "in a file over 5 MB",
        lambda p: write(p, "big.md", ("isi biasa\n" * 600_000) + TOKEN + "\n"),
        600_001,
    ),
    (
        "after a NUL in the first 8 KB",
        lambda p: write(p, "data.bin", b"\0" * 100 + b"\n" + TOKEN.encode() + b"\n"),
        2,
    ),
]


@pytest.mark.parametrize("name,make,line", TOKEN_HIDING, ids=[t[0] for t in TOKEN_HIDING])
def test_hidden_token_is_found(tmp_path, name, make, line):
    path = make(tmp_path)
    findings = scan_tokens(path, path.name)
    assert [f.rule for f in findings][:1] == ["FBS-9.token"], findings
    assert findings[0].line == line
    assert TOKEN[4:20] not in findings[0].message


def test_token_as_a_file_name_is_found_and_not_printed(tmp_path):
    path = write(tmp_path, f"{TOKEN}.jpg", b"\xff\xd8\xff\xd9")
    (finding,) = scan_tokens(path, f"content/images/{path.name}")
    assert "nama berkas" in finding.message
    assert TOKEN[4:20] not in finding.file + finding.message


def test_symlinked_article_is_refused_unread(site, tmp_path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("Title: x\n\nkatarahasiasekali\n")
    link = site.content / "articles" / "tautan.md"
    link.symlink_to(secret)
    result = site.check(link, spelling=True)
    assert [f.rule for f in result.active] == ["FBS-7.symlink"]
    assert "katarahasiasekali" not in str(result.findings)


# Workflow-command injection through file names in .github/workflows/fbs.yml.

HOSTILE = "content/articles/a%0A::add-mask::x\n::error::injected.md"


def changed_files_step() -> dict:
    workflow = yaml.safe_load((REPO / ".github/workflows/fbs.yml").read_text())
    steps = workflow["jobs"]["fbs"]["steps"]
    return next(s for s in steps if s.get("id") == "changed")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def test_changed_file_names_cannot_inject_workflow_commands(tmp_path):
    repo = tmp_path / "repo"
    (repo / "content" / "articles").mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.invalid")
    git(repo, "config", "user.name", "t")
    target = repo / "content" / "articles" / "biasa.md"
    target.write_text("Title: x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / HOSTILE).write_text("Title: y\n")
    target.unlink()
    target.symlink_to("/etc/hostname")  # a type change: file -> symlink
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    env = {
        **os.environ,
        "BASE_SHA": base,
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
    }
    out = subprocess.run(
        ["bash", "-e", "-c", changed_files_step()["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = out.splitlines()
    stop = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[0])
    assert stop and lines[-1] == f"::{stop.group(1)}::"
    inner = lines[1:-1]
    assert not any(line.startswith("::") for line in inner), inner
    assert "content/articles/biasa.md" in inner  # the type change is listed
    assert "content/articles/a%250A::add-mask::x%0A::error::injected.md" in inner
    assert (tmp_path / "output").read_text() == "count=2\n"


def test_cli_escapes_file_names_it_prints(capsys, tmp_path):
    fbs_main(["check", str(tmp_path / "x\n::error::y.md"), "--repo", str(tmp_path), "--no-repo"])
    err = capsys.readouterr().err
    assert not any(line.startswith("::") for line in err.splitlines())
