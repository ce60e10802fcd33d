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

    def link_into_output(self, source: Path, rel: str) -> None:
        dest = self.output / rel
        try:
            s, d = source.stat(), dest.stat()
            if s.st_size == d.st_size and s.st_mtime_ns == d.st_mtime_ns:
                return
        except FileNotFoundError:
            pass
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
        mode = os.stat(tmp).st_mode
        if mode & 0o044 != 0o044:
            os.chmod(tmp, mode | 0o044)
        os.replace(tmp, dest)
        self.stats["files_copied"] += 1

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
        self.link_into_output(file, rel)
        if file not in self.dimensions:
            with Image.open(file) as im:
                self.dimensions[file] = im.size
        width, height = self.dimensions[file]
        return {
            "url": self.absolute_url(rel),
            "path": rel,
            "width": width,
            "height": height,
            "bytes": file.stat().st_size,
        }
