"""Rewrite one "## Section" of bench/RESULTS.md, leaving every other section as it is
(other benchmarks keep their own sections in the same file)."""

from __future__ import annotations

import re
from pathlib import Path

HEADER = """# Benchmark results

Each section is written by the script named in it; rerun that command to refresh it.
"""


def replace_section(path: Path, title: str, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + block
    path.write_text(text, encoding="utf-8")
