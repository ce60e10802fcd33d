"""A deterministic synthetic corpus of Indonesian articles for benchmarks.

    python bench/corpus.py 2000 /tmp/corpus --seed 1
    python bench/corpus.py 2000 /tmp/drafts --seed 1 --drafts

writes DEST/articles/*.md, a few photos in DEST/images/ and a copy of
content/taxonomy.toml, so DEST is a content folder that Pelican can build
(`pelican DEST -s pelicanconf.py`) and `fbs check DEST` passes without errors.
The same (n, seed) always gives byte-identical files.

With --drafts the articles also carry the slips real drafts have, about two
FBS findings per article (a misspelt word, a double space, a space before a
full stop, a mobile number, an http link), none of which stops a build.

Articles look like the real ones: a category from the taxonomy, known tags,
a summary, an optional photo with alt text and credit, 4-9 paragraphs of
Indonesian prose, sometimes a heading, a list and https links.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TAXONOMY = REPO / "content" / "taxonomy.toml"

REGIONS = [
    "Kota Kupang", "Kabupaten Kupang", "Timor Tengah Selatan", "Timor Tengah Utara", "Belu",
    "Malaka", "Alor", "Lembata", "Flores Timur", "Sikka", "Ende", "Nagekeo", "Ngada",
    "Manggarai", "Manggarai Timur", "Manggarai Barat", "Sumba Timur", "Sumba Tengah",
    "Sumba Barat", "Sumba Barat Daya", "Rote Ndao", "Sabu Raijua",
]  # fmt: skip
TOWNS = ["Kalabahi", "Atambua", "Maumere", "Ende", "Ruteng", "Waingapu", "Larantuka", "Bajawa"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat"]
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip
TOPICS = {
    "Berita": ["kenaikan pangkat", "pemutakhiran data", "evaluasi kinerja", "netralitas ASN"],
    "Pengumuman": ["seleksi PPPK", "jadwal kenaikan pangkat", "pengumuman formasi", "cuti"],
    "Kegiatan": ["sosialisasi disiplin", "bimbingan teknis", "pelatihan", "rapat koordinasi"],
    "Regulasi": ["peraturan disiplin", "manajemen talenta", "jabatan fungsional", "tunjangan"],
    "Layanan": ["layanan pensiun", "layanan mutasi", "layanan cuti", "konsultasi kepegawaian"],
}
TAGS = {
    "Berita": ["ASN", "PNS", "SIASN", "evaluasi kinerja", "netralitas", "SKP"],
    "Pengumuman": ["PPPK", "CPNS", "seleksi", "formasi", "jadwal", "kenaikan pangkat"],
    "Kegiatan": ["sosialisasi", "pelatihan", "pengembangan kompetensi", "guru", "kabupaten"],
    "Regulasi": ["peraturan", "disiplin", "manajemen talenta", "jabatan fungsional", "gaji"],
    "Layanan": ["layanan", "pensiun", "mutasi", "cuti", "Taspen", "BPJS"],
}
TITLES = [
    "{Topic} bagi Pegawai di {region}",
    "BKD NTT Gelar {Topic} di {region}",
    "Jadwal {Topic} Tahun {year}",
    "Hal Penting tentang {Topic} bagi ASN",
    "{Topic}: Syarat dan Alur Terbaru",
    "Pegawai {region} Ikuti {Topic}",
]
SUMMARIES = [
    "BKD Provinsi NTT menyampaikan informasi {topic} bagi pegawai di {region} pada {month} {year}.",
    "Pegawai di {region} diminta memperhatikan ketentuan {topic} yang berlaku mulai "
    "{month} {year}.",
    "Ringkasan {topic} untuk ASN lingkup Pemerintah Provinsi NTT, termasuk jadwal dan syarat.",
]
SENTENCES = [
    "Badan Kepegawaian Daerah Provinsi NTT melaksanakan kegiatan {topic} di {region} "
    "pada hari {day}.",
    "Kegiatan ini diikuti oleh {n} pegawai dari sekolah dan perangkat daerah di {region}.",
    "Kepala Bidang Pengembangan Pegawai menjelaskan bahwa {topic} merupakan bagian dari "
    "pelayanan kepegawaian.",
    "Para peserta diminta menyiapkan berkas yang lengkap sebelum batas waktu yang ditetapkan.",
    "Informasi lengkap dapat dibaca pada pengumuman resmi yang diterbitkan oleh BKD Provinsi NTT.",
    "Pegawai yang bertugas di pulau terluar tetap dapat mengikuti proses ini melalui "
    "layanan daring.",
    "Pelayanan dilakukan secara tertib, cepat dan tanpa biaya tambahan.",
    "Setiap pegawai wajib memeriksa kembali data pribadi pada aplikasi MyASN.",
    "Kegiatan berlangsung di aula kantor dan dibuka oleh Sekretaris BKD Provinsi NTT.",
    "Narasumber memberikan penjelasan tentang hak dan kewajiban pegawai negeri sipil.",
    "Peserta dari {town} menyampaikan bahwa kegiatan ini sangat membantu pekerjaan sehari-hari.",
    "Jadwal pelaksanaan dapat berubah sesuai dengan kebijakan pemerintah pusat.",
    "Pegawai diharapkan menjaga netralitas dan disiplin dalam melaksanakan tugas.",
    "BKD Provinsi NTT terus berupaya meningkatkan mutu pelayanan bagi seluruh pegawai.",
    "Usulan yang belum lengkap akan dikembalikan kepada perangkat daerah pengusul.",
    "Sebanyak {n} berkas telah diverifikasi oleh tim pada bulan {month}.",
    "Guru dan tenaga kependidikan di {region} menjadi sasaran utama kegiatan ini.",
    "Pertanyaan dapat disampaikan melalui layanan konsultasi pada hari kerja.",
    "Kepala BKD Provinsi NTT berharap kegiatan serupa dapat dilaksanakan di kabupaten lain.",
    "Pemerintah Provinsi NTT memberikan perhatian khusus kepada pegawai di daerah terpencil.",
]
LINKS = [
    ("laman resmi Badan Kepegawaian Negara", "https://www.bkn.go.id/"),
    ("portal Pemerintah Provinsi NTT", "https://nttprov.go.id/"),
    ("laman MyASN", "https://myasn.bkn.go.id/"),
    ("laman peraturan", "https://peraturan.go.id/"),
]
HEADINGS = ["Jadwal dan tempat", "Persyaratan berkas", "Alur pelayanan", "Tindak lanjut"]
LIST_ITEMS = [
    "salinan surat keputusan terakhir",
    "daftar hadir yang telah ditandatangani",
    "surat pengantar dari perangkat daerah",
    "bukti pemutakhiran data pada aplikasi",
    "pas foto terbaru dengan latar merah",
]
ALTS = [
    "Peserta mengikuti sosialisasi di aula kantor BKD Provinsi NTT",
    "Narasumber menjelaskan materi kepada pegawai di ruang rapat",
    "Petugas melayani pegawai di meja layanan kepegawaian",
    "Guru mengisi formulir pemutakhiran data di sekolah",
]
PHOTO_COUNT = 6


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:60].rstrip("-")


def _photos(dest: Path) -> list[str]:
    """A small pool of real JPEGs, 1620x1080 (enough for the Instagram crop),
    drawn without randomness."""
    from PIL import Image, ImageDraw

    names = []
    (dest / "images").mkdir(parents=True, exist_ok=True)
    for i in range(PHOTO_COUNT):
        name = f"images/korpus-{i + 1}.jpg"
        path = dest / name
        if not path.exists():
            img = Image.new("RGB", (1620, 1080), (40 + 30 * i, 90, 160 - 15 * i))
            draw = ImageDraw.Draw(img)
            for k in range(0, 1620, 90):
                draw.rectangle([k, 680 + (k * (i + 1)) % 270, k + 70, 1080], fill=(230, 200, 120))
            img.save(path, "JPEG", quality=70)
        names.append(name)
    return names


def _paragraph(rng: random.Random, slots: dict) -> str:
    picks = rng.sample(SENTENCES, rng.randint(3, 5))
    return " ".join(s.format(n=rng.randint(25, 400), **slots) for s in picks)


def render_article(rng: random.Random, index: int, photos: list[str]) -> tuple[str, str]:
    category = rng.choice(sorted(TOPICS))
    topic = rng.choice(TOPICS[category])
    region = rng.choice(REGIONS)
    base = datetime(2024, 1, 1, 8, 0) + timedelta(hours=index * 7 + rng.randint(0, 6))
    slots = {
        "topic": topic,
        "Topic": " ".join(w if w.isupper() else w.capitalize() for w in topic.split()),
        "region": region,
        "town": rng.choice(TOWNS),
        "day": DAYS[base.weekday() % 5],
        "month": MONTHS[base.month - 1],
        "year": base.year,
    }
    title = rng.choice(TITLES).format(**slots)
    summary = rng.choice(SUMMARIES).format(**slots)
    tags = rng.sample(TAGS[category], rng.randint(2, 4))
    fields = [
        f"Title: {title}",
        f"Date: {base:%Y-%m-%d %H:%M}",
        f"Category: {category}",
        f"Tags: {', '.join(tags)}",
        f"Summary: {summary}",
        "Author: Tim Humas BKD Provinsi NTT",
    ]
    if rng.random() < 0.6:
        fields += [
            f"Image: {rng.choice(photos)}",
            f"ImageAlt: {rng.choice(ALTS)}",
            "ImageCredit: Foto: Humas BKD NTT",
        ]
    else:
        fields.append("Syndicate: facebook, x")  # Instagram needs a photo
    body = []
    for p in range(rng.randint(4, 9)):
        if p == 2 and rng.random() < 0.5:
            body.append(f"## {rng.choice(HEADINGS)}")
        if p == 3 and rng.random() < 0.4:
            body.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 3)))
        text = _paragraph(rng, slots)
        if rng.random() < 0.25:
            label, url = rng.choice(LINKS)
            text += f" Informasi lanjutan tersedia di [{label}]({url})."
        body.append(text)
    slug = f"{base:%Y%m%d}-{_slug(title)}-{index:05d}"
    return slug, "\n".join(fields) + "\n\n" + "\n\n".join(body) + "\n"


MISSPELT = {
    "pegawai": "pegawaii",
    "kegiatan": "kegiatn",
    "pelayanan": "pelayanaan",
    "peserta": "pesreta",
    "informasi": "imformasi",
}


def add_draft_slips(text: str, rng: random.Random) -> str:
    """The body's usual slips (front matter untouched), each with its own odds."""
    front, _, body = text.partition("\n\n")
    if rng.random() < 0.8:
        word = rng.choice(sorted(w for w in MISSPELT if w in body) or ["pegawai"])
        body = body.replace(word, MISSPELT[word], 1)
    if rng.random() < 0.6:
        body = body.replace(" dan ", " dan  ", 1)
    if rng.random() < 0.4:
        body = body.replace(" kerja.", " kerja .", 1).replace(" NTT.", " NTT .", 1)
    if rng.random() < 0.3:
        number = f"0812-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        body += f"\nInformasi lebih lanjut hubungi {number}.\n"
    if rng.random() < 0.2:
        body += "\nLihat juga [laman lama](http://bkd.nttprov.go.id/arsip/).\n"
    return front + "\n\n" + body


def generate(n: int, dest: str | Path, seed: int = 1, *, drafts: bool = False) -> list[Path]:
    """Write n articles into dest/articles/ and return their paths."""
    dest = Path(dest)
    (dest / "articles").mkdir(parents=True, exist_ok=True)
    shutil.copy(TAXONOMY, dest / "taxonomy.toml")
    photos = _photos(dest)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        slug, text = render_article(rng, i, photos)
        if drafts:  # its own random stream: the clean corpus stays byte-identical
            text = add_draft_slips(text, random.Random(f"{seed}-{i}"))
        path = dest / "articles" / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drafts", action="store_true", help="with the slips of real drafts")
    args = parser.parse_args(argv)
    paths = generate(args.n, args.dest, args.seed, drafts=args.drafts)
    print(f"{len(paths)} artikel ditulis ke {args.dest / 'articles'}")


if __name__ == "__main__":
    main()
