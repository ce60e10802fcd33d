"""FBS-1: trustworthy sources. Every photo and video names its owner, images
are not hotlinked from other sites, and links use https."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..findings import ERROR, WARNING
from .common import inline_images, links

CREDIT_WORDS = ("foto", "sumber", "dok", "kredit", "credit", "gambar:", "ilustrasi")


def is_remote(src: str) -> bool:
    return src.startswith(("http://", "https://", "//"))


def host_of(url: str) -> str:
    return (urlsplit(url if "://" in url else "https:" + url).hostname or "").lower()


def is_own(host: str, own_hosts) -> bool:
    return any(host == h or host.endswith("." + h) for h in own_hosts)


def check(doc, ctx) -> None:
    fm = doc.front.fields
    if fm.get("image") and not fm.get("imagecredit"):
        doc.finding(
            doc.line_of("image"),
            "FBS-1.credit",
            ERROR,
            "Foto utama belum mencantumkan pemilik atau sumbernya.",
            "Tambahkan baris 'ImageCredit: Foto: Humas BKD NTT' (atau nama fotografer/"
            "instansi pemilik foto) di bawah baris 'Image:'.",
        )
    for item in ctx.gallery(doc):
        if not item.credit:
            doc.finding(
                item.line or doc.line_of("gallery"),
                "FBS-1.credit",
                ERROR,
                f"Foto galeri '{item.path}' belum mencantumkan pemilik atau sumbernya.",
                "Tulis setiap foto galeri sebagai 'berkas | teks alternatif | kredit', "
                "misalnya 'images/kegiatan-1.jpg | Peserta mengikuti sosialisasi | Foto: "
                "Humas BKD NTT'.",
            )
    if fm.get("video") and not fm.get("videofile") and not fm.get("videocredit"):
        doc.finding(
            doc.line_of("video"),
            "FBS-1.credit",
            WARNING,
            "Video YouTube yang disematkan belum menyebut pemiliknya.",
            "Tambahkan 'VideoCredit: Video: Tim Media BKD NTT' (atau kanal pemilik video). "
            "Video milik pihak lain hanya disematkan bila pemiliknya mengizinkan.",
        )
    if fm.get("videofile") and not fm.get("videocredit"):
        doc.finding(
            doc.line_of("videofile"),
            "FBS-1.credit",
            ERROR,
            "Video belum mencantumkan pembuat atau sumbernya.",
            "Tambahkan baris 'VideoCredit: Video: Tim Media BKD NTT' (atau pemilik video).",
        )

    prose = doc.prose_lines
    line_text = dict(prose)
    for ref in inline_images(prose):
        if not is_remote(ref.src):
            nearby = " ".join(line_text.get(n, "") for n in range(ref.line, ref.line + 3))
            if not any(w in nearby.lower() for w in CREDIT_WORDS):
                doc.finding(
                    ref.line,
                    "FBS-1.credit",
                    WARNING,
                    f"Foto '{ref.src}' di isi artikel tidak diikuti keterangan sumber.",
                    "Tulis keterangan di bawah foto, misalnya '*Foto: Humas BKD NTT*'.",
                )
    refs = [(doc.line_of("image"), fm.get("image", ""))]
    refs += [(i.line or doc.line_of("gallery"), i.path) for i in ctx.gallery(doc)]
    refs += [(r.line, r.src) for r in inline_images(prose)]
    for line, src in refs:
        if src and is_remote(src) and not is_own(host_of(src), ctx.config.own_hosts):
            doc.finding(
                line,
                "FBS-1.hotlink",
                ERROR,
                f"Gambar diambil langsung dari situs lain ({host_of(src)}).",
                "Minta izin pemiliknya, simpan fotonya di content/images/, rujuk sebagai "
                "'images/nama-berkas.jpg' dan cantumkan sumbernya. Gambar dari situs lain "
                "bisa berubah, hilang, atau melanggar hak cipta.",
            )

    for line, href in links(prose):
        if href.startswith("http://"):
            host = host_of(href)
            if host in ("localhost", "127.0.0.1"):
                continue
            doc.finding(
                line,
                "FBS-1.http",
                WARNING,
                f"Tautan ke {host} memakai http:// yang tidak aman.",
                "Ganti 'http://' dengan 'https://' lalu pastikan tautan masih terbuka. Bila "
                "situs itu belum mendukung https, pertimbangkan sumber resmi lain.",
            )
