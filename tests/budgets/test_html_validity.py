"""Every page of the built site passes the Nu Html Checker (vnu-jar, Java) with zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess

from tests._support import sitekit


def run_vnu(paths):
    java = shutil.which("java")
    if java is None:
        sitekit.unavailable("java not found: install default-jre-headless (see .ci/run)")
    command = [
        java,
        "-Xss8m",
        "-jar",
        str(sitekit.VNU_JAR),
        "--errors-only",
        "--format",
        "json",
        "--exit-zero-always",
        *map(str, paths),
    ]
    # vnu prints UTF-8 whatever locale another test may have set in this process.
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=600)
    return json.loads(result.stderr or '{"messages": []}')["messages"], result


def test_every_page_is_valid_html(built_site, npm_tools):
    pages = sitekit.html_pages(built_site)
    assert len(pages) > 10
    messages, _result = run_vnu(pages)
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    report = "\n".join(
        f"{m.get('url', '').split(str(built_site))[-1]}:{m.get('lastLine')}: {m.get('message')}"
        f"  [{(m.get('extract') or '').strip()[:80]}]"
        for m in errors
    )
    assert errors == [], f"{len(errors)} HTML errors:\n{report}"


def test_the_checker_really_reports_errors(npm_tools, tmp_path):
    """A page with a known error must fail, or the test above proves nothing."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=id><title>x</title><p><div></p>", encoding="utf-8")
    messages, _result = run_vnu([bad])
    assert any(m.get("type") == "error" for m in messages)
