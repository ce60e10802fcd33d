"""The committed editor bundle is the one package-lock.json pins, unmodified."""

from __future__ import annotations

import json

from plugins.editor import BUNDLE, bundle


def test_committed_bundle_matches_the_locked_npm_tarball():
    assert bundle.problems() == []


def test_bundle_announces_the_locked_version():
    version = bundle.locked()["version"]
    text = (bundle.VENDOR / BUNDLE).read_text(encoding="utf-8", errors="replace")
    assert f"decap-cms-app {version}" in text


def test_a_changed_file_or_pin_is_reported(tmp_path, monkeypatch):
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    manifest = json.loads(bundle.MANIFEST.read_text(encoding="utf-8"))
    for name in manifest["files"]:
        (vendor / name).write_bytes((bundle.VENDOR / name).read_bytes())
    (vendor / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(bundle, "VENDOR", vendor)
    monkeypatch.setattr(bundle, "MANIFEST", vendor / "MANIFEST.json")
    assert bundle.problems() == []
    (vendor / BUNDLE).write_bytes(b"alert(1)")
    assert bundle.problems() == [f"{BUNDLE}: content differs from the npm tarball"]
    lock = json.loads(bundle.LOCK.read_text(encoding="utf-8"))
    lock["packages"]["node_modules/decap-cms"]["version"] = "9.9.9"
    fake_lock = tmp_path / "package-lock.json"
    fake_lock.write_text(json.dumps(lock), encoding="utf-8")
    monkeypatch.setattr(bundle, "LOCK", fake_lock)
    assert "MANIFEST version 3.16.3 != package-lock.json 9.9.9" in bundle.problems()
