"""bench/corpus.py: deterministic, valid articles that pass the FBS gate."""

from __future__ import annotations

from pathlib import Path

from bench import corpus
from plugins.bkd_content.frontmatter import parse_front_matter, validate_front_matter
from plugins.bkd_content.taxonomy import load_taxonomy
from plugins.fbs.config import Config
from plugins.fbs.runner import Context, run

REPO = Path(__file__).resolve().parents[2]


def test_same_seed_same_bytes(tmp_path):
    a = corpus.generate(25, tmp_path / "a", seed=7)
    b = corpus.generate(25, tmp_path / "b", seed=7)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))
    c = corpus.generate(25, tmp_path / "c", seed=8)
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]


def test_articles_are_valid_and_pass_the_gate(tmp_path):
    dest = tmp_path / "korpus"
    paths = corpus.generate(40, dest, seed=1)
    taxonomy = load_taxonomy(REPO / "content" / "taxonomy.toml")
    for path in paths:
        fm = parse_front_matter(path.read_text(encoding="utf-8"))
        assert validate_front_matter(fm, taxonomy) == [], path.name
        assert fm.fields["summary"] and fm.fields["tags"]
    bodies = "".join(p.read_text() for p in paths)
    assert "](https://" in bodies and "Image: images/" in bodies
    result = run([dest], Context(Config(), repo_root=tmp_path), repo_checks=False)
    assert result.active == [], [(f.file, f.rule, f.message) for f in result.active[:5]]
