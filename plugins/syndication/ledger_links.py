"""The ledger, read at build time: "Dibagikan di" links and uploaded videos.

The engine writes one ledger file per article (``syndicate.contract.LedgerRecord``);
the build only reads them, and a broken file costs its links, never the build.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from syndicate.contract import (
    DEFAULT_LEDGER_DIR,
    PLATFORMS,
    LedgerRecord,
    Platform,
    repo_root,
    resolve,
)

logger = logging.getLogger(__name__)


def ledger_dir(settings) -> Path:
    raw = os.environ.get("SYNDICATE_LEDGER_DIR") or settings.get(
        "SYNDICATE_LEDGER_DIR", DEFAULT_LEDGER_DIR
    )
    return resolve(raw, repo_root(settings))


def read_ledger(directory: Path) -> dict[str, LedgerRecord]:
    """{article_id: record}; a broken file is logged, never fatal."""
    out: dict[str, LedgerRecord] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith("_"):
            continue
        try:
            record = LedgerRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, AttributeError) as exc:
            logger.warning("syndication: ledger file %s unreadable (%s), ignored", path, exc)
            continue
        out[record.article] = record
    return out


def shared_links(ledger: dict[str, LedgerRecord]) -> dict[str, list[dict]]:
    links: dict[str, list[dict]] = {}
    for article_id, record in ledger.items():
        items = [
            {"platform": p, "label": Platform(p).label, "url": entry["url"]}
            for p in PLATFORMS
            if (entry := record.done(p)) and entry.get("url") and not record.withdrawn_on(p)
        ]
        if items:
            links[article_id] = items
    return links


def uploaded_videos(ledger: dict[str, LedgerRecord]) -> dict[str, str]:
    return {
        article_id: entry["post_id"]
        for article_id, record in ledger.items()
        if (entry := record.done(Platform.YOUTUBE)) and entry.get("post_id")
    }


def load_ledger_into_settings(pelican) -> None:
    settings = pelican.settings
    ledger = read_ledger(ledger_dir(settings))
    settings["SYNDICATION_SHARED"] = shared_links(ledger)
    videos = dict(settings.get("MEDIA_UPLOADED_VIDEOS") or {})
    # An explicit setting wins over the ledger (a manual fix by the admin).
    settings["MEDIA_UPLOADED_VIDEOS"] = {**uploaded_videos(ledger), **videos}
