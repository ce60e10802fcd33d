"""FBS-7 photos and video (resolution, alt text, what the platforms accept)
and FBS-8 metadata (GPS position and camera serial numbers in EXIF).

Each photo file is opened once per run; Pillow reads only the header."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from plugins.bkd_content.frontmatter import parse_syndicate

from ..findings import ERROR, WARNING
from .common import ImageRef, inline_images
from .sources import is_remote

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".bmp"}
VIDEO_EXTENSIONS = {".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi", ".mpeg", ".mpg", ".3gp"}
# An Instagram carousel holds at most this many photos (the media pipeline posts the first 10).
IG_CAROUSEL_MAX = 10

GENERIC_ALT = re.compile(
    r"^(gambar|foto|image|img|photo|picture|pic|dsc|dscn|screenshot|tangkapan layar|"
    r"ilustrasi|untitled|whatsapp image)([\s_\-]*\d+)?$",
    re.IGNORECASE,
)
FILENAME_ALT = re.compile(
    r"(\.(jpe?g|png|gif|webp|heic|tiff?|bmp)$)|^(img|dsc|dscn|pxl|vid|wa)[_\-]?\d", re.I
)

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
BODY_SERIAL, CAMERA_SERIAL, LENS_SERIAL = 0xA431, 0xC62F, 0xA435


@dataclass
class ImageInfo:
    width: int = 0
    height: int = 0
    format: str = ""
    mode: str = ""
    frames: int = 1
    has_alpha: bool = False
    gps: bool = False
    serial: bool = False
    bytes: int = 0
    error: str = ""


def read_image_info(path: Path) -> ImageInfo:
    from PIL import Image, UnidentifiedImageError

    info = ImageInfo(bytes=path.stat().st_size)
    try:
        with Image.open(path) as img:
            info.width, info.height = img.size
            info.format = img.format or ""
            info.mode = img.mode
            info.frames = getattr(img, "n_frames", 1)
            info.has_alpha = img.mode in ("RGBA", "LA", "PA") or (
                img.mode == "P" and "transparency" in img.info
            )
            exif = img.getexif()
            if exif:
                gps = exif.get_ifd(GPS_IFD)
                info.gps = bool(gps) and any(k in gps for k in (1, 2, 3, 4))
                sub = exif.get_ifd(EXIF_IFD)
                info.serial = any(
                    str(v).strip()
                    for v in (
                        sub.get(BODY_SERIAL),
                        sub.get(LENS_SERIAL),
                        exif.get(CAMERA_SERIAL),
                        sub.get(CAMERA_SERIAL),
                    )
                    if v is not None
                )
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        ValueError,
        SyntaxError,
    ) as exc:
        info.error = str(exc) or exc.__class__.__name__
    return info


def resolve_media(doc, src: str) -> Path:
    """`images/a.jpg`, `/images/a.jpg`, `{static}/images/a.jpg` live under the
    content folder; `{static}a.jpg` (no slash) is next to the article."""
    src = src.split("#", 1)[0].split("?", 1)[0]
    for prefix in ("{static}", "{attach}", "|static|", "|attach|"):
        if src.startswith(prefix):
            rest = src[len(prefix) :]
            if rest.startswith("/"):
                return doc.content_root / rest.lstrip("/")
            return doc.path.parent / rest
    return doc.content_root / src.lstrip("/")


def alt_problem(alt: str, src: str, max_chars: int) -> tuple[str, str, str] | None:
    """(severity, message, hint) for poor alt text, or None."""
    text = alt.strip()
    how = (
        "Jelaskan apa yang tampak dan penting bagi pembaca, misalnya 'Kepala BKD menyerahkan "
        "SK PPPK kepada guru SMA Negeri 1 Kalabahi'."
    )
    if not text:
        return ERROR, "Foto belum punya teks alternatif (alt).", how
    stem = Path(src).stem.casefold()
    if GENERIC_ALT.match(text) or FILENAME_ALT.search(text) or text.casefold() == stem:
        return ERROR, f"Teks alternatif '{text}' tidak menjelaskan isi foto.", how
    if len(text) > max_chars:
        return (
            WARNING,
            f"Teks alternatif terlalu panjang ({len(text)} karakter); pembaca layar "
            f"membacakannya sekaligus.",
            f"Persingkat menjadi paling banyak {max_chars} karakter; rincian tulis di "
            "keterangan foto atau isi artikel.",
        )
    if len(text) < 10:
        return WARNING, f"Teks alternatif '{text}' terlalu singkat.", how
    return None


def image_refs(doc, ctx) -> list[ImageRef]:
    fm = doc.front.fields
    refs = []
    if fm.get("image"):
        refs.append(ImageRef(doc.line_of("image"), fm["image"], fm.get("imagealt"), None, "hero"))
    for item in ctx.gallery(doc):
        refs.append(
            ImageRef(
                item.line or doc.line_of("gallery"), item.path, item.alt, item.credit, "gallery"
            )
        )
    refs.extend(inline_images(doc.prose_lines))
    return refs


def check_photo_file(doc, ctx, line: int, path: Path, shown_src: str) -> ImageInfo | None:
    info = ctx.image_info(path)
    if info.error and path.suffix.lower() in (".heic", ".heif"):
        doc.finding(
            line,
            "FBS-7.platform-media",
            ERROR,
            f"Foto '{shown_src}' berformat HEIC (bawaan iPhone), yang tidak dapat diolah "
            "situs maupun Instagram.",
            "Ubah ke JPEG: di iPhone pilih Pengaturan → Kamera → Format → 'Paling Kompatibel', "
            "atau kirim foto lewat surel/AirDrop yang mengubahnya ke JPEG.",
        )
        return None
    if info.error:
        doc.finding(
            line,
            "FBS-7.platform-media",
            ERROR,
            f"Berkas '{shown_src}' tidak dapat dibaca sebagai foto.",
            "Simpan ulang foto sebagai JPEG (.jpg) atau PNG dari aplikasi galeri/kamera.",
        )
        return None
    cfg = ctx.config
    if info.width < cfg.image_min_width and not cfg.leave_to_build:
        doc.finding(
            line,
            "FBS-7.image-size",
            ERROR,
            f"Foto '{shown_src}' terlalu kecil ({info.width}×{info.height} piksel); "
            "akan tampak buram di layar ponsel.",
            f"Pakai foto asli dari kamera dengan lebar minimal {cfg.image_min_width} piksel "
            "(lebih baik 1200 piksel ke atas), bukan foto yang dikirim ulang lewat WhatsApp.",
        )
    if info.bytes > cfg.image_heavy_bytes:
        doc.finding(
            line,
            "FBS-7.image-size",
            WARNING,
            f"Berkas foto '{shown_src}' sangat besar ({info.bytes / 1_000_000:.0f} MB).",
            "Perkecil ke sekitar 2.000 piksel sisi terpanjang sebelum diunggah; situs "
            "membuat ukuran kecilnya sendiri.",
        )
    return info


def check_instagram(doc, ctx, line: int, info: ImageInfo, src: str) -> None:
    """The media pipeline makes the Instagram photo as a 1080x1080 (landscape) or
    1080x1350 (portrait) JPEG crop, so the photo's short side must reach 1080 px."""
    cfg = ctx.config
    short_side = min(info.width, info.height)
    # A few per cent of upscaling cannot be seen; more than that blurs.
    if short_side < cfg.instagram_min_width * 0.95:
        doc.finding(
            line,
            "FBS-7.platform-media",
            WARNING,
            f"Foto utama '{src}' ({info.width}×{info.height} piksel) terlalu kecil untuk "
            f"Instagram: foto dipotong persegi atau 4:5 selebar {cfg.instagram_min_width} "
            f"piksel, sedangkan sisi pendeknya hanya {short_side} piksel, sehingga akan "
            "tampak buram.",
            f"Pakai foto asli yang sisi pendeknya minimal {cfg.instagram_min_width} piksel, "
            "atau tulis 'Syndicate: facebook, x' agar tidak dibagikan ke Instagram.",
        )
    if info.mode == "CMYK":
        doc.finding(
            line,
            "FBS-7.platform-media",
            WARNING,
            f"Foto utama '{src}' memakai warna CMYK (untuk cetak); di layar dan Instagram "
            "warnanya bisa bergeser.",
            "Ekspor ulang foto dengan profil warna sRGB (RGB).",
        )
    if info.frames > 1:
        doc.finding(
            line,
            "FBS-7.platform-media",
            WARNING,
            f"Foto utama '{src}' bergerak (GIF animasi); Instagram hanya menerima JPEG, "
            "jadi hanya bingkai pertama yang terkirim.",
            "Pakai foto diam (JPEG). Untuk gambar bergerak, buat video pendek.",
        )
    elif info.has_alpha:
        doc.finding(
            line,
            "FBS-7.platform-media",
            WARNING,
            f"Foto utama '{src}' punya latar transparan; Instagram hanya menerima JPEG, "
            "sehingga latarnya menjadi warna polos.",
            "Pakai foto tanpa latar transparan, atau beri latar berwarna sebelum diunggah.",
        )


def check(doc, ctx) -> None:  # noqa: C901 - one branch per photo and video rule, reported together
    if not ctx.config.check_images:
        return
    platforms = parse_syndicate(doc.field("syndicate")) if doc.kind == "article" else []
    draft = doc.field("status").lower() == "draft"
    for ref in image_refs(doc, ctx):
        if ref.alt is not None or ref.kind != "inline":
            problem = alt_problem(ref.alt or "", ref.src, ctx.config.alt_max_chars)
            if problem:
                severity, message, hint = problem
                where = {
                    "hero": "Tulis di baris 'ImageAlt: ...' (di bawah 'Image:'). ",
                    "gallery": "Tulis di bagian kedua baris galeri: "
                    "'berkas | teks alternatif | kredit'. ",
                    "inline": "Tulis di antara kurung siku, misalnya "
                    "'![Guru mengikuti rapat di aula](images/rapat.jpg)'. ",
                }[ref.kind]
                doc.finding(ref.line, "FBS-7.alt-text", severity, message, where + hint)
        elif ref.kind == "inline":
            doc.finding(
                ref.line,
                "FBS-7.alt-text",
                ERROR,
                "Foto belum punya teks alternatif (alt).",
                'Tambahkan atribut alt="..." yang menjelaskan isi foto.',
            )
        if is_remote(ref.src):
            continue  # reported as a hotlink (FBS-1)
        path = resolve_media(doc, ref.src)
        if not path.is_file():
            if ctx.config.leave_to_build:
                continue  # the media plugin reports it, with a suggestion
            doc.finding(
                ref.line,
                "FBS-7.image-missing",
                ERROR,
                f"Berkas foto '{ref.src}' tidak ditemukan.",
                "Simpan fotonya di content/images/ lalu tulis 'images/nama-berkas.jpg'. "
                "Periksa ejaan nama berkas, termasuk huruf besar/kecil dan ekstensi.",
            )
            continue
        info = check_photo_file(doc, ctx, ref.line, path, ref.src)
        if info and ref.kind == "hero" and "instagram" in platforms and not draft:
            check_instagram(doc, ctx, ref.line, info, ref.src)
        if info:
            report_metadata(doc, ctx, ref.line, path, ref.src, info)

    gallery = ctx.gallery(doc)
    if len(gallery) > IG_CAROUSEL_MAX and "instagram" in platforms and not draft:
        doc.finding(
            gallery[IG_CAROUSEL_MAX].line or doc.line_of("gallery"),
            "FBS-7.platform-media",
            WARNING,
            f"Galeri berisi {len(gallery)} foto; Instagram hanya memuat {IG_CAROUSEL_MAX} foto "
            "pertama dalam satu unggahan.",
            f"Pilih {IG_CAROUSEL_MAX} foto terbaik di urutan teratas galeri.",
        )

    if doc.kind == "article" and "instagram" in platforms and not draft and not doc.field("image"):
        doc.finding(
            1,
            "FBS-7.platform-media",
            WARNING,
            "Artikel tanpa foto utama tidak dapat dibagikan ke Instagram.",
            "Tambahkan 'Image:', 'ImageAlt:' dan 'ImageCredit:' bila artikel ini perlu "
            "tampil di Instagram.",
        )

    video = doc.field("videofile")
    if video:
        line = doc.line_of("videofile")
        path = resolve_media(doc, video)
        if Path(video).suffix.lower() not in VIDEO_EXTENSIONS:
            doc.finding(
                line,
                "FBS-7.platform-media",
                ERROR,
                f"'{video}' bukan berkas video yang diterima YouTube.",
                "Ekspor video sebagai MP4 (H.264) dari aplikasi penyunting video.",
            )
        elif not path.is_file() and not ctx.config.leave_to_build:
            doc.finding(
                line,
                "FBS-7.image-missing",
                ERROR,
                f"Berkas video '{video}' tidak ditemukan.",
                "Periksa nama dan letak berkas video di dalam folder content/.",
            )


def report_metadata(doc, ctx, line: int, path: Path, src: str, info: ImageInfo) -> None:
    if not ctx.claim_metadata_report(path):
        return
    add_metadata_findings(doc, line, src, info)


def add_metadata_findings(doc, line: int, src: str, info: ImageInfo) -> None:
    if info.gps:
        doc.finding(
            line,
            "FBS-8.exif-gps",
            WARNING,
            f"Foto '{src}' menyimpan lokasi GPS tempat foto diambil. Situs membuangnya saat "
            "dibangun, tetapi berkas aslinya tetap tersimpan di riwayat git.",
            "Hapus lokasi sebelum foto di-commit (di ponsel: Bagikan → Opsi → matikan "
            "Lokasi; di komputer: exiftool -gps:all= foto.jpg), terutama untuk foto rumah "
            "atau orang.",
        )
    if info.serial:
        doc.finding(
            line,
            "FBS-8.exif-serial",
            WARNING,
            f"Foto '{src}' menyimpan nomor seri kamera, yang dapat menunjuk pemilik kamera.",
            "Hapus data EXIF sebelum foto di-commit (exiftool -all= foto.jpg).",
        )
