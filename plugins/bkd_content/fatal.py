"""`pelican --fatal errors` that reports every bad article, then fails.

Pelican's own --fatal raises at the first error it logs, with a traceback
that names no article: one bad file hides all the others, and the author
fixes them one build at a time. Here the switch is read at start-up and
turned off; every error (or warning, for --fatal warnings) is counted while
the build carries on, and at the end the build stops with exit status 1 and
one summary line, without a traceback.
"""

from __future__ import annotations

import logging

from pelican.log import FatalLogger

logger = logging.getLogger(__name__)


class _Counter(logging.Handler):
    def __init__(self, level: int):
        super().__init__(level)
        self.count = 0
        self.active = True

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.CRITICAL:
            self.count += 1


_STATE: dict[str, _Counter] = {}


def defer_fatal(pelican) -> None:
    """At `initialized`: take over --fatal (several builds may share a process)."""
    level = FatalLogger.fatal_lvl
    counter = _STATE.get("counter")
    if level > logging.ERROR:
        if counter is not None:
            counter.active = False
        return
    FatalLogger.fatal_lvl = logging.CRITICAL + 1
    if counter is None:
        counter = _STATE["counter"] = _Counter(level)
        logging.getLogger().addHandler(counter)
    counter.setLevel(level)
    counter.count = 0
    counter.active = True


def fail_if_counted(pelican) -> None:
    counter = _STATE.get("counter")
    if counter is None or not counter.active or not counter.count:
        return
    count, counter.count = counter.count, 0
    what = "galat" if counter.level >= logging.ERROR else "galat atau peringatan"
    logger.critical(
        "Situs TIDAK diterbitkan: ada %d %s di atas (setiap pesan menyebut berkas dan "
        "barisnya). Perbaiki semuanya, lalu jalankan ulang.",
        count,
        what,
    )
    # SystemExit, not an exception: Pelican would print a traceback for one.
    raise SystemExit(1)
