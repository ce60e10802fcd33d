"""Output: cache entries placed into the output folder, and their URLs.

Kept apart because it is the only code that writes under OUTPUT_PATH/media:
hard links (or copies) made readable by the web server, skipped when the
file there is already the same.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image

from . import imaging, markup
from .plan import Source
from .state import MediaState


class OutputMixin(MediaState):
    """MediaBuild's output half."""

    def link_into_output(self, source: Path, rel: str) -> int:
        """Place `source` at `rel` in the output; returns its size in bytes."""
        src = os.fspath(source)
        # A shared file (a category's card, the thumbnail of a photo several
        # articles lead with) is placed once per build; and the check that a
        # file is already in place is two stat() calls on strings, not Paths:
        # a rebuild makes this check for every derivative of every article.
        known = self.linked.get(rel)
        if known is not None and known[0] == src:
            return known[1]
        dest_name = os.path.join(self.output_str, rel)
        try:
            s = os.stat(src)
            d = os.stat(dest_name)
            if s.st_size == d.st_size and s.st_mtime_ns == d.st_mtime_ns:
                self.linked[rel] = (src, s.st_size)
                return s.st_size
        except FileNotFoundError:
            pass
        dest = Path(dest_name)
        dest.parent.mkdir(parents=True, exist_ok=True)
        # A hard link costs no disk and no time; cache entries are never
        # rewritten in place (new content gets a new key), so sharing the
        # inode is safe. Across file systems, copy.
        tmp = dest.with_name(f".{dest.name}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copy2(source, tmp)
        # Cache entries written by older versions were private (0600); the
        # web server must be able to read what is published.
        st = os.stat(tmp)
        mode = st.st_mode
        if mode & 0o044 != 0o044:
            os.chmod(tmp, mode | 0o044)
        os.replace(tmp, dest)
        self.stats["files_copied"] += 1
        self.linked[rel] = (src, st.st_size)
        return st.st_size

    def url(self, rel: str) -> str:
        return f"{self.siteurl}/{rel}"

    def absolute_url(self, rel: str) -> str:
        return f"{self.absolute}/{rel}"

    def output_derivatives(self, src: Source) -> markup.Derived:
        if src.meta is None:
            raise ValueError(f"media: {src.path} has no derivatives to publish")
        derived = markup.Derived(src.meta["width"], src.meta["height"])
        pdir = self.photo_dir(src)
        for v in src.meta["variants"]:
            ext = imaging.EXTENSIONS[v["format"]]
            rel = f"{self.out_dir}/{src.stem}-{src.digest[:10]}-{v['width']}.{ext}"
            self.link_into_output(pdir / v["file"], rel)
            derived.variants.append(
                markup.Variant(v["format"], v["width"], v["height"], self.url(rel), v["bytes"], rel)
            )
        return derived

    def output_social_image(self, file: Path, rel: str) -> dict:
        size = self.link_into_output(file, rel)
        key = os.fspath(file)
        if key not in self.dimensions:
            with Image.open(file) as im:
                self.dimensions[key] = im.size
        width, height = self.dimensions[key]
        return {
            "url": self.absolute_url(rel),
            "path": rel,
            "width": width,
            "height": height,
            "bytes": size,
        }
