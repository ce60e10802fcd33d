"""Syndication, build side: the manifest for `syndicate`, and "Dibagikan di" links.

No network here. Two jobs, one module each:
- ``manifest``: at ``finalized`` writes ``SYNDICATE_MANIFEST`` (default
  ``build/syndication/manifest.json``, beside the output folder and never
  inside it: output/ is deployed) describing every published article for the
  ``syndicate`` command, through ``syndicate.contract.Manifest``;
- ``ledger_links``: at ``initialized`` reads the ledger (``SYNDICATE_LEDGER_DIR``)
  so that article pages link the real posts (``SYNDICATION_SHARED``, used by
  partials/shared_on.html) and the media plugin can embed uploaded YouTube
  videos (``MEDIA_UPLOADED_VIDEOS``).

Settings prefix: SYNDICATE_. The environment variable of the same name
overrides the ledger directory (``make serve`` keeps its sandbox ledger apart).
Relative paths are taken from one root, ``syndicate.contract.repo_root``.
"""

from __future__ import annotations

from pelican import signals

from .ledger_links import load_ledger_into_settings
from .manifest import remember_articles, write_manifest


def register():
    signals.initialized.connect(load_ledger_into_settings)
    signals.all_generators_finalized.connect(remember_articles)
    signals.finalized.connect(write_manifest)
