"""CPU seconds of every plugin's signal handlers, and of Pelican's phases, in one build.

    .venv/bin/python bench/handler_times.py REPORT.txt CONTENT -s pelicanconf.py -o OUT ...

runs `pelican CONTENT -s ... -o OUT ...` in this process with each blinker
receiver wrapped in time.process_time(), and writes one line per handler or
phase ("seconds name", sorted by name) to REPORT.txt. cProfile inflates
Python-call-heavy code several times over (a handler that made many small
calls looked five times dearer than it was); a wrapper per handler costs
nothing measurable. Lines starting with "~" are Pelican's own phases: they
include the handlers they fire. Compare two variants by alternating them in
one run, several rounds, medians (docs/build-speed.md, "What every build
pays"); CPU seconds still move by a third on a busy machine.
"""

from __future__ import annotations

import atexit
import collections
import runpy
import sys
import time

import blinker.base
import markdown
import pelican
import pelican.generators
import pelican.readers

TOTALS: collections.Counter[str] = collections.Counter()


def _timed(function, label: str):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            TOTALS[label] += time.process_time() - started

    wrapper.timed = True  # type: ignore[attr-defined]
    return wrapper


_connect = blinker.base.Signal.connect


def _connect_timed(self, receiver, sender=blinker.base.ANY, weak=True):
    del weak  # the wrapper is referenced by nothing else: always held strongly
    module = getattr(receiver, "__module__", "?")
    label = f"{module}.{getattr(receiver, '__qualname__', receiver)}"
    return _connect(self, _timed(receiver, label), sender, weak=False)


def _time_method(cls, name: str, label: str) -> None:
    function = cls.__dict__.get(name)
    if function is not None and not getattr(function, "timed", False):
        setattr(cls, name, _timed(function, label))


_generator_classes = pelican.Pelican._get_generator_classes


def _generator_classes_timed(self):
    classes = _generator_classes(self)
    for cls in classes:
        for name in ("__init__", "generate_context", "generate_output"):
            _time_method(cls, name, f"~{cls.__module__}.{cls.__name__}.{name}")
    return classes


def main() -> None:
    report, args = sys.argv[1], sys.argv[2:]
    blinker.base.Signal.connect = _connect_timed  # type: ignore[method-assign]
    _time_method(pelican.Pelican, "__init__", "~Pelican.__init__ (plugins imported)")
    _time_method(pelican.Pelican, "run", "~Pelican.run")
    _time_method(pelican.readers.Readers, "read_file", "~Readers.read_file")
    _time_method(markdown.Markdown, "convert", "~Markdown.convert")
    pelican.Pelican._get_generator_classes = _generator_classes_timed  # type: ignore[method-assign]
    started = time.process_time()

    @atexit.register
    def write() -> None:
        TOTALS["~process (after imports)"] = time.process_time() - started
        with open(report, "w", encoding="utf-8") as handle:
            for label, seconds in sorted(TOTALS.items()):
                handle.write(f"{seconds:8.3f} {label}\n")

    sys.argv = ["pelican", *args]
    runpy.run_module("pelican", run_name="__main__")


if __name__ == "__main__":
    main()
