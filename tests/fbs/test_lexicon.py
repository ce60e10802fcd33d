"""The FBS-2/FBS-5 matcher: disguises are seen through, innocent words are not hit."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.fbs.lexicon import Lexicon, load_lexicon, normalise

DICTIONARY = Path("/usr/share/hunspell/id_ID.dic")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.mark.parametrize(
    "text,entry",
    [
        ("bangsat", "bangsat"),
        ("BANGSAT", "bangsat"),
        ("Bangsaaaaat", "bangsat"),
        ("b4ngs4t", "bangsat"),
        ("b@ngs@t", "bangsat"),
        ("b.a.n.g.s.a.t", "bangsat"),
        ("b a n g s a t", "bangsat"),
        ("b-a-n-g-s-a-t", "bangsat"),
        ("bang-sat", "bangsat"),
        ("bangsatnya", "bangsat"),
        ("t0l0l", "tolol"),
        ("tololll", "tolol"),
        ("tolollah", "tolol"),
        ("k4f1r", "kafir"),
        ("ta1k", "taik"),
        ("Dasar   Monyet", "dasar monyet"),
        ("g-o-b-l-o-k", "goblok"),
    ],
)
def test_disguises_are_matched(lexicon, text, entry):
    hits = lexicon.scan(f"Kalimat dengan {text} di tengahnya.")
    assert [h.entry for h in hits] == [entry]


@pytest.mark.parametrize(
    "text",
    [
        "pantai",  # tai
        "petai santai rantai bertai",
        "kasus masuk asuransi",  # asu
        "begonia",  # bego
        "bangsa kebangsaan",  # bangsat
        "tolong",  # tolol
        "kafilah kafe",  # kafir
        "kampung",  # kampret/kampungan
        "idiom",  # idiot
        "Pecinan",  # cina
        "ternak babi dan vaksinasi anjing",  # only phrases are listed
        "S.H. M.Si. Drs. Ir.",  # abbreviations joined by dots
        "anak-anak kupu-kupu",
        "2026 08.00 0812",
    ],
)
def test_innocent_words_are_not_matched(lexicon, text):
    assert lexicon.scan(text) == []


def test_allow_list_wins_over_the_lists():
    lex = Lexicon({"k": ("FBS-2.profanity", "kata kasar", ["asus"])}, allow=["asus"])
    assert lex.scan("laptop asus") == []


def test_admin_edits_take_effect(tmp_path):
    (tmp_path / "kasar.txt").write_text("# komentar\nkatajelek\n", encoding="utf-8")
    lex = Lexicon.load(tmp_path)
    assert [h.rule for h in lex.scan("Ini KATAJELEK sekali")] == ["FBS-2.profanity"]
    assert lex.scan("katajelita") == []


def test_normalise_covers_ambiguous_one():
    assert set(normalise("1d1ot")) == {"idiot", "ldlot"}


@pytest.mark.skipif(not DICTIONARY.exists(), reason="hunspell-id not installed")
def test_no_dictionary_word_is_hit_unless_it_is_listed(lexicon):
    """Every word of the Indonesian dictionary that the matcher flags must be a
    listed entry itself (or a listed entry plus a suffix), never an innocent
    word that merely contains one."""
    words = [
        line.split("/")[0]
        for line in DICTIONARY.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    ]
    innocent = []
    for word in words:
        for hit in lexicon.scan(word):
            stem = normalise(word.split("-")[0])[0]  # reduplication: memek-memek
            entry = normalise(hit.entry.split()[0])[0]
            if not stem.startswith(entry) or len(stem) - len(entry) > 3:
                innocent.append((word, hit.entry))
    assert innocent == []
