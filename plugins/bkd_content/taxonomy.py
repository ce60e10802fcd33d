"""The controlled vocabulary: categories and known tags, read from content/taxonomy.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parents[2] / "content" / "taxonomy.toml"


@dataclass(frozen=True)
class Category:
    name: str
    slug: str
    description: str


class Taxonomy:
    def __init__(self, categories, known_tags, aliases):
        self.categories: tuple[Category, ...] = tuple(categories)
        self.known_tags: tuple[str, ...] = tuple(known_tags)
        # Lookup tables built once: tags and aliases are matched case-insensitively.
        self._known = {t.casefold(): t for t in self.known_tags}
        self._aliases = {k.casefold(): self._known.get(v.casefold(), v) for k, v in aliases.items()}

    @property
    def category_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)

    def category(self, name: str) -> Category | None:
        """Find a category by name, ignoring case, so 'berita' is 'Berita'."""
        wanted = name.strip().casefold()
        return next((c for c in self.categories if c.name.casefold() == wanted), None)

    def normalise_tag(self, raw: str) -> str:
        """One spelling per tag: trim, drop '#', collapse spaces, then map to the
        canonical known tag or an alias; an unknown tag is lowercased."""
        tag = re.sub(r"\s+", " ", raw.strip().lstrip("#")).strip()
        key = tag.casefold()
        return self._aliases.get(key) or self._known.get(key) or key

    def is_known_tag(self, tag: str) -> bool:
        return tag.casefold() in self._known


@lru_cache(maxsize=8)
def load_taxonomy(path: str | Path = DEFAULT_TAXONOMY_PATH) -> Taxonomy:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    tags = data.get("tags", {})
    return Taxonomy(
        categories=(
            Category(name=c["name"], slug=c["slug"], description=c.get("description", ""))
            for c in data.get("categories", [])
        ),
        known_tags=tags.get("known", []),
        aliases=tags.get("aliases", {}),
    )
