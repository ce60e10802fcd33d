"""Three ways to print a Result: for authors (text, Bahasa Indonesia), for
tools (JSON) and for GitHub pull requests (workflow-command annotations)."""

from __future__ import annotations

import json
from itertools import groupby

from plugins.report import FIX, LABEL

from .findings import ERROR
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
    for file, group in groupby(active, key=lambda f: f.file):
        group = list(group)
        out.append(f"{file}")
        hints_shown = set()
        for f in group:
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
    return json.dumps([f.as_json() for f in result.findings], ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_name(text: str) -> str:
    """A file name as CI logs may show it: GitHub's escaping of %, CR and LF,
    so a name cannot start a workflow command on a line of its own."""
    return _escape_data(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# GitHub shows at most 10 annotations of each level (error, warning, notice)
# per step; the rest are dropped silently. See docs.github.com, "Workflow
# commands for GitHub Actions" (annotation limits). Errors go out first so
# the ones that block the merge are the ones shown.
ANNOTATIONS_PER_LEVEL = 10


def _errors_first(findings):
    return sorted(findings, key=lambda f: f.severity != ERROR)


def format_github(result) -> str:
    out = []
    for w in result.waivers:
        what = f"{w.rule} {w.target}".strip()
        body = (
            f"Pengecualian {what} berlaku ({w.findings} temuan). Alasan: {mask_secrets(w.reason)}"
        )
        title = _escape_property("FBS: pengecualian")
        props = f"file={_escape_property(w.file)},line={w.line},title={title}"
        out.append(f"::notice {props}::{_escape_data(body)}")
    for f in _errors_first(result.active):
        level = "error" if f.severity == ERROR else "warning"
        title = f"{f.rule}: {RULES[f.rule].summary}" if f.rule in RULES else f.rule
        body = f.message + (f"\n{FIX}: {f.hint}" if f.hint else "")
        props = (
            f"file={_escape_property(f.file)},line={max(f.line, 1)},title={_escape_property(title)}"
        )
        out.append(f"::{level} {props}::{_escape_data(body)}")
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


FORMATS = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "summary": format_summary,
}
