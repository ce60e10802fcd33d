"""False-alarm sweep of the FBS text checks: how many findings the privacy
and word-list checks raise over innocent text.

1. Every word of the Hunspell id_ID dictionary, through the word lists
   (FBS-2/FBS-5): hits are counted, and those whose word is not a listed
   entry (plus a suffix) are listed as false alarms.
2. The same words as article bodies (one word per line, 2,000 lines per
   article) through every check of `fbs check` (privacy, word lists, tokens).
3. The sample content (content/) through `fbs check`, findings by rule.

Run from the repository to measure (PYTHONPATH decides which code runs):
    .venv/bin/python bench/fbs_false_alarms.py
"""

from __future__ import annotations

import collections
import sys
import tempfile
from pathlib import Path

REPO = Path.cwd()
sys.path.insert(0, str(REPO))

from plugins.fbs.config import Config  # noqa: E402
from plugins.fbs.lexicon import load_lexicon, normalise  # noqa: E402
from plugins.fbs.runner import Context, run  # noqa: E402

DICTIONARY = Path("/usr/share/hunspell/id_ID.dic")
TEXT_RULES = ("FBS-2.profanity", "FBS-5.", "FBS-8.", "FBS-9.token")


def dictionary_words() -> list[str]:
    lines = DICTIONARY.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    return [line.split("/")[0] for line in lines if line.strip()]


def lexicon_sweep(words) -> tuple[int, list]:
    lexicon = load_lexicon(None)
    hits, innocent = 0, []
    for word in words:
        for hit in lexicon.scan(word):
            hits += 1
            stem = normalise(word.split("-")[0])[0]
            entry = normalise(hit.entry.split()[0])[0]
            if not stem.startswith(entry) or len(stem) - len(entry) > 3:
                innocent.append((word, hit.entry))
    return hits, innocent


def count(result) -> collections.Counter:
    return collections.Counter(f.rule for f in result.findings if f.rule.startswith(TEXT_RULES))


def articles_sweep(words) -> collections.Counter:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        articles = root / "content" / "articles"
        articles.mkdir(parents=True)
        header = (
            "Title: Kamus\nDate: 2026-11-20 09:00\nCategory: Berita\nTags: PNS\n"
            "Summary: Daftar kata kamus bahasa Indonesia untuk uji alarm palsu.\n\n"
        )
        for i in range(0, len(words), 2000):
            body = "\n".join(words[i : i + 2000])
            (articles / f"kamus-{i // 2000:03d}.md").write_text(header + body + "\n")
        ctx = Context(Config(spelling=False), repo_root=root)
        return count(run([root / "content"], ctx, repo_checks=False))


def content_sweep() -> collections.Counter:
    ctx = Context(Config(spelling=False), repo_root=REPO)
    return count(run([REPO / "content"], ctx, repo_checks=False))


def main() -> None:
    words = dictionary_words()
    hits, innocent = lexicon_sweep(words)
    print(f"dictionary words: {len(words)}")
    print(f"word-list hits on dictionary words: {hits}; not a listed entry: {len(innocent)}")
    for word, entry in innocent[:20]:
        print(f"  {word!r} -> {entry!r}")
    print(f"dictionary as articles, findings by rule: {dict(articles_sweep(words))}")
    print(f"content/, findings by rule: {dict(content_sweep())}")


if __name__ == "__main__":
    main()
