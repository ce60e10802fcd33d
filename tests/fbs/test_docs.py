"""The pull-request checklist and the author guide stay in step with the rules."""

from __future__ import annotations

import re
from pathlib import Path

from plugins.fbs.rules import RULES

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
GUIDE = (REPO / "content" / "PANDUAN-FBS.md").read_text(encoding="utf-8")
RULE_ID = re.compile(r"FBS-\d\.[a-z-]+")


def checklist() -> list[str]:
    return re.split(r"\n(?=- \[ \])", TEMPLATE.split("- [ ]", 1)[1])


def test_template_has_the_nine_points_in_order():
    items = checklist()
    assert len(items) == 9
    for number, item in enumerate(items, start=1):
        assert f"**{number}." in item


def test_judgement_points_are_marked_for_the_reviewer():
    items = checklist()
    for number in (3, 5, 6):
        assert "Penilaian reviewer" in items[number - 1]
    for number in (1, 2, 4, 7, 8, 9):
        assert "Otomatis" in items[number - 1]


def test_template_names_only_real_rules():
    named = set(RULE_ID.findall(TEMPLATE))
    assert named and named <= set(RULES)


def test_guide_explains_every_rule():
    missing = [r for r in RULES if f"`{r}`" not in GUIDE]
    assert missing == []
    assert "Waive: FBS-8.nip 1985***********004:" in GUIDE
    assert "Waive: FBS-8.nip 1985***********004:" in TEMPLATE
