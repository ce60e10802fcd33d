"""`make serve` without node still serves the site and says why the editor is off."""

from __future__ import annotations

import subprocess

from plugins.editor import local


def test_without_node_the_message_is_indonesian_and_the_exit_is_clean(monkeypatch, capsys):
    monkeypatch.setattr(local.shutil, "which", lambda _name: None)
    assert local.main(["--site", "http://127.0.0.1:8000/"]) == 0
    message = capsys.readouterr().err
    assert "Node.js tidak ditemukan" in message
    assert "http://127.0.0.1:8000/admin/" in message
    assert "Situs tetap berjalan" in message


def test_demo_repository_is_a_clone_on_main_and_leaves_the_source_alone(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.md").write_text("Title: A\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "work", str(source)], check=True)
    subprocess.run(["git", "-C", str(source), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(source), "-c", "user.name=t", "-c", "user.email=t@t",
         "commit", "-qm", "x"],
        check=True,
    )  # fmt: skip
    repo = local.prepare_demo_repo(tmp_path / "demo", source=source)
    branch = subprocess.run(
        ["git", "-C", str(repo), "branch", "--show-current"], capture_output=True, text=True
    ).stdout.strip()
    assert branch == "main"
    assert (repo / "a.md").read_text(encoding="utf-8") == "Title: A\n"
    # A second start keeps the clone (and a trainer's drafts on it).
    (repo / "draft.txt").write_text("x", encoding="utf-8")
    local.prepare_demo_repo(tmp_path / "demo", source=source)
    assert (repo / "draft.txt").exists()
