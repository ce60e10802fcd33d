"""Where `syndicate listen` keeps what it heard: two files, two audiences.

- ``listen-state.json`` in ``SYNDICATE_LISTEN_STATE_DIR`` (default: the same
  folder as below): the cursors per platform and, per comment, only ids,
  times and two yes/no facts the monthly report counts (is it a question, is
  it the agency's own reply; answered at). No name, no text, no link, no
  label about the person. It may be kept in git (the ledger branch) so
  cursors and the month's counts survive CI runs.
- ``personal.json`` in ``SYNDICATE_LISTEN_DIR`` (default ``.cache/listen``,
  ignored by git): the commenter's display name, the comment's text, its
  link and the FBS word-list labels (insult, SARA) found in it.
  Personal data under UU 27/2022: it never goes into a tracked file or the
  ledger branch; in CI it lives only in a short-lived workflow artifact
  (docs/listening.md says who can read it and for how long).

Both are written atomically (temporary file, then rename), as the ledger is.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from syndicate.ledger import write_json_atomic

STATE_FILE = "listen-state.json"
PERSONAL_FILE = "personal.json"
# Fields allowed in the state file: anything else would be a leak waiting to happen.
STATE_FIELDS = (
    "platform",
    "id",
    "article",
    "post_id",
    "thread_id",
    "parent_id",
    "created",
    "own",
    "question",
    "answered_at",
    "heard_at",
)


@dataclass
class Heard:
    """One comment, reply or mention as a platform reported it."""

    platform: str
    id: str
    post_id: str
    created: str  # ISO 8601, UTC
    author: str
    text: str
    own: bool = False  # written by the agency's own account
    thread_id: str = ""  # the top-level comment this belongs to (itself if top-level)
    parent_id: str = ""
    permalink: str = ""

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.id}"


@dataclass
class ListenStore:
    state_dir: Path
    personal_dir: Path
    cursors: dict[str, Any] = field(default_factory=dict)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    personal: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def open(cls, state_dir: Path, personal_dir: Path) -> ListenStore:
        store = cls(Path(state_dir), Path(personal_dir))
        state = _read(store.state_dir / STATE_FILE)
        store.cursors = dict(state.get("cursors") or {})
        store.items = dict(state.get("items") or {})
        store.personal = dict(_read(store.personal_dir / PERSONAL_FILE))
        return store

    def knows(self, platform: str, item_id: str) -> bool:
        return f"{platform}:{item_id}" in self.items

    def add(self, item: Heard, meta: dict[str, Any]) -> None:
        record = {k: v for k, v in meta.items() if k in STATE_FIELDS}
        record.update(
            platform=item.platform,
            id=item.id,
            post_id=item.post_id,
            thread_id=item.thread_id or item.id,
            parent_id=item.parent_id,
            created=item.created,
            own=item.own,
        )
        self.items[item.key] = record
        if not item.own:
            self.personal[item.key] = {
                "author": item.author,
                "text": item.text,
                "permalink": item.permalink,
                "flags": list(meta.get("flags") or ()),
            }

    def save(self) -> None:
        write_json_atomic(
            self.state_dir / STATE_FILE, {"cursors": self.cursors, "items": self.items}
        )
        self.personal_dir.mkdir(parents=True, exist_ok=True)
        path = self.personal_dir / PERSONAL_FILE
        write_json_atomic(path, self.personal)
        # Only the account that runs the command reads it.
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)

    def forget_older_than(self, cutoff_iso: str) -> int:
        """Drop personal data of comments created before ``cutoff_iso`` (retention)."""
        old = [
            k for k in self.personal if (self.items.get(k) or {}).get("created", "") < cutoff_iso
        ]
        for key in old:
            del self.personal[key]
        return len(old)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data if isinstance(data, dict) else {}
