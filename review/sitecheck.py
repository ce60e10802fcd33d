"""Content checks over a built site: every article has its page, and every
link and image inside the site points at a file that was built.

These run on the real content/ in the content pull-request workflow (`make
check-content`), after the production build; the developer test suite never
reads content/. Messages are for authors, in Bahasa Indonesia.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import html

from plugins.bkd_content.frontmatter import parse_front_matter


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _target(site: Path, site_url: str, page: Path, ref: str) -> Path | None:
    """The file a same-site reference points at, or None for another site."""
    ref = ref.strip()
    if not ref or ref.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    parsed = urlparse(ref)
    base = urlparse(site_url) if site_url else None
    if parsed.scheme or parsed.netloc:
        if not base or (parsed.scheme, parsed.netloc) != (base.scheme, base.netloc):
            return None
        path = parsed.path
        prefix = base.path.rstrip("/")
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :]
        target = site / unquote(path).lstrip("/")
    elif parsed.path.startswith("/"):
        target = site / unquote(parsed.path).lstrip("/")
    else:
        target = page.parent / unquote(parsed.path)
    if not parsed.path or parsed.path.endswith("/"):
        target = target / "index.html"
    return target


def check_links(site: Path, site_url: str = "") -> list[Problem]:
    problems = []
    site = site.resolve()
    for page in sorted(site.rglob("*.html")):
        doc = html.fromstring(page.read_bytes())
        refs = [
            (el.get("href"), "tautan")
            for el in doc.xpath("//a[@href] | //link[@href]")
            if el.get("rel") not in ("canonical", "alternate")
        ]
        refs += [(el.get("src"), "gambar") for el in doc.xpath("//img[@src] | //source[@src]")]
        refs += [
            (part.split()[0], "gambar")
            for el in doc.xpath("//*[@srcset]")
            for part in el.get("srcset").split(",")
            if part.strip()
        ]
        shown = page.relative_to(site).as_posix()
        for ref, kind in refs:
            target = _target(site, site_url, page, ref or "")
            if target is None:
                continue
            resolved = target.resolve()
            if not resolved.is_relative_to(site) or not resolved.exists():
                problems.append(
                    Problem(
                        shown,
                        f"{kind} ke {ref} tidak ditemukan di situs hasil build. Periksa "
                        "penulisan alamat atau nama berkas gambar di artikel (huruf besar/kecil "
                        "berbeda), atau tambahkan berkasnya ke content/images/.",
                    )
                )
    return problems


def check_articles(content: Path, manifest, site: Path) -> list[Problem]:
    """Every article that is not a draft was built into a page."""
    from review.package import find_entry

    problems = []
    for path in sorted((content / "articles").glob("*.md")):
        fm = parse_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        if fm.fields.get("status", "").strip().lower() == "draft":
            continue
        shown = f"content/articles/{path.name}"
        article = find_entry(manifest, fm, path)
        if article is None:
            problems.append(
                Problem(
                    shown,
                    "artikel ini tidak menghasilkan halaman. Baca log build di atas untuk "
                    "penyebabnya (biasanya Date, Category atau Title yang belum benar).",
                )
            )
            continue
        target = _target(site, manifest.site_url, site / "index.html", article.url)
        if target is None or not target.exists():
            problems.append(
                Problem(shown, f"halaman {article.url} tidak ada di situs hasil build.")
            )
    return problems


def run(content: Path, site: Path, manifest_path: Path) -> list[Problem]:
    from syndicate.contract import Manifest

    manifest = Manifest.read(manifest_path)
    return check_articles(content, manifest, site) + check_links(site, manifest.site_url)
