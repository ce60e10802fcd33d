"""The ledger: what was posted where, so each article goes out exactly once.

One JSON file per article (``<article id>.json``) so that branches touching
different articles merge cleanly. Each file holds one entry per platform::

    {"article": "20261008-slug", "url": "https://.../",
     "platforms": {"x": {"state": "done", "post_id": "...", "url": "...",
                         "attempts": 1, "updated": "..."}}}

States (``syndicate.contract.LedgerState``, the schema the build also reads):
``pending`` (a request may be on its way), ``done`` (post id and permalink),
``failed`` (error, attempts, next try), ``skipped`` (reason).
Every change rewrites the article's file through a temporary file and
``os.replace``, so a crash leaves either the old or the new file, never half.

``LedgerLock`` is an ``flock`` on ``.syndicate-lock`` in the ledger folder: the kernel
drops it when the process dies, so a killed run never blocks the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from syndicate.contract import LedgerState

STATES = tuple(LedgerState)
# Fields that survive a rewrite of an unfinished entry (pending/failed): a
# resumable upload's session must outlive the attempt that opened it, or a
# killed run would start a second upload; an admin's explicit retry of an old
# article must outlive a transient failure. ``done``/``skipped`` drop them.
CARRIED_WHILE_UNFINISHED = ("upload_session", "admin_retry")
BASELINE_FILE = "_baseline.json"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class LedgerBusy(Exception):
    """Another `syndicate publish` holds the lock."""


class Ledger:
    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)
        self._cache: dict[str, dict] = {}

    # --- reading ---------------------------------------------------------

    def path_of(self, article_id: str) -> Path:
        if not _SAFE_ID.match(article_id):
            raise ValueError(f"unsafe article id {article_id!r}")
        return self.dir / f"{article_id}.json"

    def load_all(self) -> dict[str, dict]:
        self._cache = {}
        if self.dir.is_dir():
            for path in self.dir.glob("*.json"):
                if path.name.startswith("_"):
                    continue
                data = json.loads(path.read_text(encoding="utf-8"))
                self._cache[data["article"]] = data
        return self._cache

    def record(self, article_id: str) -> dict | None:
        if article_id in self._cache:
            return self._cache[article_id]
        path = self.path_of(article_id)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        self._cache[article_id] = data
        return data

    def entry(self, article_id: str, platform: str) -> dict | None:
        data = self.record(article_id)
        return (data or {}).get("platforms", {}).get(platform)

    def entries(self) -> list[tuple[str, str, dict]]:
        out = []
        for article_id, data in sorted(self._cache.items()):
            for platform, entry in sorted(data.get("platforms", {}).items()):
                out.append((article_id, platform, entry))
        return out

    # --- writing ---------------------------------------------------------

    def set(self, article_id: str, platform: str, article_url: str, **entry: Any) -> dict:
        if entry.get("state") not in STATES:
            raise ValueError(f"bad state {entry.get('state')!r}")
        data = self.record(article_id) or {"article": article_id, "platforms": {}}
        data = json.loads(json.dumps(data))  # never mutate the cached copy in place
        data["url"] = article_url
        previous = data["platforms"].get(platform, {})
        carried = {}
        if entry["state"] in ("pending", "failed"):
            carried = {k: previous[k] for k in CARRIED_WHILE_UNFINISHED if k in previous}
        merged = {
            "attempts": previous.get("attempts", 0),
            **carried,
            **entry,
            "updated": iso(now()),
        }
        merged = {k: v for k, v in merged.items() if v is not None}
        data["platforms"][platform] = merged
        write_json_atomic(self.path_of(article_id), data)
        self._cache[article_id] = data
        return merged

    def annotate(self, article_id: str, platform: str, **fields: Any) -> dict:
        """Change some fields of an existing entry, keeping its state (None removes)."""
        data = json.loads(json.dumps(self.record(article_id) or {}))
        current = (data.get("platforms") or {}).get(platform)
        if current is None:
            raise KeyError(f"no ledger entry for {article_id} {platform}")
        current.update(fields)
        current["updated"] = iso(now())
        data["platforms"][platform] = {k: v for k, v in current.items() if v is not None}
        write_json_atomic(self.path_of(article_id), data)
        self._cache[article_id] = data
        return data["platforms"][platform]

    # --- follow-ups (corrections, withdrawals) -----------------------------

    def followup(self, article_id: str, change_id: str, platform: str) -> dict | None:
        data = self.record(article_id) or {}
        return ((data.get("followups") or {}).get(change_id) or {}).get(platform)

    def followups(self) -> list[tuple[str, str, str, dict]]:
        """(article, change id, platform, entry) for every follow-up in the cache."""
        out = []
        for article_id, data in sorted(self._cache.items()):
            for change_id, per_platform in sorted((data.get("followups") or {}).items()):
                for platform, entry in sorted(per_platform.items()):
                    out.append((article_id, change_id, platform, entry))
        return out

    def set_followup(
        self, article_id: str, change_id: str, platform: str, article_url: str, **entry: Any
    ) -> dict:
        """Like ``set``, for the follow-up (article, platform, change): the same
        atomic rewrite of the article's one file, so a crash keeps either the
        old or the new state of the whole record."""
        if entry.get("state") not in STATES:
            raise ValueError(f"bad state {entry.get('state')!r}")
        data = self.record(article_id) or {"article": article_id, "platforms": {}}
        data = json.loads(json.dumps(data))
        data.setdefault("url", article_url)
        per_change = data.setdefault("followups", {}).setdefault(change_id, {})
        previous = per_change.get(platform, {})
        merged = {"attempts": previous.get("attempts", 0), **entry, "updated": iso(now())}
        for key in ("kind", "action", "target", "note"):
            merged.setdefault(key, previous.get(key))
        per_change[platform] = {k: v for k, v in merged.items() if v is not None}
        write_json_atomic(self.path_of(article_id), data)
        self._cache[article_id] = data
        return per_change[platform]

    # --- baseline and pause -----------------------------------------------

    def pause_note(self) -> str | None:
        """The text of ``PAUSED`` when the ledger branch says posting is paused."""
        path = self.dir / "PAUSED"
        try:
            return path.read_text(encoding="utf-8").strip() or "dijeda"
        except (FileNotFoundError, NotADirectoryError):
            return None

    def baseline(self) -> dict | None:
        path = self.dir / BASELINE_FILE
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def write_baseline(self, count: int) -> None:
        write_json_atomic(self.dir / BASELINE_FILE, {"at": iso(now()), "articles": count})


class LedgerLock:
    """One `syndicate publish` (or `baseline`/`retry`) at a time."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / ".syndicate-lock"  # in .gitignore
        self._handle: TextIO | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise LedgerBusy(
                f"another syndicate run holds {self.path} ({holder}); "
                "only one publish runs at a time. Wait for it to finish."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {iso(now())}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.truncate(0)
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> LedgerLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
