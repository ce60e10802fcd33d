"""Waivers that cover only what they name.

An article waives one finding at a time, naming the rule and either the value
exactly as the report prints it (masked) or the line:

    Waive: FBS-8.nip 1971***********008: NIP pejabat penandatangan SK
    Waive: FBS-8.phone baris 14: nomor layanan resmi di surat edaran

So a NIP added in a later commit is a fresh error, not silently covered by
an old waiver. A waiver without a value still covers rules that report at
most one thing per file (FBS-3.summary, FBS-7.caps-title); for a rule whose
findings carry a value it is an error that says which lines to write.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .config import LEFT_TO_BUILD
from .findings import ERROR, WARNING, Finding
from .masking import mask_secrets
from .rules import RULES, is_waivable, waiver_rule

MIN_REASON_CHARS = 15
WAIVER_LINE = re.compile(
    r"^(?P<rules>FBS-\d+\.[\w-]+(?:\s*,\s*FBS-\d+\.[\w-]+)*)"
    r"(?:\s+(?P<target>[^\s:,][^:]*?))?\s*(?::\s*(?P<reason>.*))?$",
    re.IGNORECASE,
)
LINE_TARGET = re.compile(r"^(?:baris|line)\s+(\d{1,6})$", re.IGNORECASE)


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    line: int
    target: str = ""  # masked value, or "" for the whole rule
    target_line: int | None = None  # the "baris N" form


@dataclass
class Waived:
    file: str
    line: int
    rule: str
    reason: str
    findings: int
    target: str = ""


def _key(value: str) -> str:
    return re.sub(r"\s+", "", value).casefold()


def parse(value_lines) -> tuple[list[Waiver], list[tuple[int, str]]]:
    waivers, unreadable = [], []
    for line, raw in value_lines:
        text = raw.strip()
        if not text:
            continue
        m = WAIVER_LINE.match(text)
        if not m:
            unreadable.append((line, text))
            continue
        reason = (m.group("reason") or "").strip()
        target = (m.group("target") or "").strip()
        target_line = None
        if target and (lm := LINE_TARGET.match(target)):
            target_line = int(lm.group(1))
        for rule in re.split(r"\s*,\s*", m.group("rules")):
            waivers.append(Waiver("FBS-" + rule[4:].lower(), reason, line, target, target_line))
    return waivers, unreadable


def _example(rule: str, target: str) -> str:
    return f"'Waive: {rule} {target}: <alasan>'"


def apply(doc, *, leave_to_build: bool = False) -> list[Waived]:
    lines = doc.front.value_lines.get("waive") if doc.front else None
    if not lines or doc.kind == "other":
        return []
    waivers, unreadable = parse(lines)
    for line, text in unreadable:
        doc.finding(
            line,
            "FBS-7.frontmatter",
            ERROR,
            f"Pengecualian tidak dapat dibaca: '{text[:60]}'.",
            "Tulis satu pengecualian per baris: 'Waive: FBS-8.nip 1971***********008: alasan' "
            "(nomor aturan dan nilai tersamar persis seperti di laporan), atau "
            "'Waive: FBS-8.nip baris 12: alasan'.",
        )
    used = []
    for w in waivers:
        if not _valid(doc, w):
            continue
        candidates = [f for f in doc.findings if f.rule == w.rule and not f.waived_by]
        covered = _covered(doc, w, candidates)
        if covered is None:
            continue
        reason = mask_secrets(w.reason)
        for f in covered:
            f.waived_by = reason
        # In a build, a waiver for a problem another plugin reports may have
        # nothing to cover here; it still applies to `fbs check`.
        if not covered and not (leave_to_build and w.rule in LEFT_TO_BUILD):
            _unused(doc, w, candidates)
        target = f"baris {w.target_line}" if w.target_line else mask_secrets(w.target)
        used.append(Waived(doc.shown, w.line, w.rule, reason, len(covered), target))
    return used


def _valid(doc, w: Waiver) -> bool:
    if w.rule not in RULES:
        guess = difflib.get_close_matches(w.rule, list(RULES), n=1, cutoff=0.6)
        doc.finding(
            w.line,
            "FBS-7.frontmatter",
            ERROR,
            f"Aturan '{w.rule}' tidak dikenal, pengecualian ini tidak berlaku.",
            (f"Mungkin maksud Anda '{guess[0]}'? " if guess else "")
            + "Salin nomor aturan persis dari laporan pemeriksaan.",
        )
        return False
    if not is_waivable(w.rule):
        doc.finding(
            w.line,
            waiver_rule(w.rule),
            ERROR,
            f"Aturan {w.rule} tidak dapat dikecualikan.",
            "Perbaiki masalahnya di artikel; aturan ini melindungi pembaca atau akun BKD.",
        )
        return False
    if len(w.reason) < MIN_REASON_CHARS:
        doc.finding(
            w.line,
            waiver_rule(w.rule),
            ERROR,
            f"Pengecualian {w.rule} belum menuliskan alasan yang jelas.",
            f"Tulis alasannya setelah titik dua, misalnya 'Waive: {w.rule} "
            f"{w.target or '<nilai seperti di laporan>'}: NIP pejabat penandatangan SK, "
            "dokumen publik'. Reviewer membaca alasan ini.",
        )
        return False
    if w.target and not w.target_line and sum(c.isdigit() for c in w.target) >= 11:
        doc.finding(
            w.line,
            waiver_rule(w.rule),
            ERROR,
            f"Pengecualian {w.rule} menuliskan nomor lengkap; nomor itu ikut terbit di "
            "repositori publik.",
            "Tulis nilainya tersamar, persis seperti di laporan pemeriksaan (misalnya "
            "1971***********008).",
        )
        return False
    return True


def _covered(doc, w: Waiver, candidates: list[Finding]) -> list[Finding] | None:
    """The findings `w` covers; None when it is refused (reported here)."""
    if w.target_line is not None:
        return [f for f in candidates if f.line == w.target_line]
    if w.target:
        matched = [f for f in candidates if f.subject and _key(f.subject) == _key(w.target)]
        identities = {getattr(f, "identity", f.subject) for f in matched}
        if len(identities) > 1:
            lines = ", ".join(str(f.line) for f in matched)
            doc.finding(
                w.line,
                waiver_rule(w.rule),
                ERROR,
                f"Pengecualian {w.rule} {w.target} cocok dengan {len(identities)} nilai yang "
                f"berbeda (baris {lines}); tidak jelas mana yang dikecualikan.",
                "Tulis satu pengecualian per baris temuan, misalnya "
                f"'Waive: {w.rule} baris {matched[0].line}: <alasan>'.",
            )
            return None
        return matched
    valued = [f for f in candidates if f.subject]
    if valued:
        wanted = list(dict.fromkeys(f.subject for f in valued))
        examples = "; ".join(_example(w.rule, s) for s in wanted[:5])
        doc.finding(
            w.line,
            waiver_rule(w.rule),
            ERROR,
            f"Pengecualian {w.rule} tanpa nilai tidak lagi berlaku: pengecualian harus menyebut "
            "nilai yang dikecualikan, agar nomor yang ditambahkan kemudian tetap diperiksa.",
            f"Ganti baris ini dengan {examples} (nilai tersamar persis seperti di laporan), "
            f"atau tulis nomor barisnya: 'Waive: {w.rule} baris {valued[0].line}: <alasan>'.",
        )
        return None
    return list(candidates)


def _unused(doc, w: Waiver, candidates: list[Finding]) -> None:
    what = f"{w.rule} {w.target}".strip()
    found = [f for f in candidates if f.subject or w.target_line]
    if found:
        listed = ", ".join(
            f"{f.subject} (baris {f.line})" if f.subject else f"baris {f.line}" for f in found[:5]
        )
        hint = (
            f"Temuan {w.rule} di artikel ini: {listed}. Salin nilainya persis dari laporan, "
            "atau hapus baris pengecualian ini."
        )
    else:
        hint = "Hapus baris pengecualian ini agar tidak menutupi masalah yang muncul kelak."
    doc.finding(
        w.line,
        waiver_rule(w.rule),
        WARNING,
        f"Pengecualian {what} tidak dipakai: tidak ada temuan yang cocok di artikel ini.",
        hint,
    )
