"""The command renderers, apart from the commands: pure text from engine data."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from syndicate import render
from syndicate.contract import Action, Outcome


def _item(action, article="20261008-a", platform="x", reason=""):
    return SimpleNamespace(
        action=action,
        platform=platform,
        reason=reason,
        article=SimpleNamespace(id=article, url=f"https://bkd.nttprov.go.id/{article}/"),
    )


def test_plan_hides_done_unless_asked_and_counts_by_label():
    items = [_item(Action.POST), _item(Action.DONE, "20261007-b"), _item(Action.SKIP, reason="r")]
    text = render.plan_text(items, show_done=False, paused=True, articles=2)
    assert "20261007-b" not in text and "POST      x" in text and "lewati" in text
    assert "DIJEDA" in text
    assert text.endswith("2 artikel; sudah: 1, POST: 1, lewati: 1\n")
    assert "20261007-b" in render.plan_text(items, show_done=True, paused=False, articles=2)


def test_summary_has_one_row_per_platform():
    result = SimpleNamespace(
        by_platform={"x": Counter({Outcome.POSTED: 2, Outcome.FAILED: 1})}, failures=["x: e"]
    )
    lines = render.summary_text(result).splitlines()
    assert lines[1].split() == ["platform", *[str(c) for c in render.SUMMARY_COLUMNS]]
    row = next(line for line in lines if line.startswith("x "))
    assert row.split() == ["x", "2", "0", "0", "0", "1", "0"]
    assert lines[-1] == "GAGAL: x: e"
