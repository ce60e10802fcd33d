"""What an author reads when a photo or video needs attention (Bahasa Indonesia).

Each entry: code -> (severity, message template, hint template). Templates are
formatted with `value` (the path as the author wrote it) and the details the
worker reported.
"""

from __future__ import annotations

MESSAGES = {
    "missing": (
        "error",
        "Foto '{value}' tidak ditemukan.",
        "Pastikan berkasnya ada di folder content/images/ dan namanya ditulis persis sama "
        "(huruf besar/kecil dibedakan), misalnya 'Image: images/nama-foto.jpg'.{suggestion}",
    ),
    "unreadable": (
        "error",
        "Berkas '{value}' bukan gambar yang dapat dibaca.",
        "Gunakan foto JPEG atau PNG. Bila berkas ini memang foto, buka lalu simpan/ekspor ulang "
        "sebagai JPEG.",
    ),
    "corrupt": (
        "error",
        "Foto '{value}' rusak atau terpotong dan tidak dapat diproses ({detail}).",
        "Salin ulang foto dari kamera/ponsel (unggahan mungkin terputus), atau buka dan simpan "
        "ulang sebagai JPEG.",
    ),
    "heic": (
        "error",
        "Foto '{value}' berformat HEIC/HEIF (format bawaan iPhone) yang tidak diterima situs.",
        "Ubah ke JPEG: di iPhone pilih Pengaturan > Kamera > Format > 'Paling Kompatibel' untuk "
        "foto berikutnya; untuk foto ini, bagikan/ekspor sebagai JPEG (atau buka di komputer lalu "
        "simpan sebagai JPEG), lalu ganti nama berkas di artikel.",
    ),
    "too-large": (
        "error",
        "Foto '{value}' terlalu besar untuk diproses dengan aman ({detail}).",
        "Perkecil foto sampai sisi terpanjang sekitar 4000 piksel sebelum diunggah.",
    ),
    "huge": (
        "warning",
        "Foto '{value}' sangat besar ({width}×{height} piksel, {megapixels} MP). Foto tetap "
        "diproses, tetapi memperlambat pembangunan situs dan memperberat repositori.",
        "Perkecil foto sampai sisi terpanjang sekitar 4000 piksel (±12 MP) sebelum diunggah.",
    ),
    "cmyk": (
        "warning",
        "Foto '{value}' memakai warna CMYK (untuk cetak). Foto sudah diubah otomatis ke RGB, "
        "tetapi warnanya bisa sedikit bergeser.",
        "Ekspor ulang foto dalam mode warna RGB (sRGB) dari aplikasi pengolah foto.",
    ),
    "alpha": (
        "warning",
        "Foto '{value}' memiliki bagian transparan; bagian itu diberi latar putih.",
        "Bila latar putih tidak cocok, simpan gambar sebagai JPEG dengan latar yang Anda pilih.",
    ),
    "small": (
        "warning",
        "Foto '{value}' hanya {width} piksel lebarnya (minimal {min}). Foto akan tampak buram di "
        "layar lebar dan di media sosial.",
        "Gunakan foto asli dari kamera/ponsel dengan lebar minimal 1200 piksel.",
    ),
    "external": (
        "warning",
        "Gambar '{value}' dimuat dari situs lain: pembaca akan menghubungi server pihak ketiga "
        "dan gambar tidak dapat diperkecil.",
        "Simpan gambar (bila boleh dipakai) di content/images/ lalu tautkan dari sana.",
    ),
    "not-photo": (
        "warning",
        "Berkas '{value}' bukan foto (JPEG/PNG/WebP), jadi tidak dapat dipakai sebagai foto "
        "utama atau foto galeri.",
        "Gunakan foto JPEG atau PNG.",
    ),
    "bad-focus": (
        "warning",
        "ImageFocus '{value}' tidak dapat dibaca; foto dipotong di bagian tengah.",
        "Tulis dua angka 0 sampai 1, posisi mendatar lalu tegak, misalnya 'ImageFocus: 0.5, 0.3' "
        "(0.5 = tengah, 0 = kiri/atas, 1 = kanan/bawah).",
    ),
    "gallery-empty": (
        "error",
        "Baris galeri '{value}' tidak menyebut berkas foto.",
        "Tulis satu foto per baris: 'images/nama-foto.jpg | keterangan foto | Foto: pemilik'. "
        "Baris lanjutan diawali empat spasi.",
    ),
    "gallery-alt": (
        "warning",
        "Foto galeri '{value}' tidak memiliki keterangan (teks alternatif).",
        "Tambahkan keterangan setelah tanda '|': 'images/nama-foto.jpg | Peserta mengikuti "
        "sosialisasi | Foto: Humas BKD NTT'.",
    ),
    "confined-outside": (
        "error",
        "Berkas '{value}' berada di luar folder content/; situs hanya memakai berkas di dalam "
        "content/.",
        "Salin foto ke content/images/ lalu tulis 'images/nama-foto.jpg'.",
    ),
    "confined-symlink": (
        "error",
        "Berkas '{value}' adalah tautan simbolis (symlink) atau berada di folder symlink; situs "
        "tidak mengikuti symlink.",
        "Hapus symlink dan salin berkas aslinya ke content/images/.",
    ),
    "confined-hardlink": (
        "error",
        "Berkas '{value}' adalah hard link (berbagi isi dengan berkas lain di komputer).",
        "Hapus berkas ini lalu salin ulang berkas aslinya ke content/images/.",
    ),
    "confined-not-file": (
        "error",
        "'{value}' bukan berkas biasa (folder, perangkat atau pipa).",
        "Tulis jalur sebuah berkas foto, misalnya 'images/nama-foto.jpg'.",
    ),
    "video-outside": (
        "error",
        "Berkas video '{value}' berada di luar content/ dan di luar folder video "
        "(MEDIA_VIDEO_PATHS), atau berupa symlink; berkas ini tidak akan diunggah.",
        "Simpan video di content/videos/ (lewat Git LFS) atau di folder video bersama, lalu "
        "tulis jalurnya di 'VideoFile:', misalnya 'VideoFile: videos/nama-video.mp4'.",
    ),
    "video-lfs": (
        "error",
        "Berkas video '{value}' baru berupa penunjuk Git LFS; isi videonya belum diunduh.",
        "Jalankan 'git lfs install' lalu 'git lfs pull' di repositori (di GitHub Actions: "
        "'actions/checkout' dengan 'lfs: true'), lalu bangun ulang.",
    ),
    "video-not-video": (
        "error",
        "Berkas '{value}' bukan video MP4, MOV, WebM atau MKV (isinya tidak dikenali sebagai "
        "video).",
        "Gunakan berkas video asli dari kamera/ponsel, atau ekspor ulang sebagai MP4 (H.264).",
    ),
    "bad-video": (
        "error",
        "Video '{value}' bukan alamat atau id video YouTube yang dikenal.",
        "Tulis alamat video YouTube, misalnya "
        "'Video: https://www.youtube.com/watch?v=abcdEFGhijk', atau id 11 karakternya saja.",
    ),
    "video-missing": (
        "warning",
        "Berkas video '{value}' tidak ditemukan di repositori maupun di folder video "
        "(MEDIA_VIDEO_PATHS).",
        "Video besar tidak disimpan langsung di git: simpan lewat Git LFS atau di folder video "
        "bersama (lihat README, bagian foto dan video), lalu tulis jalurnya di 'VideoFile:'.",
    ),
    "video-format": (
        "warning",
        "Berkas video '{value}' bukan format video yang dikenal YouTube.",
        "Gunakan MP4 (H.264) atau MOV dari kamera/ponsel.",
    ),
}


def render(code: str, value: str, detail: dict | str | None) -> tuple[str, str, str]:
    severity, text, hint = MESSAGES[code]
    fields = {"value": value, "detail": "", "suggestion": ""}
    if isinstance(detail, dict):
        fields.update({k: v for k, v in detail.items()})
        if "width" in detail and "height" in detail:
            fields["megapixels"] = f"{detail['width'] * detail['height'] / 1e6:.0f}"
    elif detail:
        fields["detail"] = detail
    if not fields["detail"]:
        text = text.replace(" ({detail})", "")
    return severity, text.format(**fields), hint.format(**fields)
