"""FBS-7 spelling: words not in the Hunspell id_ID dictionary (Debian package
`hunspell-id`) nor in the project word list (plugins/fbs/lexicon/kata-proyek.txt).

Only words a reader sees are checked: code, links, e-mail addresses and
*italic* text are skipped (Indonesian style italicises foreign terms), and so
are capitalised words inside a sentence (names) and acronyms. Findings are
warnings: the dictionary does not know every name.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

from ..findings import WARNING
from ..lexicon import read_list
from ..normalize import normalize
from .common import strip_inline_code

logger = logging.getLogger(__name__)

MAX_WORDS_PER_FILE = 15
MAX_WORD_CHARS = 40
# Bounded and anchored at token starts, so the scan stays linear on long junk lines.
SKIP = re.compile(
    r"(?<!\S)[(<\[]?(?:\S+://\S+|www\.\S+|[\w.+-]+@\S+)|\]\([^)]{0,1000}\)|<[^<>]{1,300}>"
    r"|\{[^{}]{0,100}\}|\*\*?[^*]{1,300}\*\*?|(?<!\w)_[^_]{1,300}_(?!\w)|!\[[^\]\[]{0,300}\]"
)
# "Jl. Basuki Rahmat": a dot after these abbreviations does not end a sentence.
ABBREVIATION = re.compile(
    r"\b(Jl|Jln|No|Dr|Drs|Dra|Ir|Hj|H|St|Tn|Ny|Sdr|Sdri|Bpk|Yth|Prof|Kab|Kec|Kel|Ds|dll|dsb"
    r"|dst|a\.n|u\.p|Tel|Telp|Pk|Kol|Letkol|Mayjen|Brigjen)\.\s*$"
)
MARKUP_PREFIX = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?)+")

# The Debian id_ID dictionary lists many stems without their affixed forms
# ("unggah" but not "diunggah", "proses" but not "prosesnya"). A word is
# accepted when stripping common affixes leaves a known word.
PARTICLES = ("nya", "lah", "kah", "pun", "ku", "mu")
SUFFIXES = ("kan", "an", "i")
PREFIXES = (
    "ketidak", "antar", "pasca", "tidak", "memper", "diper", "menge", "penge",
    "meng", "meny", "peng", "peny", "mem", "men",
    "pem", "pen", "ber", "ter", "per", "me", "pe", "di", "ke", "se", "be",
)  # fmt: skip
NASAL = {
    "meny": "s",
    "peny": "s",
    "men": "t",
    "pen": "t",
    "mem": "p",
    "pem": "p",
    "meng": "k",
    "peng": "k",
}


def stems(word: str) -> set[str]:
    """Plausible stems of an Indonesian word, longest affixes first."""
    w = word.casefold()
    out = set()
    bases = {w}
    for p in PARTICLES:
        if w.endswith(p) and len(w) - len(p) >= 3:
            bases.add(w[: -len(p)])
    for b in list(bases):
        for s in SUFFIXES:
            if b.endswith(s) and len(b) - len(s) >= 3:
                bases.add(b[: -len(s)])
    for b in bases:
        out.add(b)
        for p in PREFIXES:
            if b.startswith(p) and len(b) - len(p) >= 3:
                rest = b[len(p) :]
                out.add(rest)
                if p in NASAL:
                    out.add(NASAL[p] + rest)  # menulis -> tulis, memukul -> pukul
                if rest.startswith(("ke", "se", "per", "ber")):
                    for q in ("ke", "se", "per", "ber"):
                        if rest.startswith(q) and len(rest) - len(q) >= 3:
                            out.add(rest[len(q) :])
    out.discard(w)
    return {s for s in out if len(s) >= 3}


class Speller:
    """Ask Hunspell about each distinct word once and remember the answer."""

    def __init__(self, project_words: Path, dictionary: str = "id_ID"):
        self.dictionary = dictionary
        self.binary = shutil.which("hunspell")
        self.known = {w.casefold() for w in read_list(project_words)}
        self.cache: dict[str, bool] = {}
        self.available = bool(self.binary) and self._has_dictionary()

    def _has_dictionary(self) -> bool:
        if self.binary is None:
            return False
        try:
            out = subprocess.run(
                [self.binary, "-D"], input="", capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return self.dictionary in (out.stdout + out.stderr)

    def is_known_locally(self, word: str) -> bool:
        folded = word.casefold()
        return folded in self.known or all(p in self.known for p in folded.split("-"))

    def _ask(self, words: list[str]) -> set[str]:
        """The words Hunspell does not know."""
        if not words or not self.available or self.binary is None:
            return set()
        try:
            out = subprocess.run(
                [self.binary, "-d", self.dictionary, "-l"],
                input="\n".join(words) + "\n",
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            logger.warning("FBS: Hunspell gagal dijalankan: %s", exc)
            return set()
        return set(out.stdout.split())

    def misspelled(self, words) -> set[str]:
        todo = sorted({w for w in words if w not in self.cache and not self.is_known_locally(w)})
        unknown = self._ask(todo)
        for w in todo:
            self.cache[w] = w in unknown
        # Second chance for affixed forms: one more batch with their stems.
        suspects = {w: stems(w) for w in unknown}
        stem_list = sorted({s for ss in suspects.values() for s in ss})
        unknown_stems = self._ask(stem_list)
        for w, ss in suspects.items():
            if any(s not in unknown_stems or s in self.known for s in ss):
                self.cache[w] = False
        return {w for w in words if self.cache.get(w)}


LOWER_WORD = re.compile(r"(?<![A-Za-z-])[a-z]{3,}(?:-[a-z]+)*(?![A-Za-z-])")
CAPITAL_WORD = re.compile(r"(?<![A-Za-z-])[A-Z][a-z]{2,}(?:-[a-z]+)*(?![A-Za-z-])")


def _reader_lines(doc) -> list[tuple[int, str]]:
    """Prose, title and summary with markup, code, links and italics blanked."""
    lines = []
    for n, raw in [
        *doc.front.value_lines.get("title", []),
        *doc.front.value_lines.get("summary", []),
        (0, ""),
        *doc.prose_lines,
    ]:
        if not raw.strip() or raw.lstrip().startswith(("|", "<")):
            lines.append((n, ""))
            continue
        # The shared normal form (normalize.py): a word with a Cyrillic letter
        # or a zero-width space is spelled as the reader sees it.
        text = normalize(raw).text
        lines.append((n, SKIP.sub(" ", strip_inline_code(MARKUP_PREFIX.sub("", text)))))
    return lines


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 80) : start]
    stripped = before.rstrip(" \t")
    if not stripped:
        return start < 80  # start of the text
    if stripped.endswith("\n"):
        # First word of a line: a sentence starts if the line above ended one.
        above = stripped[:-1].rstrip(" \t")
        return not above or above.endswith(("\n", ".", "!", "?", ":"))
    return stripped.endswith((".", "!", "?")) and not ABBREVIATION.search(stripped)


def candidate_words(doc) -> set[str]:
    """Words to ask the dictionary about: lower-case words, and capitalised
    words that start a sentence (a capital inside a sentence marks a name;
    acronyms and CamelCase such as MyASN are skipped)."""
    text = "\n".join(t for _, t in _reader_lines(doc))
    # Longer "words" are junk (base64, pasted data), not something to spell.
    words = {w for w in LOWER_WORD.findall(text) if len(w) <= MAX_WORD_CHARS}
    for m in CAPITAL_WORD.finditer(text):
        word = m.group()
        if len(word) > MAX_WORD_CHARS or word in words:
            continue
        if _starts_sentence(text, m.start()):
            words.add(word)
    return words


def _first_line(lines, word: str) -> int:
    pattern = re.compile(rf"(?<![A-Za-z-]){re.escape(word)}(?![A-Za-z-])")
    return next((n for n, t in lines if n and pattern.search(t)), 1)


def report(doc, words, bad: set[str]) -> None:
    if bad.isdisjoint(words):
        return  # most files: nothing to place, so skip re-reading the lines
    lines = _reader_lines(doc)
    flagged = sorted((_first_line(lines, w), w) for w in words if w in bad)
    for line, word in flagged[:MAX_WORDS_PER_FILE]:
        doc.finding(
            line,
            "FBS-7.spelling",
            WARNING,
            f"Kata '{word}' tidak ada di kamus bahasa Indonesia.",
            "Periksa ejaannya (KBBI daring: kbbi.kemdikbud.go.id). Istilah asing ditulis "
            "miring (*online*). Bila kata ini nama orang, tempat atau singkatan resmi, minta "
            "admin menambahkannya ke plugins/fbs/lexicon/kata-proyek.txt.",
        )
    if len(flagged) > MAX_WORDS_PER_FILE:
        doc.finding(
            flagged[MAX_WORDS_PER_FILE][0],
            "FBS-7.spelling",
            WARNING,
            f"Masih ada {len(flagged) - MAX_WORDS_PER_FILE} kata lain yang tidak ada di kamus.",
            "Periksa ejaan seluruh artikel dengan pemeriksa ejaan di editor Anda.",
        )
