"""The build <-> engine contract: one schema, one platform list, one root."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicate.contract import (
    LABELS,
    LIMITS,
    PLATFORMS,
    LedgerRecord,
    LedgerState,
    Manifest,
    ManifestArticle,
    ManifestChange,
    ManifestError,
    ManifestGalleryItem,
    ManifestImage,
    ManifestVideo,
    ManifestWithdrawal,
    Platform,
    repo_root,
)
from syndicate.ledger import Ledger
from syndicate.settings import EXPORTED_SETTINGS, Settings

REPO = Path(__file__).resolve().parents[2]
BASE = "https://bkd.nttprov.go.id"


def full_article() -> ManifestArticle:
    return ManifestArticle(
        id="20261008-bimtek",
        url=f"{BASE}/2026/10/bimtek/",
        title="Bimtek SIASN",
        date=datetime(2026, 10, 8, 9, 30, tzinfo=UTC),
        summary="Ringkasan & catatan",
        tags=("SIASN", "Manggarai"),
        category="Kegiatan",
        platforms=("facebook", "x", "youtube"),
        overrides={"x": "Teks X", "instagram": "Teks IG"},
        og_image=ManifestImage(f"{BASE}/og.jpg", "Foto", 1200, 630),
        instagram_image=ManifestImage(f"{BASE}/ig.jpg", "Foto", 1080, 1350, "content/ig.jpg"),
        gallery=(
            ManifestGalleryItem(f"{BASE}/g1.jpg", f"{BASE}/g1-ig.jpg", "Satu", "BKD", 800, 600),
        ),
        video=ManifestVideo("content/videos/bimtek.mp4", f"{BASE}/poster.jpg", "build/poster.jpg"),
        changes=(
            ManifestChange("c1-20261009", datetime(2026, 10, 9, 8, 0, tzinfo=UTC), "Lokasi."),
        ),
        withdrawn=ManifestWithdrawal(datetime(2026, 10, 10, tzinfo=UTC), "Ditunda."),
    )


def test_manifest_round_trip_pins_the_schema(tmp_path):
    manifest = Manifest(
        site_url=BASE,
        articles=[full_article()],
        settings={"SYNDICATE_PLATFORMS": ["x"]},
        base_dir=tmp_path,
        generated="2026-10-08T10:00:00+00:00",
    )
    path = tmp_path / "build" / "manifest.json"
    manifest.write(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    # The schema, written down once: a change here is a change of contract.
    assert set(data) == {"version", "generated", "site_url", "settings", "articles"}
    assert set(data["articles"][0]) == {
        "id", "url", "title", "summary", "tags", "category", "date", "platforms",
        "overrides", "og_image", "instagram_image", "gallery", "video", "changes",
        "withdrawn",
    }  # fmt: skip
    assert data["articles"][0]["changes"] == [
        {"id": "c1-20261009", "date": "2026-10-09T08:00:00+00:00", "note": "Lokasi."}
    ]
    assert data["articles"][0]["withdrawn"] == {
        "date": "2026-10-10T00:00:00+00:00",
        "note": "Ditunda.",
    }
    assert set(data["articles"][0]["video"]) == {"file", "poster_url", "poster_path"}
    back = Manifest.read(path, base_dir=tmp_path)
    assert back.articles == manifest.articles
    assert back.to_json() == data
    assert back.resolve("content/videos/bimtek.mp4") == tmp_path / "content/videos/bimtek.mp4"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": 2, "articles": []}, "unsupported version"),
        ({"version": 1, "articles": [{"url": "u"}]}, "bad article entry"),
    ],
)
def test_manifest_refuses_what_it_cannot_read(tmp_path, data, message):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ManifestError, match=message):
        Manifest.read(path)
    with pytest.raises(ManifestError, match="build the site first"):
        Manifest.read(tmp_path / "absent.json")


def test_ledger_record_reads_what_the_engine_writes(tmp_path):
    ledger = Ledger(tmp_path)
    ledger.set("20261008-a", "x", f"{BASE}/a/", state="done", post_id="9", url="https://x.com/9")
    ledger.set("20261008-a", "facebook", f"{BASE}/a/", state="failed", error="e")
    data = json.loads((tmp_path / "20261008-a.json").read_text())
    record = LedgerRecord.from_json(data)
    assert record.to_json() == data
    assert record.done("x")["post_id"] == "9" and record.done("facebook") is None
    with pytest.raises(ValueError, match="bad state"):
        LedgerRecord.from_json({"article": "a", "platforms": {"x": {"state": "posted"}}})
    ledger.set_followup(
        "20261008-a", "c1-20261009", "x", f"{BASE}/a/", state="done", kind="correction",
        action="reply", target="9", result_id="10",
    )  # fmt: skip
    data = json.loads((tmp_path / "20261008-a.json").read_text())
    record = LedgerRecord.from_json(data)
    assert record.to_json() == data
    assert record.followup("c1-20261009", "x")["result_id"] == "10"
    assert not record.withdrawn_on("x")
    with pytest.raises(ValueError, match="bad kind"):
        LedgerRecord.from_json(
            {"article": "a", "followups": {"c1": {"x": {"state": "done", "kind": "edit"}}}}
        )
    # str-valued: the files read exactly as before the enum.
    assert json.dumps({"state": LedgerState.DONE}) == '{"state": "done"}'


def test_platforms_labels_and_limits_are_one_list():
    assert PLATFORMS == tuple(Platform) == tuple(LABELS) == tuple(LIMITS)
    assert Platform("x").label == "X" and Platform.X.limits.text == 280
    assert Platform.INSTAGRAM.limits.text == 2200 and Platform.INSTAGRAM.limits.hashtags == 30
    assert Platform.YOUTUBE.limits.title == 100 and Platform.YOUTUBE.limits.text_unit == "bytes"


def test_every_engine_setting_in_pelicanconf_reaches_the_manifest():
    configured = set(
        re.findall(r"^(SYNDICATE_[A-Z_]+)\s*=", (REPO / "pelicanconf.py").read_text(), re.M)
    )
    assert configured and configured <= set(EXPORTED_SETTINGS)
    # Derived from the engine's own settings, so a new field is exported too.
    assert "SYNDICATE_MAX_AGE_DAYS" in EXPORTED_SETTINGS
    assert Settings.load({k: "7" for k in ("SYNDICATE_MAX_AGE_DAYS",)}).max_age_days == 7


def test_build_and_engine_resolve_the_ledger_against_one_root(tmp_path, monkeypatch):
    from plugins.syndication.ledger_links import ledger_dir

    monkeypatch.delenv("SYNDICATE_ROOT", raising=False)
    monkeypatch.delenv("SYNDICATE_LEDGER_DIR", raising=False)
    (tmp_path / "pelicanconf.py").write_text("")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # the engine started from a subfolder
    assert repo_root() == tmp_path
    settings = {"SYNDICATE_LEDGER_DIR": "ledger"}
    engine = Settings.load(settings, env={}).ledger_path(repo_root())
    assert ledger_dir(settings) == engine == tmp_path / "ledger"
    monkeypatch.setenv("SYNDICATE_ROOT", str(tmp_path / "elsewhere"))
    assert ledger_dir(settings) == tmp_path / "elsewhere" / "ledger"
    assert repo_root() == tmp_path / "elsewhere"
