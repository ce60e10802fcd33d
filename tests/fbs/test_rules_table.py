"""For every automated rule: cases that must fire and near misses that must not.

Each row builds one article (from a valid base, see conftest.py), runs the
real checks and looks for the rule among the active findings."""

from __future__ import annotations

import shutil

import pytest

from plugins.fbs.rules import RULES

LONG_TITLE = "Pengumuman " + "Jadwal Seleksi Kompetensi PPPK Guru dan Tenaga Kesehatan " * 2
FENCED_IFRAME = "Contoh yang dilarang:\n\n```html\n<iframe src='https://x.test'></iframe>\n```\n"

FIRES = [
    # FBS-1 sources
    ("hero without credit", "FBS-1.credit", {"drop": ["ImageCredit"]}),
    (
        "gallery photo without credit",
        "FBS-1.credit",
        {"fields": {"Gallery": "images/alor.jpg | Peserta mengikuti sosialisasi di aula"}},
    ),
    ("video file without credit", "FBS-1.credit", {"fields": {"VideoFile": "video/a.mp4"}}),
    ("youtube video without credit", "FBS-1.credit", {"fields": {"Video": "dQw4w9WgXcQ"}}),
    ("hotlinked hero", "FBS-1.hotlink", {"fields": {"Image": "https://example.com/foto.jpg"}}),
    ("hotlinked inline", "FBS-1.hotlink", {"body": "![Peserta di aula](http://cdn.test/a.jpg)\n"}),
    ("http link", "FBS-1.http", {"body": "Baca [aturan](http://peraturan.test/pp-94).\n"}),
    # FBS-2 / FBS-5 lexicon and HTML
    ("profanity leet", "FBS-2.profanity", {"body": "Dasar b4ngs4t semua.\n"}),
    ("profanity separated", "FBS-2.profanity", {"body": "Kata b.a.n.g.s.a.t ditulis.\n"}),
    ("profanity repeated letters", "FBS-2.profanity", {"body": "Bangsaaaat itu.\n"}),
    ("insult with suffix", "FBS-5.insult", {"body": "Pegawai itu goblok sekali.\n"}),
    ("insult caps and digits", "FBS-5.insult", {"body": "Sungguh G0BL0KNYA.\n"}),
    ("insult phrase", "FBS-5.insult", {"body": "Ia berteriak dasar monyet.\n"}),
    ("sara slur in title", "FBS-5.sara", {"fields": {"Title": "Dasar Kafir di Kantor Kami"}}),
    ("script tag", "FBS-2.unsafe-html", {"body": "Halo <script>alert(1)</script>\n"}),
    ("iframe tag", "FBS-2.unsafe-html", {"body": '<iframe src="https://maps.test"></iframe>\n'}),
    ("event handler", "FBS-2.unsafe-html", {"body": '<img src="images/alor.jpg" onerror="x()">\n'}),
    ("javascript url", "FBS-2.unsafe-html", {"body": "[klik](javascript:alert(1))\n"}),
    # FBS-3 / FBS-4
    ("no summary", "FBS-3.summary", {"drop": ["Summary"]}),
    ("short summary", "FBS-3.summary", {"fields": {"Summary": "Sosialisasi."}}),
    ("title too long", "FBS-3.title-length", {"fields": {"Title": LONG_TITLE}}),
    ("title too short", "FBS-3.title-length", {"fields": {"Title": "Alor"}}),
    ("only front matter", "FBS-3.empty-body", {"body": ""}),
    ("unknown category", "FBS-4.category", {"fields": {"Category": "Opini"}}),
    ("missing category", "FBS-4.category", {"drop": ["Category"]}),
    ("unknown tag", "FBS-4.tag", {"fields": {"Tags": "PPPPK"}}),
    ("no tags", "FBS-4.tag", {"drop": ["Tags"]}),
    # FBS-7 writing and media
    ("bad date", "FBS-7.frontmatter", {"fields": {"Date": "kemarin sore"}}),
    ("double space", "FBS-7.double-space", {"body": "Kegiatan ini  dihadiri pegawai.\n"}),
    ("space before comma", "FBS-7.space-before-punct", {"body": "Pegawai , guru hadir.\n"}),
    ("caps title", "FBS-7.caps-title", {"fields": {"Title": "SOSIALISASI DISIPLIN PNS ALOR"}}),
    ("alt is a file name", "FBS-7.alt-text", {"fields": {"ImageAlt": "IMG_2031.jpg"}}),
    ("alt is generic", "FBS-7.alt-text", {"fields": {"ImageAlt": "gambar"}}),
    ("alt missing", "FBS-7.alt-text", {"drop": ["ImageAlt"]}),
    ("alt too long", "FBS-7.alt-text", {"fields": {"ImageAlt": "Peserta duduk di aula " * 7}}),
    ("inline image without alt", "FBS-7.alt-text", {"body": "![](images/alor.jpg)\nFoto: Humas\n"}),
    ("missing photo", "FBS-7.image-missing", {"fields": {"Image": "images/tidak-ada.jpg"}}),
    ("tiny photo", "FBS-7.image-size", {"photo": ("images/alor.jpg", {"size": (400, 300)})}),
    (
        "narrow for instagram",
        "FBS-7.platform-media",
        {"photo": ("images/alor.jpg", {"size": (800, 600)})},
    ),
    (
        "short side 1000 px for instagram",
        "FBS-7.platform-media",
        {"photo": ("images/alor.jpg", {"size": (1500, 1000)})},
    ),
    (
        "panorama cropped for instagram",
        "FBS-7.platform-media",
        {"photo": ("images/alor.jpg", {"size": (2400, 500)})},
    ),
    (
        "transparent png for instagram",
        "FBS-7.platform-media",
        {
            "fields": {"Image": "images/logo.png"},
            "photo": ("images/logo.png", {"size": (1200, 1200), "mode": "RGBA"}),
        },
    ),
    (
        "no photo for instagram",
        "FBS-7.platform-media",
        {"drop": ["Image", "ImageAlt", "ImageCredit"]},
    ),
    (
        "not a video",
        "FBS-7.platform-media",
        {"fields": {"VideoFile": "video/a.pdf", "VideoCredit": "Tim Media"}},
    ),
    # FBS-8 privacy
    ("NIK", "FBS-8.nik", {"body": "Peserta dengan NIK 5371014507900003 hadir.\n"}),
    ("NIP with spaces", "FBS-8.nip", {"body": "Kepala, NIP 19850312 201001 1 004, hadir.\n"}),
    ("NIP contiguous", "FBS-8.nip", {"body": "NIP: 198503122010011004\n"}),
    ("mobile number", "FBS-8.phone", {"body": "Hubungi WA 0812-3456-7890 untuk info.\n"}),
    ("mobile +62", "FBS-8.phone", {"body": "Telepon +62 812 3456 7890.\n"}),
    ("gmail address", "FBS-8.email", {"body": "Kirim ke andi.pratama@gmail.com segera.\n"}),
    ("yahoo.co.id address", "FBS-8.email", {"body": "Surel: siti_ntt@yahoo.co.id\n"}),
    ("photo with gps", "FBS-8.exif-gps", {"photo": ("images/alor.jpg", {"gps": True})}),
    ("photo with serial", "FBS-8.exif-serial", {"photo": ("images/alor.jpg", {"serial": True})}),
]

NEAR_MISSES = [
    (
        "credited gallery",
        "FBS-1.credit",
        {"fields": {"Gallery": "images/alor.jpg | Peserta di aula | Foto: Humas"}},
    ),
    (
        "credited inline photo",
        "FBS-1.credit",
        {"body": "![Peserta di aula Kalabahi](images/alor.jpg)\n*Foto: Humas BKD NTT*\n"},
    ),
    (
        "own-site image",
        "FBS-1.hotlink",
        {"fields": {"Image": "https://bkd.nttprov.go.id/images/a.jpg"}},
    ),
    (
        "credited youtube video",
        "FBS-1.credit",
        {"fields": {"Video": "dQw4w9WgXcQ", "VideoCredit": "Video: Tim Media BKD NTT"}},
    ),
    ("https link", "FBS-1.http", {"body": "Baca [aturan](https://peraturan.test/pp-94).\n"}),
    ("http inside code", "FBS-1.http", {"body": "Tulis `http://contoh` sebagai contoh.\n"}),
    (
        "innocent words with bad substrings",
        "FBS-2.profanity",
        {"body": "Di pantai ada kasus petai, santai dan rantai; asuransi masuk.\n"},
    ),
    ("bangsa is not bangsat", "FBS-2.profanity", {"body": "Demi bangsa dan negara.\n"}),
    ("begonia is not bego", "FBS-5.insult", {"body": "Taman begonia di kantor.\n"}),
    ("kafilah is not kafir", "FBS-5.sara", {"body": "Kafilah dan kafe di kota.\n"}),
    (
        "ordinary animal words",
        "FBS-5.insult",
        {"body": "Vaksinasi anjing dan ternak babi di Flores.\n"},
    ),
    ("iframe inside code fence", "FBS-2.unsafe-html", {"body": FENCED_IFRAME}),
    (
        "iframe in inline code",
        "FBS-2.unsafe-html",
        {"body": "Jangan menulis `<iframe>` di artikel.\n"},
    ),
    (
        "harmless html",
        "FBS-2.unsafe-html",
        {"body": '<span lang="en">online</span> Catatan\n'},
    ),
    ("good summary", "FBS-3.summary", {}),
    (
        "title at 60 chars",
        "FBS-3.title-length",
        {"fields": {"Title": "Jadwal Seleksi PPPK Guru dan Tenaga Kesehatan Tahun 2026 NTT"}},
    ),
    ("one sentence body", "FBS-3.empty-body", {"body": "Isi singkat.\n"}),
    ("category in lower case", "FBS-4.category", {"fields": {"Category": "kegiatan"}}),
    ("tag alias", "FBS-4.tag", {"fields": {"Tags": "p3k, #PNS"}}),
    ("valid date", "FBS-7.frontmatter", {"fields": {"Date": "2026-11-20"}}),
    ("markdown line break", "FBS-7.double-space", {"body": "Baris pertama.  \nBaris kedua.\n"}),
    ("indented list", "FBS-7.double-space", {"body": "-   butir pertama\n"}),
    (
        "ellipsis and comma",
        "FBS-7.space-before-punct",
        {"body": "Pegawai, guru ... dan staf hadir.\n"},
    ),
    (
        "acronyms in title",
        "FBS-7.caps-title",
        {"fields": {"Title": "Seleksi PPPK dan CPNS di NTT"}},
    ),
    ("short caps title", "FBS-7.caps-title", {"fields": {"Title": "BKD NTT"}}),
    (
        "meaningful alt",
        "FBS-7.alt-text",
        {"fields": {"ImageAlt": "Kepala BKD menyerahkan SK kepada guru"}},
    ),
    ("existing photo", "FBS-7.image-missing", {}),
    (
        "{static} photo path",
        "FBS-7.image-missing",
        {"fields": {"Image": "{static}/images/alor.jpg"}},
    ),
    ("photo 800 px", "FBS-7.image-size", {"photo": ("images/alor.jpg", {"size": (800, 600)})}),
    ("short side 1080 px", "FBS-7.platform-media", {}),
    (
        "short side 1067 px, within tolerance",
        "FBS-7.platform-media",
        {"photo": ("images/alor.jpg", {"size": (1600, 1067)})},
    ),
    (
        "portrait 1080 px wide",
        "FBS-7.platform-media",
        {"photo": ("images/alor.jpg", {"size": (1080, 1350)})},
    ),
    (
        "gallery of ten",
        "FBS-7.platform-media",
        {
            "fields": {
                "Gallery": "\n    ".join(
                    ["images/alor.jpg | Peserta di aula kantor | Foto: Humas"] * 10
                )
            }
        },
    ),
    (
        "narrow but not for instagram",
        "FBS-7.platform-media",
        {
            "fields": {"Syndicate": "facebook, x"},
            "photo": ("images/alor.jpg", {"size": (800, 600)}),
        },
    ),
    (
        "16 digits without NIK structure",
        "FBS-8.nik",
        {"body": "Nomor rekening 1234567890123456.\n"},
    ),
    ("NIK-like with province 00", "FBS-8.nik", {"body": "Kode 0071014507900003.\n"}),
    ("18 digits, bad sex digit", "FBS-8.nip", {"body": "Nomor 19850312 201001 3 004.\n"}),
    ("18 digits, bad dates", "FBS-8.nip", {"body": "Nomor 123456789012345678.\n"}),
    (
        "office landline",
        "FBS-8.phone",
        {"body": "Telepon kantor (0380) 833066, pukul 08.00 WITA.\n"},
    ),
    ("date and time", "FBS-8.phone", {"body": "Dimulai 08.12.2026 pukul 08.30.\n"}),
    (
        "official e-mail",
        "FBS-8.email",
        {"body": "Kirim ke bkd@nttprov.go.id atau humas@kupangkota.go.id.\n"},
    ),
    ("clean photo", "FBS-8.exif-gps", {}),
    ("clean photo serial", "FBS-8.exif-serial", {}),
]


def build(site, spec, make_photo):
    if "photo" in spec:
        rel, kwargs = spec["photo"]
        target = site.content / rel
        if target.exists():
            target.unlink()
        make_photo(target, **kwargs)
    if "raw_file" in spec:
        rel, data = spec["raw_file"]
        (site.content / rel).write_bytes(data)
    path = site.article(fields=spec.get("fields"), body=spec.get("body"), drop=spec.get("drop", ()))
    return site.check(path)


def rules_found(result):
    return {f.rule for f in result.active}


@pytest.mark.parametrize("name,rule,spec", FIRES, ids=[c[0] for c in FIRES])
def test_rule_fires(site, photo, name, rule, spec):
    result = build(site, spec, photo)
    assert rule in rules_found(result), [(f.rule, f.message) for f in result.findings]


@pytest.mark.parametrize("name,rule,spec", NEAR_MISSES, ids=[c[0] for c in NEAR_MISSES])
def test_near_miss_does_not_fire(site, photo, name, rule, spec):
    result = build(site, spec, photo)
    assert rule not in rules_found(result), [(f.rule, f.message) for f in result.active]


def test_base_article_is_clean(site):
    result = site.check(site.article())
    assert result.active == []
    assert result.exit_code == 0


def test_every_catalogued_rule_has_a_firing_case_and_a_near_miss():
    """Repository-level rules are covered in test_guardrails.py, bad input in test_bad_input.py."""
    elsewhere = {"FBS-9.token", "FBS-9.codeowners", "FBS-9.publish-branch", "FBS-9.environment"}
    elsewhere |= {"FBS-7.symlink"}  # test_evasions.py
    elsewhere |= {"FBS-7.encoding", "FBS-7.binary", "FBS-7.empty", "FBS-3.too-large"}
    elsewhere |= {"FBS-7.spelling"}  # needs Hunspell: test_spelling.py
    elsewhere |= {"FBS-7.override-length"}  # test_override_length.py
    elsewhere |= {"FBS-8.pdf-metadata"}  # test_attachments.py (fires, and a clean PDF does not)
    elsewhere |= {"FBS-7.change-history"}  # needs a base revision: test_change_notes.py
    fired = {c[1] for c in FIRES}
    missed = {c[1] for c in NEAR_MISSES}
    for rule in RULES:
        if rule in elsewhere:
            continue
        assert rule in fired, f"no firing case for {rule}"
        assert rule in missed, f"no near miss for {rule}"


def test_findings_name_the_line(site):
    path = site.article(body="Paragraf satu.\n\nHubungi 081234567890 ya.\n")
    result = site.check(path)
    (phone,) = [f for f in result.active if f.rule == "FBS-8.phone"]
    assert path.read_text().splitlines()[phone.line - 1].startswith("Hubungi")
    assert "081234567890" not in phone.message  # masked: CI logs are public


def test_photo_referenced_twice_reports_metadata_once(site, photo):
    shutil.rmtree(site.content / "images")
    photo(site.content / "images" / "alor.jpg", gps=True)
    site.article("a.md")
    site.article("b.md")
    result = site.check()
    assert len([f for f in result.active if f.rule == "FBS-8.exif-gps"]) == 1
