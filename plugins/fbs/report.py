"""Four ways to print a Result: for authors (text, Bahasa Indonesia), for
tools (JSON), for GitHub pull requests (workflow-command annotations) and the
job summary. The JSON and annotation forms, labels and escaping are
plugins/report.py's; what is FBS's own here is the waivers and the verdict."""

from __future__ import annotations

from itertools import groupby

from plugins.report import (
    ANNOTATIONS_PER_LEVEL,
    FIX,
    LABEL,
    annotation,
    errors_first,
    escape_name,
    finding_annotation,
    json_findings,
)

from .masking import mask_secrets
from .rules import RULES


def waiver_lines(result) -> list[str]:
    """Every waiver, first in the report: the reviewer reads them before anything else."""
    if not result.waivers:
        return []
    out = ["Pengecualian yang berlaku (periksa alasannya saat meninjau):"]
    for w in result.waivers:
        count = f"{w.findings} temuan dikecualikan" if w.findings else "tidak dipakai"
        what = f"{w.rule} {w.target}".strip()
        out.append(
            f"  {w.file} baris {w.line}: {what} ({count}) — alasan: {mask_secrets(w.reason)}"
        )
    out.append("")
    return out


def format_text(result) -> str:
    out = waiver_lines(result)
    active = result.active
    for file, grouped in groupby(active, key=lambda f: f.file):
        out.append(f"{file}")
        hints_shown = set()
        for f in grouped:
            where = f"baris {f.line}" if f.line else "berkas"
            out.append(f"  {where}: {LABEL[f.severity]} [{f.rule}] {f.message}")
            if f.hint and (f.rule, f.hint) in hints_shown:
                out.append(f"      {FIX}: sama seperti di atas.")
            elif f.hint:
                out.append(f"      {FIX}: {f.hint}")
                hints_shown.add((f.rule, f.hint))
        out.append("")
    if not result.spelling_available:
        out.append(
            "Catatan: pemeriksaan ejaan dilewati karena Hunspell dan kamus id_ID belum "
            "terpasang (apt-get install hunspell hunspell-id)."
        )
    errors, warnings = len(result.errors), len(result.warnings)
    out.append(
        f"Ringkasan: {result.files_checked} berkas diperiksa, {errors} galat, "
        f"{warnings} peringatan, {len(result.waivers)} pengecualian."
    )
    if errors:
        out.append(
            "Belum lolos pemeriksaan FBS: perbaiki semua GALAT di atas. PERINGATAN tidak "
            "menghalangi, tetapi sebaiknya juga diperbaiki. Penjelasan setiap aturan ada di "
            "content/PANDUAN-FBS.md."
        )
    elif warnings:
        out.append("Lolos pemeriksaan FBS, dengan catatan: mohon tinjau PERINGATAN di atas.")
    else:
        out.append("Lolos pemeriksaan FBS. Terima kasih!")
    return "\n".join(out) + "\n"


def format_json(result) -> str:
    return json_findings(result.findings)


def format_github(result) -> str:
    out = []
    for w in result.waivers:
        what = f"{w.rule} {w.target}".strip()
        body = (
            f"Pengecualian {what} berlaku ({w.findings} temuan). Alasan: {mask_secrets(w.reason)}"
        )
        out.append(annotation("notice", w.file, w.line, "FBS: pengecualian", body))
    for f in errors_first(result.active):
        title = f"{f.rule}: {RULES[f.rule].summary}" if f.rule in RULES else f.rule
        out.append(finding_annotation(f, title))
    out.append(
        f"FBS: {result.files_checked} berkas, {len(result.errors)} galat, "
        f"{len(result.warnings)} peringatan, {len(result.waivers)} pengecualian."
    )
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Author text inside a Markdown table cell or list item, shown as typed."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#@~&":
        text = text.replace(char, "\\" + char)
    return text


def annotations_shown(result) -> int:
    errors, warnings = len(result.errors), len(result.warnings)
    return min(errors, ANNOTATIONS_PER_LEVEL) + min(warnings, ANNOTATIONS_PER_LEVEL)


def format_summary(result) -> str:
    """The job summary (GitHub Markdown): every finding, errors first, and a
    note when GitHub's annotation limit hid some of them from the diff view."""
    errors, warnings = result.errors, result.warnings
    total = len(errors) + len(warnings)
    out = ["## Laporan pemeriksaan FBS", ""]
    shown = annotations_shown(result)
    if shown < total:
        out += [
            f"> **Perhatian:** anotasi di tab *Files changed* menampilkan {shown} dari "
            f"{total} temuan; laporan lengkap di bawah.",
            "",
        ]
    out.append(
        f"**{len(errors)} galat, {len(warnings)} peringatan, {len(result.waivers)} "
        f"pengecualian** dari {result.files_checked} berkas."
    )
    out.append("")
    if result.waivers:
        out += ["### Pengecualian (periksa alasannya dulu)", ""]
        for w in result.waivers:
            count = f"{w.findings} temuan" if w.findings else "tidak dipakai"
            what = f"`{w.rule}` {_md(w.target)}".strip()
            out.append(
                f"- {_md(w.file)} baris {w.line}: {what} ({count}) — alasan: "
                f"{_md(mask_secrets(w.reason))}"
            )
        out.append("")
    for title, group in (("Galat (harus diperbaiki)", errors), ("Peringatan", warnings)):
        if not group:
            continue
        out += [f"### {title}", ""]
        for f in group:
            where = f"baris {f.line}" if f.line else "berkas"
            hint = f" Cara memperbaiki: {_md(f.hint)}" if f.hint else ""
            out.append(f"- {_md(f.file)} {where} `{f.rule}`: {_md(f.message)}{hint}")
        out.append("")
    if not total:
        out += ["Lolos pemeriksaan FBS. Terima kasih!", ""]
    return "\n".join(out) + "\n"


__all__ = ["FORMATS", "escape_name"]

FORMATS = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "summary": format_summary,
}
