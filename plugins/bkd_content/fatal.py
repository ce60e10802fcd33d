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


class FatalDeferral:
    """The counting handler, installed once per process (several builds may
    share one); its count is this build's and is cleared at `initialized`
    and when `finalized` reports it. The bound methods are the handlers."""

    def __init__(self) -> None:
        self.counter: _Counter | None = None

    def defer_fatal(self, pelican) -> None:
        """At `initialized`: take over --fatal."""
        level = FatalLogger.fatal_lvl
        if level > logging.ERROR:
            if self.counter is not None:
                self.counter.active = False
            return
        FatalLogger.fatal_lvl = logging.CRITICAL + 1
        if self.counter is None:
            self.counter = _Counter(level)
            logging.getLogger().addHandler(self.counter)
        self.counter.setLevel(level)
        self.counter.count = 0
        self.counter.active = True

    def fail_if_counted(self, pelican) -> None:
        counter = self.counter
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


# One per process, like the root logger it adds its handler to; blinker keeps
# only weak references to bound methods, so this reference keeps them connected.
DEFERRAL = FatalDeferral()
