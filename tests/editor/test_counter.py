"""The live counter of the per-platform texts (plugins/editor/static/bkd-editor.js)
agrees with the engine's X count (syndicate/composer.py, twitter-text)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from syndicate.composer import weighted_length
from tests._support.sitekit import unavailable

SCRIPT = Path(__file__).resolve().parents[2] / "plugins/editor/static/bkd-editor.js"

TEXTS = [
    "Jadwal kenaikan pangkat April 2027",
    "Baca selengkapnya: https://bkd.nttprov.go.id/2026/11/jadwal/ #ASN",
    "Selamat! 🎉 Pelantikan PPPK tahap II 👏🏽",
    "Keluarga 👨‍👩‍👧 ASN NTT 🇮🇩",
    "Kutipan “resmi” — BKD NTT…",
    "日本語のテキスト",
    "Dua tautan https://bkn.go.id/x dan http://www.nttprov.go.id/y?z=1.",
    "x" * 300,
]


def node_counts(texts: list[str]) -> list[int]:
    node = shutil.which("node")
    if node is None:
        unavailable("node not found (Debian's nodejs; .ci/run installs it)")
    program = (
        f"const e = require({json.dumps(str(SCRIPT))});"
        "let s='';process.stdin.on('data',c=>s+=c).on('end',()=>"
        "process.stdout.write(JSON.stringify(JSON.parse(s).map(t=>e.countFor('weighted',t)))));"
    )
    result = subprocess.run(
        [node, "-e", program], input=json.dumps(texts), capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_weighted_count_matches_twitter_text():
    assert node_counts(TEXTS) == [weighted_length(t) for t in TEXTS]


def test_slug_of_a_title_is_lower_case_with_hyphens():
    node = shutil.which("node")
    if node is None:
        unavailable("node not found")
    program = f"process.stdout.write(require({json.dumps(str(SCRIPT))}).slugOf(process.argv[1]))"
    result = subprocess.run(
        [node, "-e", program, "Jadwal Kenaikan Pangkat: April 2027 (Tahap I) — Ruteng"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "jadwal-kenaikan-pangkat-april-2027-tahap-i-ruteng"


def with_gps(source: Path, target: Path) -> Path:
    """The photo as a phone saves it: EXIF with a GPS position (Kupang)."""
    from PIL import Image

    with Image.open(source) as im:
        exif = Image.Exif()
        exif[0x010F] = "KameraKu"
        gps = exif.get_ifd(0x8825)
        gps[1] = "S"
        gps[2] = (10.0, 9.0, 36.0)
        gps[3] = "E"
        gps[4] = (123.0, 35.0, 24.0)
        im.save(target, "JPEG", exif=exif)
    return target


def test_gps_position_in_a_photo_is_found(tmp_path):
    from PIL import Image

    photo = Path(__file__).resolve().parents[1] / "fixtures/site-content/images/kegiatan-alor-1.jpg"
    plain = tmp_path / "tanpa-gps.jpg"
    with Image.open(photo) as im:
        exif = Image.Exif()
        exif[0x010F] = "KameraKu"  # EXIF, but no position
        im.save(plain, "JPEG", exif=exif)
    png = tmp_path / "gambar.png"
    with Image.open(photo) as im:
        im.save(png, "PNG")
    files = [with_gps(photo, tmp_path / "dengan-gps.jpg"), plain, photo, png]
    node = shutil.which("node")
    if node is None:
        unavailable("node not found")
    program = (
        f"const e = require({json.dumps(str(SCRIPT))}); const fs = require('fs');"
        "process.stdout.write(JSON.stringify(process.argv.slice(1).map(f => {"
        "const b = fs.readFileSync(f); return e.hasGps(b.buffer.slice(b.byteOffset,"
        " b.byteOffset + b.byteLength)); })))"
    )
    result = subprocess.run(
        [node, "-e", program, *map(str, files)], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [True, False, False, False]
