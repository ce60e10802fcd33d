"""How a problem is reported to an author, in one place.

Used by the content reader and confinement (plugins/bkd_content), the media
step and the FBS gate (whose Finding extends the one here). A problem is a
Finding: file, line, rule, severity, message and hint, the message and hint
in Bahasa Indonesia, saying how to fix it. Personal numbers and secrets are
masked when a Finding is made, so no caller can print one unmasked.

The one formatter of findings: the build-log block (below), JSON for tools
(`json_findings`) and GitHub workflow-command annotations (`annotation`,
with GitHub's escaping). The labels, the "Cara memperbaiki" line and the cap
on how many problems of one file are shown live here too.

The build log shows one block per file:

    content/articles/rapat.md:
      baris 5: GALAT: Foto 'images/rapat.jpg' tidak ditemukan.
          Cara memperbaiki: ...
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from plugins.fbs.masking import mask_secrets, mask_tokens

ERROR = "error"
WARNING = "warning"
LABEL = {ERROR: "GALAT", WARNING: "PERINGATAN"}
FIX = "Cara memperbaiki"
# One file cannot flood the log: after this many problems of one file, one
# line says how many more there are.
MAX_PER_FILE = 20


@dataclass
class Finding:
    file: str
    line: int
    rule: str
    severity: str  # ERROR or WARNING
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        # Messages quote the author's text, which may hold a NIK or a token,
        # and the build log and annotations of a public repository are public.
        self.file = mask_tokens(self.file)
        self.message = mask_secrets(self.message)
        self.hint = mask_secrets(self.hint)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def entry_lines(line: int | None, severity: str, message: str, hint: str = "") -> list[str]:
    """One problem as the build log shows it under its file's name."""
    where = f"baris {line}: " if line else ""
    out = [f"  {where}{LABEL[severity]}: {mask_secrets(message)}"]
    if hint:
        out.append(f"      {FIX}: {mask_secrets(hint)}")
    return out


def format_block(file: str, problems, *, cap: int = MAX_PER_FILE) -> str:
    """The problems of one file (anything with line, severity, message and
    hint), errors kept first when there are more than `cap`, shown by line."""
    ordered = sorted(problems, key=lambda p: (p.severity != ERROR, p.line or 0))
    shown, rest = ordered[:cap], ordered[cap:]
    lines = [f"{mask_tokens(file)}:"]
    for p in sorted(shown, key=lambda p: p.line or 0):
        lines += entry_lines(p.line, p.severity, p.message, p.hint)
    if rest:
        lines.append(more_line(len(rest)))
    return "\n".join(lines)


def more_line(count: int, what: str = "masalah") -> str:
    return (
        f"  ... dan {count} {what} lain di berkas ini (tidak ditampilkan); "
        "perbaiki yang di atas lalu bangun ulang."
    )


# --- JSON and GitHub annotations ------------------------------------------


def json_findings(findings: Iterable[Finding]) -> str:
    return json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2) + "\n"


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


def errors_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.severity != ERROR)


def annotation(level: str, file: str, line: int, title: str, body: str) -> str:
    """One GitHub workflow command (`::error file=...,line=...,title=...::body`)."""
    props = f"file={_escape_property(file)},line={max(line, 1)},title={_escape_property(title)}"
    return f"::{level} {props}::{_escape_data(body)}"


def finding_annotation(finding: Finding, title: str = "") -> str:
    level = "error" if finding.severity == ERROR else "warning"
    body = finding.message + (f"\n{FIX}: {finding.hint}" if finding.hint else "")
    return annotation(level, finding.file, finding.line, title or finding.rule, body)
