"""FBS-7 spelling with the real Hunspell id_ID dictionary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.fbs.checks.spelling import stems

pytestmark = pytest.mark.skipif(
    not (shutil.which("hunspell") and Path("/usr/share/hunspell/id_ID.dic").exists()),
    reason="Hunspell id_ID not installed (apt-get install hunspell hunspell-id)",
)


def spelling_words(result):
    return [f.message.split("'")[1] for f in result.active if f.rule == "FBS-7.spelling"]


@pytest.mark.parametrize(
    "body,expected",
    [
        ("Pegawai pemerintahh daerah hadir.\n", ["pemerintahh"]),
        ("Para pegawia mengikuti kegiatan.\n", ["pegawia"]),
        ("Kegiatan dilaksanakan di kantorr.\n", ["kantorr"]),
    ],
)
def test_misspelling_fires(site, body, expected):
    result = site.check(site.article(body=body), spelling=True)
    assert spelling_words(result) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Pegawai pemerintah daerah hadir.\n",
        "Berkas diunggah melalui laman resmi pada hari Selasa.\n",  # affix + project words
        "Peserta dari Kabupaten Manggarai Barat dan Sumba Barat Daya hadir.\n",
        "Kepala BKD, Bapak Yohanes Laiskodat, membuka acara.\n",  # a name inside a sentence
        "Formulir tersedia secara *online* dan luring.\n",  # italic foreign term
        "Lihat `pemerintahh` di [tautan](https://contoh.test/pemerintahh).\n",  # code and link
        "Kantor di Jl. Basuki Rahmat.\n",  # abbreviation, then a name
    ],
)
def test_correct_text_does_not_fire(site, body):
    result = site.check(site.article(body=body), spelling=True)
    assert spelling_words(result) == []


def test_stems_of_affixed_words():
    assert "unggah" in stems("diunggah")
    assert "tulis" in stems("menulis")
    assert "proses" in stems("prosesnya")
    assert "hadir" in stems("ketidakhadiran")
