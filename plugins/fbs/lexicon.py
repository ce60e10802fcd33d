"""The FBS-2/FBS-5 word lists and a matcher that sees through simple disguises.

The lists are plain text under plugins/fbs/lexicon/, one word or phrase per
line, so the admin can edit them without touching code (see docs/fbs.md).

Matching works on whole words after normalising both sides the same way:
  - case is folded and accents dropped;
  - look-alike digits and symbols become letters (4 -> a, 3 -> e, 0 -> o, 1 -> i
    or l, 5 -> s, 7 -> t, 8 -> b, 9 -> g, @ -> a, $ -> s, ! -> i);
  - runs of one repeated letter collapse to one ("gooobloook" -> "goblok");
  - letters split by separators are joined ("b.a.n.g.s.a.t", "a n j i r",
    "bang-sat").
Because a word must match as a whole (optionally with a suffix such as -nya,
-lah, -mu), ordinary words that merely contain a listed word ("pantai",
"kasus") never match. Words in pengecualian.txt are never reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

# file name -> (rule id, what the message calls it)
LISTS = {
    "kasar.txt": ("FBS-2.profanity", "kata kasar/umpatan"),
    "hinaan.txt": ("FBS-5.insult", "kata hinaan"),
    "sara.txt": ("FBS-5.sara", "ujaran bernuansa SARA"),
}
ALLOW_FILE = "pengecualian.txt"

# Indonesian clitics and slang suffixes that may follow a listed word.
SUFFIXES = ("nya", "lah", "kah", "mu", "ku", "lu", "loe", "in", "an")

LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g"}
    | {"@": "a", "$": "s", "!": "i", "|": "i"}
)
REPEATS = re.compile(r"(.)\1+")
NON_LETTERS = re.compile(r"[^a-z]+")

TOKEN = re.compile(r"[\w@$]+(?:[!|][\w@$]+)*")
# Letters split by separators: "b.a.n.g.s.a.t", "a n j i r", "b-a-n-g-s-a-t".
SPACED_LETTERS = re.compile(r"(?<![\w@$])(?:[\w@$][\s.\-_*·]+){2,}[\w@$](?![\w@$])")
# A word broken by punctuation with no space: "bang-sat", "anj.ing", "gob_lok".
SPLIT_WORD = re.compile(r"(?<![\w@$])[\w@$]+(?:[.\-_*·][\w@$]+)+")
JOINERS = re.compile(r"[\s.\-_*·]+")


def read_list(path: Path) -> list[str]:
    if not path.exists():
        return []
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def _fold(text: str) -> str:
    text = text.casefold()
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return text


@lru_cache(maxsize=65536)
def normalise(token: str) -> tuple[str, ...]:
    """The forms a token may stand for ("1" is ambiguous between i and l)."""
    folded = _fold(token)
    forms = [folded]
    if "1" in folded or "|" in folded:
        forms.append(folded.replace("1", "l").replace("|", "l"))
    out = []
    for form in forms:
        form = NON_LETTERS.sub("", form.translate(LEET))
        form = REPEATS.sub(r"\1", form)
        if form and form not in out:
            out.append(form)
    return tuple(out)


@dataclass(frozen=True)
class Hit:
    rule: str
    label: str
    entry: str  # the lexicon entry, as the admin wrote it
    start: int  # offset in the scanned text
    end: int


class Lexicon:
    def __init__(self, lists: dict[str, tuple[str, str, list[str]]], allow: list[str]):
        # normalised word -> (rule, label, entry); phrases keyed by first word.
        self.words: dict[str, tuple[str, str, str]] = {}
        self.phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, str, str]]]] = {}
        for rule, label, entries in lists.values():
            for entry in entries:
                parts = [normalise(p)[0] for p in entry.split() if normalise(p)]
                if not parts:
                    continue
                meta = (rule, label, entry)
                if len(parts) == 1:
                    self.words[parts[0]] = meta
                else:
                    self.phrases.setdefault(parts[0], []).append((tuple(parts), meta))
        self.allow = {_fold(a) for a in allow}
        self._memo: dict[str, tuple[str, str, str] | None] = {}

    @classmethod
    def load(cls, directory: Path = LEXICON_DIR) -> Lexicon:
        lists = {
            name: (rule, label, read_list(directory / name))
            for name, (rule, label) in LISTS.items()
        }
        return cls(lists, read_list(directory / ALLOW_FILE))

    def _word_meta(self, raw: str) -> tuple[str, str, str] | None:
        # Articles repeat their words: remember each token's answer.
        try:
            return self._memo[raw]
        except KeyError:
            meta = self._memo[raw] = self._lookup(raw)
            return meta

    def _lookup(self, raw: str) -> tuple[str, str, str] | None:
        if _fold(raw) in self.allow:
            return None
        for form in normalise(raw):
            meta = self.words.get(form)
            if meta:
                return meta
            for suffix in SUFFIXES:
                if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                    base = form[: -len(suffix)]
                    # "tolol" + "lah" collapses to "tololah": put the shared letter back.
                    meta = self.words.get(base) or self.words.get(base + suffix[0])
                    if meta:
                        return meta
        return None

    def _is_phrase_start(self, raw: str) -> bool:
        forms = normalise(raw)
        return bool(forms) and forms[0] in self.phrases

    def scan(self, text: str) -> list[Hit]:
        hits: dict[tuple[int, int], Hit] = {}
        # Most texts are clean: look at each distinct token once, and only walk
        # the token positions when a word or the start of a phrase matched.
        distinct = set(TOKEN.findall(text))
        if any(
            (not t.isdigit() and self._word_meta(t)) or self._is_phrase_start(t) for t in distinct
        ):
            tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
            norms = [(normalise(t) or ("",))[0] for t, _, _ in tokens]
            for i, (raw, start, end) in enumerate(tokens):
                if raw.isdigit():
                    continue
                meta = self._word_meta(raw)
                if meta:
                    hits[(start, end)] = Hit(*meta, start, end)
                for parts, pmeta in self.phrases.get(norms[i], ()):
                    if tuple(norms[i : i + len(parts)]) == parts:
                        last = tokens[i + len(parts) - 1]
                        hits[(start, last[2])] = Hit(*pmeta, start, last[2])
        for pattern in (SPACED_LETTERS, SPLIT_WORD):
            candidates = set(pattern.findall(text))
            if not any(self._word_meta(JOINERS.sub("", c)) for c in candidates):
                continue
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in hits):
                    continue
                joined = JOINERS.sub("", m.group())
                meta = self._word_meta(joined)
                if meta:
                    hits[(m.start(), m.end())] = Hit(*meta, m.start(), m.end())
        return sorted(hits.values(), key=lambda h: h.start)


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    return Lexicon.load(Path(directory) if directory else LEXICON_DIR)
