"""The viewer, the admin endpoints, persistence, the CLI, and secrets hygiene."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bkd_sandbox.config import SandboxConfig
from bkd_sandbox.testing import (
    fast_config,
    graph_headers,
    make_tweepy_client,
    running_sandbox,
)


def post_everywhere(sandbox, image_host) -> None:
    requests.post(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed",
        data={"message": "Berita <b>tebal</b> & lainnya", "link": "https://bkd.nttprov.go.id/a"},
        headers=graph_headers(sandbox),
    ).raise_for_status()
    ig = f"{sandbox.graph_url}/{sandbox.config.instagram.ig_user_id}"
    container = requests.post(
        f"{ig}/media",
        data={
            "image_url": image_host.url + "/square.jpg",
            "caption": "Foto apel",
            "alt_text": "Apel",
        },
        headers=graph_headers(sandbox),
    ).json()["id"]
    time.sleep(sandbox.config.instagram.container_processing_seconds + 0.05)
    requests.post(
        f"{ig}/media_publish", data={"creation_id": container}, headers=graph_headers(sandbox)
    ).raise_for_status()
    make_tweepy_client(sandbox).create_tweet(text="Kabar X https://bkd.nttprov.go.id/a")


def test_viewer_shows_the_four_timelines_in_indonesian(sandbox, image_host):
    post_everywhere(sandbox, image_host)
    page = requests.get(sandbox.url + "/")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert '<html lang="id">' in html
    for section in ("facebook", "instagram", "x", "youtube"):
        assert f'<section id="{section}">' in html
    assert "Belum ada unggahan." in html  # YouTube is empty
    assert "Berita &lt;b&gt;tebal&lt;/b&gt; &amp; lainnya" in html  # escaped, not rendered
    assert f'<img src="{image_host.url}/square.jpg" alt="Apel"' in html
    assert 'href="https://bkd.nttprov.go.id/a"' in html
    assert "<script" not in html
    for secret in (sandbox.config.facebook.access_token, sandbox.config.x.access_token_secret):
        assert secret not in html


def test_posts_json_has_text_image_link_and_time(sandbox, image_host):
    post_everywhere(sandbox, image_host)
    posts = sandbox.posts()
    assert set(posts) == {"facebook", "instagram", "x", "youtube"}
    for platform in ("facebook", "instagram", "x"):
        [post] = posts[platform]
        assert {"id", "text", "link", "images", "time", "permalink"} <= set(post)
    only_x = requests.get(f"{sandbox.url}/_sandbox/posts", params={"platform": "x"}).json()
    assert list(only_x) == ["x"]


def test_reset_clears_posts_and_faults(sandbox, image_host):
    post_everywhere(sandbox, image_host)
    sandbox.arm("x", "http_500")
    sandbox.reset()
    assert all(items == [] for items in sandbox.posts().values())
    assert requests.get(f"{sandbox.url}/_sandbox/faults").json()["faults"] == []


def test_public_config_has_ids_but_no_secrets(sandbox):
    config = requests.get(f"{sandbox.url}/_sandbox/config").json()
    assert config["facebook"]["page_id"] == sandbox.config.facebook.page_id
    text = json.dumps(config)
    for secret in ("sandbox-page-token", "sandbox-x-consumer-secret", "sandbox-refresh-token"):
        assert secret not in text


def test_state_persists_atomically_and_reset_clears_it(tmp_path, image_host):
    state = tmp_path / "sandbox-state.json"
    with running_sandbox(fast_config(), state_path=state) as sandbox:
        post_everywhere(sandbox, image_host)
        saved = json.loads(state.read_text())
        assert len(saved["posts"]["x"]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sandbox-state.json"]  # no temp files

    with running_sandbox(fast_config(), state_path=state) as sandbox:
        assert len(sandbox.posts("instagram")) == 1
        # The duplicate check survives a restart, as it does on the real platform.
        import tweepy

        with pytest.raises(tweepy.Forbidden):
            make_tweepy_client(sandbox).create_tweet(text="Kabar X https://bkd.nttprov.go.id/a")

    with running_sandbox(fast_config(), state_path=state, reset=True) as sandbox:
        assert sandbox.posts("x") == []
    assert json.loads(state.read_text())["posts"]["x"] == []


def test_tokens_never_reach_the_log(sandbox, caplog):
    caplog.set_level(logging.DEBUG, logger="bkd_sandbox")
    token = sandbox.config.facebook.access_token
    feed = f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed"
    requests.get(feed, params={"access_token": token, "fields": "message"})
    requests.post(feed, data={"message": "x", "access_token": token})
    sandbox.arm("facebook", "http_500")
    requests.get(feed, params={"access_token": token})
    make_tweepy_client(sandbox).create_tweet(text="log")
    assert caplog.records, "the sandbox logs requests"
    assert token not in caplog.text
    assert sandbox.config.x.access_token not in caplog.text
    assert "access_token=REDACTED" in caplog.text


def test_config_file_overrides_and_rejects_unknown_keys(tmp_path):
    path = tmp_path / "sandbox.json"
    path.write_text(json.dumps({"x": {"tweets_per_window": 3}, "graph_version": "v26.0"}))
    config = SandboxConfig.load(path)
    assert config.x.tweets_per_window == 3
    assert config.x.consumer_key == "sandbox-x-consumer-key"
    assert config.graph_version == "v26.0"
    with pytest.raises(ValueError, match="unknown keys tweets_per_hour"):
        SandboxConfig.from_dict({"x": {"tweets_per_hour": 3}})


def test_unknown_path_is_404(sandbox):
    assert requests.get(f"{sandbox.url}/graph/v25.0").status_code == 404
    assert requests.get(f"{sandbox.url}/x/2/nothing").status_code == 404


def test_cli_starts_serves_and_stops(tmp_path):
    state = tmp_path / "state.json"
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"instagram": {"container_processing_seconds": 0}}))
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bkd_sandbox",
            "--port",
            "0",
            "--state",
            str(state),
            "--reset",
            "--config",
            str(config),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        first_line = process.stdout.readline()
        assert "Sandbox media sosial berjalan di http://127.0.0.1:" in first_line
        url = first_line.split(" di ")[1].strip().rstrip("/")
        assert requests.get(f"{url}/_sandbox/health", timeout=5).json() == {"ok": True}
        assert "Sandbox media sosial" in requests.get(url + "/", timeout=5).text
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()
    assert state.exists()


def test_cli_without_command_prints_help():
    result = subprocess.run(
        [sys.executable, "-m", "syndicate.cli"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    # The sandbox is its own package (python -m bkd_sandbox), not a product command.
    assert "publish" in result.stderr and "sandbox" not in result.stderr


def test_cli_reports_a_port_in_use(sandbox):
    result = subprocess.run(
        [sys.executable, "-m", "bkd_sandbox", "--port", str(sandbox.running.port)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("--config", '{"x": {"tweets_per_hour": 1}}', "unknown keys tweets_per_hour"),
        ("--state", "{not json", "not valid JSON"),
    ],
)
def test_cli_reports_bad_files_without_traceback(tmp_path, option, content, message):
    path = tmp_path / "file.json"
    path.write_text(content)
    result = subprocess.run(
        [sys.executable, "-m", "bkd_sandbox", "--port", "0", option, str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
