"""The publish workflow's `withdraw` action runs `syndicate withdraw` with the
article, platform and note typed in, and reports its exit code like publish."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "publish.yml"


def test_withdraw_is_a_dispatch_action_that_runs_the_command():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    dispatch = data[True]["workflow_dispatch"]["inputs"]  # YAML 1.1 reads `on` as True
    assert "withdraw" in dispatch["action"]["options"]
    steps = data["jobs"]["syndicate"]["steps"]
    step = next(s for s in steps if s.get("id") == "withdraw")
    assert step["if"] == "env.ACTION == 'withdraw'"
    assert ".venv/bin/syndicate withdraw --manifest" in step["run"]
    assert {"ARTICLE", "PLATFORM", "NOTE"} <= set(step["env"])
    alert = next(s for s in steps if s.get("name") == "Tell the admin team (one issue)")
    assert "steps.withdraw.outputs.code" in alert["env"]["CODE"]
