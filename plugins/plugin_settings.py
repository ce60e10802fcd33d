"""One way for a plugin to declare its settings.

Each plugin lists its defaults once (a dict ``PREFIX_NAME -> default``) and
calls ``merge()`` from its ``initialized`` handler. Then:

- missing settings get their default (a ``None`` in pelicanconf.py counts
  as missing when the default is not ``None``);
- any ``PREFIX_*`` setting the plugin does not declare stops the build with
  the nearest declared name, so ``MEDIA_QUALTY = ...`` in pelicanconf.py or
  ``-e MEDIA_QUALTY=...`` on the command line cannot pass silently;
- a value of the wrong simple type (bool, int, str, list, dict) stops the
  build too. The type is the default's, or the one given in ``types`` when
  the default is ``None`` or several types are fine.

The error is raised from the ``initialized`` signal, before anything is read,
so Pelican exits with status 1. Developer settings, so the message is English.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

# Settings that only a plugin reads are declared by that plugin; these are
# Pelican's or the theme's own names that happen to share a plugin prefix.
NOT_PLUGIN_SETTINGS = frozenset({"SEARCH_URL", "SEARCH_SAVE_AS"})


class SettingsError(Exception):
    """A plugin setting is unknown or has the wrong type."""


def _expected(default, declared) -> tuple[type, ...] | None:
    if declared is not None:
        return declared if isinstance(declared, tuple) else (declared,)
    if default is None:
        return None
    if isinstance(default, bool):
        return (bool,)
    if isinstance(default, int):
        return (int,)
    if isinstance(default, (list, tuple)):
        return (list, tuple)
    if isinstance(default, Mapping):
        return (Mapping,)
    return (type(default),)


def _type_ok(value, expected: tuple[type, ...]) -> bool:
    # True is an int to Python, never to a reader of pelicanconf.py.
    if isinstance(value, bool) and bool not in expected:
        return False
    return isinstance(value, expected)


def merge(settings, prefix: str, defaults: Mapping, *, types: Mapping | None = None) -> None:
    """Fill in ``defaults`` and check every ``prefix`` setting (see module doc)."""
    types = types or {}
    known = set(defaults)
    for name in sorted(settings):
        if not name.startswith(prefix) or name in known or name in NOT_PLUGIN_SETTINGS:
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else f"; known: {', '.join(sorted(known))}"
        raise SettingsError(f"unknown setting {name}{hint}")
    for name, default in defaults.items():
        if settings.get(name) is None:
            settings[name] = default
        value = settings[name]
        expected = _expected(default, types.get(name))
        if value is not None and expected and not _type_ok(value, expected):
            names = " or ".join(t.__name__ for t in expected)
            raise SettingsError(
                f"setting {name} must be {names}, not {type(value).__name__} ({value!r})"
            )
