"""Indonesian dates in WITA for templates, independent of the machine's locales.

Babel carries its own CLDR data, so "Sabtu, 28 November 2026" comes out the
same on a bare CI container as on a staff laptop. Settings prefix:
INDONESIAN_DATES_ (INDONESIAN_DATES_TIMEZONE, default the site's TIMEZONE).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from pelican import signals

from plugins.plugin_settings import merge

LOCALE = "id"
# None: the site's TIMEZONE.
DEFAULTS = {"INDONESIAN_DATES_TIMEZONE": None}
TYPES = {"INDONESIAN_DATES_TIMEZONE": str}
_zone = ZoneInfo("Asia/Makassar")


def _local(value: date) -> date:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(_zone)
    return value


def _day(value: date) -> date:
    local = _local(value)
    return local.date() if isinstance(local, datetime) else local


# Babel formats the calendar day only (format_date takes a datetime's date()),
# and 2,000 articles fall on a few hundred days: each day is formatted once.
@lru_cache(maxsize=16384)
def _format_day(day: date, pattern: str) -> str:
    return format_date(day, pattern, locale=LOCALE)


# The formatters are cached: a listing renders the same article dates again on
# every index, category, tag, author and archive page, and Babel is not cheap.
@lru_cache(maxsize=16384)
def tanggal(value: date) -> str:
    """'Sabtu, 28 November 2026'."""
    return _format_day(_day(value), "EEEE, d MMMM y")


@lru_cache(maxsize=16384)
def tanggal_pendek(value: date) -> str:
    """'28 Nov 2026'."""
    return _format_day(_day(value), "d MMM y")


@lru_cache(maxsize=16384)
def bulan_tahun(value: date) -> str:
    """'November 2026'."""
    return _format_day(_day(value), "LLLL y")


@lru_cache(maxsize=16384)
def nama_bulan(month: int) -> str:
    return format_date(date(2000, int(month), 1), "LLLL", locale=LOCALE)


def jam(value: datetime) -> str:
    """'09.30 WITA'."""
    local = value.astimezone(_zone) if value.tzinfo is not None else value
    return format_time(local, "HH.mm", locale=LOCALE) + " WITA"


def iso(value: date) -> str:
    return _local(value).isoformat()


FILTERS = {
    "tanggal": tanggal,
    "tanggal_pendek": tanggal_pendek,
    "bulan_tahun": bulan_tahun,
    "nama_bulan": nama_bulan,
    "jam": jam,
    "iso": iso,
}


def configure(pelican):
    global _zone
    settings = pelican.settings
    merge(settings, "INDONESIAN_DATES_", DEFAULTS, types=TYPES)
    _zone = ZoneInfo(settings["INDONESIAN_DATES_TIMEZONE"] or settings.get("TIMEZONE"))
    for cached in (tanggal, tanggal_pendek, bulan_tahun, _format_day):
        cached.cache_clear()
    settings.setdefault("JINJA_FILTERS", {}).update(FILTERS)


def register():
    signals.initialized.connect(configure)
