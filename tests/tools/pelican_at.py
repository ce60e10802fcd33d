"""Run the real `pelican` command with the clock set to a given moment.

    python tests/tools/pelican_at.py 2030-01-01T00:00:00+08:00 <pelican arguments>

Pelican decides which articles are still in the future (WITH_FUTURE_DATES) and
the home page decides which announcements are current with `datetime.now()`
inside the build process. Tests run Pelican in a child process, where a clock
frozen in the test process does not reach, so the child starts time-machine
itself before Pelican is imported. `tick=True` lets the clock run from that
moment: Pelican and its plugins still measure durations.
"""

from __future__ import annotations

import sys
from datetime import datetime

import time_machine


def main() -> int:
    moment = datetime.fromisoformat(sys.argv[1])
    if moment.tzinfo is None:
        raise SystemExit(f"{sys.argv[1]}: give the moment with its UTC offset")
    with time_machine.travel(moment, tick=True):
        from pelican import main as pelican_main

        return pelican_main(sys.argv[2:]) or 0


if __name__ == "__main__":
    sys.exit(main())
