"""The product's wheel holds the engine and the plugins, never the API sandbox.

The sandbox (``bkd_sandbox``) is a test double of the platforms; shipping it
would put a fake Graph/X/YouTube server on the production machine. Built with
pip's own build path (isolated setuptools from the configured index, as
``make setup`` does), from a copy of the tree so no build/ lands in the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_holds_no_sandbox(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "ledger-data")
    for name in ("syndicate", "plugins", "bkd_sandbox"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "syndicate/contract.py" in names and "syndicate/transport.py" in names
    assert "plugins/syndication/manifest.py" in names
    assert not [n for n in names if "sandbox" in n.lower()], [
        n for n in names if "sandbox" in n.lower()
    ]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    scripts = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "syndicate = syndicate.cli:main" in scripts and "sandbox" not in scripts
