"""Shared by the plugins that work beside Pelican in other processes
(media encoders, compression workers, the FBS worker, Pagefind)."""

from __future__ import annotations

import contextlib
import os


def be_gentle(niceness: int = 5) -> None:
    """Lower this process's priority: Pelican's own thread is the build's
    critical path, so background work takes the cycles it leaves, not the
    other way round. Used as a pool initializer or a Popen preexec_fn."""
    with contextlib.suppress(OSError):
        os.nice(niceness)
