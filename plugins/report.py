"""How a problem is reported to an author, in one place.

Used by the content reader and confinement (plugins/bkd_content), the media
step and the FBS gate (whose Finding extends the one here). A problem is a
Finding: file, line, rule, severity, message and hint, the message and hint
in Bahasa Indonesia, saying how to fix it. The labels, the "Cara memperbaiki"
line, the cap on how many problems of one file are shown, and the masking of
personal numbers and secrets are applied here, when the text is made, so no
caller can print a problem unmasked.

The build log shows one block per file:

    content/articles/rapat.md:
      baris 5: GALAT: Foto 'images/rapat.jpg' tidak ditemukan.
          Cara memperbaiki: ...
"""

from __future__ import annotations

from dataclasses import dataclass

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
