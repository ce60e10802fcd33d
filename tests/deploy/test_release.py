"""deploy/release.sh: atomic releases behind a `current` symlink, pruning and
rollback, against a local folder target (the same script drives ssh targets)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "release.sh"

if shutil.which("rsync") is None:
    if os.environ.get("CI") == "true":
        pytest.fail("rsync is required in CI (.ci/run installs it)", pytrace=False)
    pytest.skip("rsync is not installed", allow_module_level=True)


def run(*args, env=None, check=True):
    result = subprocess.run(
        [str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def build(tmp_path: Path, version: int) -> Path:
    """A fake `make publish` result: output/ and the notes beside it."""
    out = tmp_path / f"build-{version}" / "output"
    (out / "css").mkdir(parents=True)
    notes = out.parent / "build" / "nginx"
    notes.mkdir(parents=True)
    (notes / "gone.conf").write_text(f"# versi {version}\n", encoding="utf-8")
    (out / "index.html").write_text(f"<p>versi {version}</p>", encoding="utf-8")
    (out / "css" / "site.css").write_text("body{}", encoding="utf-8")  # unchanged between builds
    (out / f"only-{version}.txt").write_text(str(version), encoding="utf-8")
    return out


def served(target: Path) -> str:
    site = (target / "current" / "site" / "index.html").read_text(encoding="utf-8")
    notes = (target / "current" / "nginx" / "gone.conf").read_text(encoding="utf-8")
    # The 410 list always travels with its own release.
    assert notes == site.replace("<p>", "# ").replace("</p>", "\n")
    return site


def releases(target: Path) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir())


def test_publish_switches_atomically_keeps_a_few_and_rolls_back(tmp_path):
    target = tmp_path / "srv"
    env = {"DEPLOY_KEEP": "3"}
    for version in range(1, 6):
        run("publish", build(tmp_path, version), target, env=env)
        assert served(target) == f"<p>versi {version}</p>"
        current = target / "current"
        assert current.is_symlink()
        # Relative, so the folder can be moved or mounted elsewhere.
        assert os.readlink(current) == f"releases/{releases(target)[-1]}"
        # Each release is complete on its own: no file of an older build.
        names = {p.name for p in (current / "site").resolve().iterdir()}
        assert names == {"index.html", "css", f"only-{version}.txt"}
    assert len(releases(target)) == 3
    newest = target / "releases" / releases(target)[-1]
    older = target / "releases" / releases(target)[-2]
    # Unchanged files are hard links into the previous release, not copies.
    old_css, new_css = (r / "site/css/site.css" for r in (older, newest))
    assert new_css.stat().st_ino == old_css.stat().st_ino
    assert not list(target.glob("current.new"))

    listing = run("list", target).stdout.splitlines()
    assert listing[-1].startswith("* ") and len(listing) == 3

    run("rollback", target)
    assert served(target) == "<p>versi 4</p>"
    run("rollback", target)
    assert served(target) == "<p>versi 3</p>"
    failed = run("rollback", target, check=False)
    assert failed.returncode != 0
    assert "tidak ada rilis sebelum" in failed.stderr
    assert served(target) == "<p>versi 3</p>"

    # The next publish is newest again, and pruning never removes what is served.
    run("publish", build(tmp_path, 6), target, env={"DEPLOY_KEEP": "1"})
    assert served(target) == "<p>versi 6</p>"
    assert len(releases(target)) == 1


def test_a_failed_copy_leaves_the_running_release(tmp_path):
    target = tmp_path / "srv"
    run("publish", build(tmp_path, 1), target)
    broken = run(
        "publish",
        build(tmp_path, 2),
        target,
        env={"DEPLOY_RSYNC_OPTS": "--no-such-option"},
        check=False,
    )
    assert broken.returncode != 0
    assert "salinan gagal" in broken.stderr
    assert served(target) == "<p>versi 1</p>"
    assert len(releases(target)) == 1, "the partial release is removed"


def test_reload_command_runs_after_the_switch(tmp_path):
    target = tmp_path / "srv"
    marker = tmp_path / "reloaded"
    command = f'cat "$1/current/site/index.html" > {marker}'
    run("publish", build(tmp_path, 1), target, env={"DEPLOY_RELOAD": command})
    assert marker.read_text() == "<p>versi 1</p>"


def test_refuses_a_folder_that_is_not_a_build(tmp_path):
    empty = tmp_path / "kosong"
    empty.mkdir()
    result = run("publish", empty, tmp_path / "srv", check=False)
    assert result.returncode != 0
    assert "make publish" in result.stderr
    assert not (tmp_path / "srv").exists()


def test_make_rollback(tmp_path):
    target = tmp_path / "srv"
    run("publish", build(tmp_path, 1), target)
    run("publish", build(tmp_path, 2), target)
    result = subprocess.run(
        ["make", "--no-print-directory", "rollback"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "DEPLOY_RSYNC_TARGET": str(target)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert served(target) == "<p>versi 1</p>"


def test_remote_target_goes_through_the_ssh_command(tmp_path):
    """user@host:/folder: every step runs through DEPLOY_SSH (here a stand-in
    that runs the remote command locally, as sshd would on the server)."""
    fake_ssh = tmp_path / "fake-ssh"
    calls = tmp_path / "ssh-calls"
    # rsync calls `ssh -l user host command`; release.sh calls `ssh user@host bash -s -- ...`.
    fake_ssh.write_text(
        "#!/bin/sh\n"
        'user=""\n'
        'while [ "${1#-}" != "$1" ]; do [ "$1" = -l ] && { user="$2@"; shift; }; shift; done\n'
        f'echo "$user$1" >> {calls}\n'
        "shift\n"
        'exec sh -c "$*"\n'
    )
    fake_ssh.chmod(0o755)
    target = tmp_path / "srv"
    env = {"DEPLOY_SSH": str(fake_ssh)}
    run("publish", build(tmp_path, 1), f"deploy@server:{target}", env=env)
    run("publish", build(tmp_path, 2), f"deploy@server:{target}", env=env)
    assert served(target) == "<p>versi 2</p>"
    run("rollback", f"deploy@server:{target}", env=env)
    assert served(target) == "<p>versi 1</p>"
    hosts = set(calls.read_text().split())
    assert hosts == {"deploy@server"}
