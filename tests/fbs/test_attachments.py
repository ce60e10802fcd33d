"""Attachments, DasarHukum and Sumber: documents listed under the article and
copied to the output; every wrong line reported once, in Indonesian, with file
and line; FBS-8 warns about a PDF that carries its author's name."""

from __future__ import annotations

import runpy
import zipfile
from pathlib import Path

import pytest
from lxml import html
from pypdf import PdfWriter

from plugins.bkd_content.attachments import human_size

REPO = Path(__file__).resolve().parents[2]
SITE_PLUGINS = runpy.run_path(str(REPO / "pelicanconf.py"))["PLUGINS"]
JDIH = "https://jdih.nttprov.go.id/peraturan/pergub-10-2026"


def make_pdf(path: Path, author: str | None = None, pages: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    metadata = {"/Creator": "Microsoft Word", "/Producer": "Microsoft Word"}
    if author:
        metadata["/Author"] = author
    writer.add_metadata(metadata)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def make_docx(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return path


def attachment_lines(*lines: str) -> str:
    return "\n    ".join(lines)


def line_of(path: Path, needle: str) -> int:
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in text:
            return number
    raise AssertionError(needle)


BUILD = {
    "SEARCH_PAGEFIND": False,
    "COMPRESS_ENABLED": False,
    "FBS_SPELLING": False,
    "MEDIA_WORKERS": 1,
}


@pytest.mark.parametrize(
    ("size", "text"), [(999, "1 KB"), (245_300, "245 KB"), (1_234_567, "1,2 MB"), (1, "1 KB")]
)
def test_human_size(size, text):
    assert human_size(size) == text


def test_gate_reports_each_wrong_line_with_its_line(site, tmp_path):
    make_pdf(site.content / "dokumen" / "sk.pdf")
    (site.content / "dokumen" / "catatan.txt").write_text("teks", encoding="utf-8")
    (site.content / "dokumen" / "palsu.pdf").write_text("<html>bukan pdf</html>")
    make_pdf(tmp_path / "rahasia.pdf")
    (site.content / "dokumen" / "tautan.pdf").symlink_to(tmp_path / "rahasia.pdf")
    fields = {
        "Attachments": attachment_lines(
            "dokumen/sk.pdf | SK Kenaikan Pangkat",
            "dokumen/hilang.pdf | Tidak ada",
            "dokumen/catatan.txt | Catatan",
            "dokumen/palsu.pdf | Palsu",
            "../../rahasia.pdf | Di luar",
            "dokumen/tautan.pdf | Symlink",
        ),
        "DasarHukum": "javascript:alert(1) | Jahat",
    }
    path = site.article(fields=fields)
    findings = [
        f for f in site.check(path).findings if f.rule == "FBS-7.frontmatter" and f.line > 1
    ]
    by_line = {f.line: f.message for f in findings}
    assert "tidak ditemukan" in by_line[line_of(path, "hilang.pdf")]
    assert "bukan jenis dokumen" in by_line[line_of(path, "catatan.txt")]
    assert "tidak cocok" in by_line[line_of(path, "palsu.pdf")]
    assert "di luar folder content/" in by_line[line_of(path, "rahasia.pdf")]
    assert "di luar folder content/" in by_line[line_of(path, "tautan.pdf")]
    assert "bukan alamat web" in by_line[line_of(path, "javascript:")]
    assert line_of(path, "dokumen/sk.pdf") not in by_line
    assert all(f.severity == "error" for f in findings)


def test_fbs8_warns_about_a_pdf_with_its_authors_name(site):
    make_pdf(site.content / "dokumen" / "bernama.pdf", author="Yohanes Pegawai Contoh")
    make_pdf(site.content / "dokumen" / "bersih.pdf")
    fields = {
        "Attachments": attachment_lines(
            "dokumen/bernama.pdf | Surat edaran", "dokumen/bersih.pdf | Formulir"
        )
    }
    path = site.article(fields=fields)
    found = [f for f in site.check(path).findings if f.rule == "FBS-8.pdf-metadata"]
    assert len(found) == 1, found
    assert found[0].line == line_of(path, "bernama.pdf")
    assert found[0].severity == "warning"
    assert "Yohanes" not in found[0].message  # named only masked in a public log
    assert "Author 'Yo…'" in found[0].message


def test_build_lists_documents_and_sources_and_copies_the_files(site, pelican_build, tmp_path):
    pdf = make_pdf(site.content / "dokumen" / "sk kenaikan.pdf", pages=3)
    make_docx(site.content / "dokumen" / "formulir.docx")
    fields = {
        "Attachments": attachment_lines(
            "dokumen/sk kenaikan.pdf | SK Kenaikan Pangkat April 2027",
            "dokumen/formulir.docx | Formulir usulan",
        ),
        "DasarHukum": f"{JDIH} | Peraturan Gubernur NTT Nomor 10 Tahun 2026",
        "Sumber": "https://www.bkn.go.id/siaran-pers | Siaran pers BKN",
    }
    site.article("berita-lampiran.md", fields=fields)
    out = tmp_path / "output"
    result = pelican_build(site.content, out, extra=BUILD)
    assert result.returncode == 0, result.stdout + result.stderr
    page = next(out.glob("*/*/berita-lampiran/index.html"))
    tree = html.fromstring(page.read_bytes())
    docs = tree.xpath("//section[h2='Lampiran']//li")
    assert [d.xpath("string(a)") for d in docs] == [
        "SK Kenaikan Pangkat April 2027",
        "Formulir usulan",
    ]
    size = human_size(pdf.stat().st_size)
    assert f"(PDF, {size})" in docs[0].text_content()
    assert "(Word, 1 KB)" in docs[1].text_content()
    href = docs[0].xpath("string(a/@href)")
    assert href == "/dokumen/sk%20kenaikan.pdf"
    assert (out / "dokumen" / "sk kenaikan.pdf").read_bytes() == pdf.read_bytes()
    assert (out / "dokumen" / "formulir.docx").is_file()
    legal = tree.xpath("//section[h2='Dasar hukum']//a")
    assert [(a.get("href"), a.text_content()) for a in legal] == [
        (JDIH, "Peraturan Gubernur NTT Nomor 10 Tahun 2026")
    ]
    assert tree.xpath("//section[h2='Sumber']//a/@href") == ["https://www.bkn.go.id/siaran-pers"]


def test_build_reports_each_mistake_once_and_refuses_the_article(site, pelican_build, tmp_path):
    make_pdf(site.content / "dokumen" / "bernama.pdf", author="Yohanes Pegawai Contoh")
    fields = {
        "Attachments": attachment_lines(
            "dokumen/bernama.pdf | Surat edaran", "dokumen/tidak-ada.xlsx | Rekap"
        )
    }
    path = site.article("salah-lampiran.md", fields=fields)
    extra = {**BUILD, "PLUGINS": [p for p in SITE_PLUGINS if p != "plugins.fbs"] + ["plugins.fbs"]}
    out = tmp_path / "output"
    result = pelican_build(site.content, out, extra=extra)
    log = result.stdout + result.stderr
    assert log.count("tidak-ada.xlsx") == 1, log
    assert "salah-lampiran.md:" in log
    line = line_of(path, "tidak-ada.xlsx")
    assert f"baris {line}: GALAT: Berkas lampiran 'dokumen/tidak-ada.xlsx' tidak ditemukan" in log
    assert not list(out.glob("*/*/salah-lampiran/index.html"))
