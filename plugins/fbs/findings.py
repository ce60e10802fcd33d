"""What a check reports: one finding per problem, in Bahasa Indonesia."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass
class Finding:
    file: str
    line: int
    rule: str  # "FBS-<n>.<name>", n being the FBS point it serves
    severity: str  # ERROR or WARNING
    message: str
    hint: str = ""
    # Set when a `Waive:` entry in the article covers this finding.
    waived_by: str | None = None

    @property
    def point(self) -> int:
        return int(self.rule.split(".", 1)[0].removeprefix("FBS-"))

    def as_json(self) -> dict:
        data = asdict(self)
        if data["waived_by"] is None:
            del data["waived_by"]
        return data


def mask(text: str, keep_start: int = 4, keep_end: int = 3) -> str:
    """Show enough of a personal number or secret to find it, never all of it:
    CI logs of a public repository are public."""
    compact = text.strip()
    if len(compact) <= keep_start + keep_end:
        return "*" * len(compact)
    tail = compact[len(compact) - keep_end :] if keep_end else ""
    return compact[:keep_start] + "*" * (len(compact) - keep_start - keep_end) + tail
