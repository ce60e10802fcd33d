"""What a check reports: one finding per problem, in Bahasa Indonesia."""

from __future__ import annotations

from dataclasses import dataclass

from plugins import report
from plugins.report import ERROR, WARNING

from .masking import mask

__all__ = ["ERROR", "WARNING", "Finding", "mask"]


@dataclass
class Finding(report.Finding):
    """plugins/report.py's Finding; `rule` is "FBS-<n>.<name>", n being the
    FBS point it serves."""

    # Set when a `Waive:` entry in the article covers this finding.
    waived_by: str | None = None
    # What the finding is about, masked as the report prints it (a NIP, a
    # phone number, a word): a waiver must name it to cover this finding.
    subject: str = ""

    @property
    def point(self) -> int:
        return int(self.rule.split(".", 1)[0].removeprefix("FBS-"))

    def as_json(self) -> dict:
        data = super().as_json()
        if data["waived_by"] is None:
            del data["waived_by"]
        if not data["subject"]:
            del data["subject"]
        return data
