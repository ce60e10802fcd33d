"""A real Pelican build: the manifest, and "Dibagikan di" links from the ledger."""

from __future__ import annotations

import json

from syndicate.ledger import Ledger

ARTICLE = "20261008-bimtek-siasn-pengelola-kepegawaian-manggarai"


def test_build_writes_manifest_and_links_shared_posts(pelican_build, tmp_path):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    ledger = Ledger(tmp_path / "ledger")
    ledger.set(
        ARTICLE, "facebook", "u", state="done", post_id="1_2", url="https://www.facebook.com/1_2"
    )
    ledger.set(
        ARTICLE, "x", "u", state="done", post_id="9", url="https://x.com/Bkdprovinsintt/status/9"
    )
    ledger.set(ARTICLE, "instagram", "u", state="failed", error="e")
    out = tmp_path / "output"
    result = pelican_build(
        repo / "content", out, env={"SYNDICATE_LEDGER_DIR": str(tmp_path / "ledger")}
    )
    assert result.returncode == 0, result.stdout + result.stderr

    manifest = json.loads((out.parent / "build" / "syndication" / "manifest.json").read_text())
    ids = {a["id"] for a in manifest["articles"]}
    assert ARTICLE in ids
    assert not any("draf" in a["id"] for a in manifest["articles"])  # drafts never listed
    entry = next(a for a in manifest["articles"] if a["id"] == ARTICLE)
    assert entry["url"].startswith("http://127.0.0.1:8000/2026/10/")
    assert set(entry["platforms"]) == {"facebook", "instagram", "x", "youtube"}
    assert entry["title"] and entry["tags"] and entry["date"].startswith("2026-10-08")

    page = next(out.glob("2026/10/bimtek-siasn-pengelola-kepegawaian-manggarai/index.html"))
    html = page.read_text()
    assert "Dibagikan di:" in html
    assert "https://www.facebook.com/1_2" in html and "status/9" in html
    assert "Instagram</a>" not in html.split("Dibagikan di:")[1][:400]
    other = next(p for p in out.glob("2026/*/*/index.html") if p != page)
    assert "Dibagikan di:" not in other.read_text()


def test_uploaded_video_from_the_ledger_is_embedded(pelican_build, tmp_path):
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    content = tmp_path / "content"
    shutil.copytree(repo / "content", content)
    source = content / "articles" / "bimtek-siasn-pengelola-kepegawaian-manggarai.md"
    text = source.read_text(encoding="utf-8").replace(
        "Video: Qm7hT2vLx9A\n", "VideoFile: videos/bimtek.mp4\n"
    )
    source.write_text(text, encoding="utf-8")
    (content / "videos").mkdir()
    (content / "videos" / "bimtek.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000)
    ledger = Ledger(tmp_path / "ledger")
    ledger.set(
        ARTICLE,
        "youtube",
        "u",
        state="done",
        post_id="Zx9_uploadA",
        url="https://www.youtube.com/watch?v=Zx9_uploadA",
    )
    out = tmp_path / "output"
    result = pelican_build(content, out, env={"SYNDICATE_LEDGER_DIR": str(tmp_path / "ledger")})
    assert result.returncode == 0, result.stdout + result.stderr
    page = out / "2026/10/bimtek-siasn-pengelola-kepegawaian-manggarai/index.html"
    html = page.read_text()
    assert "Zx9_uploadA" in html  # the facade links the uploaded video
    assert "Dibagikan di:" in html and "YouTube</a>" in html
    manifest = json.loads((out.parent / "build" / "syndication" / "manifest.json").read_text())
    entry = next(a for a in manifest["articles"] if a["id"] == ARTICLE)
    assert entry["video"]["file"].endswith("videos/bimtek.mp4")
    assert entry["video"]["poster_url"].startswith("http://127.0.0.1:8000/")
    # The poster's local file travels too: the engine uploads it as the thumbnail.
    assert entry["video"]["poster_path"] and entry["video"]["poster_path"].endswith(".jpg")
    # What the plugin wrote is exactly what the contract reads back.
    from syndicate.contract import Manifest

    assert Manifest.from_json(manifest).to_json()["articles"] == manifest["articles"]
