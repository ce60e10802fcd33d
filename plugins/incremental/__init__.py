"""Development rebuilds render only the pages whose output can have changed.

Pelican renders every page of the site at every build, even when the HTML is
byte for byte what is already on disk: on the 2,000-article corpus a
no-change rebuild spent most of its time in Jinja re-rendering 3,238
identical pages. This plugin gives Pelican a Writer (the `get_writer` signal,
pelican/__init__.py `Pelican._get_writer`) that decides, for each
`write_file` call, whether the template must be rendered at all.

The decision rests on two digests, both taken once every generator has read
its content and every plugin has annotated it (`get_writer` comes after
`all_generators_finalized` and Pelican's link refresh):

- the *site key*: everything that can change any page. Theme files; the
  source of every project module loaded in the build (plugins and what they
  import) and the versions of installed packages; every setting after all the
  plugins' `initialized` handlers (the syndication ledger is loaded into the
  settings; `-e` overrides land there too); every file under PATH that is not
  an article or page source (taxonomy.toml, tanya-jawab.toml, photos,
  documents: path, size, mtime); the date in TIMEZONE and which articles fall
  inside BKD_CONTENT_ANNOUNCEMENT_DAYS of now (the home page's lead); and the
  *listing signature* of every article and page, published or not: every
  attribute Pelican and the plugins set on it (metadata, URL, dates, status,
  translations, thumbnails, social images...) and its summary, everything but
  the body;
- per article and page, the digest of its listing signature plus its body.

When the site key equals the last build's, only the body of some articles or
pages can have changed, and a body is shown only on the item's own page (the
theme's listing templates show titles, dates, summaries and thumbnails, all
in the key). So a `write_file` call is rendered when it is the own page of an
item whose digest changed, or when any file it wrote last time is missing or
differs in size or mtime from what this plugin recorded (an output edited or
deleted by hand). Every other call is skipped. When the key differs,
everything is rendered, as Pelican does.

Files Pelican does not write through `Writer.write_file` (static files,
feeds, sitemap, robots.txt, the search index, the editor) are left to their
own generators and plugins.

A skipped page still sends `content_written`, with the page's path, as if it
had been written: plugins.search compares the set of pages written with the
index it has, and would take a page it did not hear about for a removed one.

The record (site key, digests, files written with size and mtime_ns) is kept
in CACHE_PATH/incremental.json and replaced at `finalized`; a build that
stops half-way leaves the old record, whose stale entries only cause renders.

Settings prefix INCREMENTAL_:
  INCREMENTAL_RENDER  True to skip unchanged pages (pelicanconf.py); False
                      renders everything (publishconf.py: production and CI).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sys
import time
import types
from pathlib import Path, PurePath
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.contents import Content
from pelican.log import FatalLogger, console
from pelican.urlwrappers import URLWrapper
from pelican.writers import FileOverwriteFailedError, Writer

from plugins.fixed_urls import CONTENT_LISTS
from plugins.plugin_settings import merge
from plugins.syndication.manifest import manifest_path

logger = logging.getLogger(__name__)

DEFAULTS = {"INCREMENTAL_RENDER": False}
STATE_FILE = "incremental.json"
FORMAT = 1
# Attributes that are not what an item shows: the body (digested apart),
# and the settings and shared context every item carries (the settings are
# in the site key once).
NOT_LISTING = frozenset({"_content", "settings", "_context"})
# Settings that hold this plugin's own switch (a change renders everything
# anyway through the rest of the key) or are per-process noise.
NOT_KEY_SETTINGS = frozenset({"INCREMENTAL_RENDER"})
MAX_DEPTH = 8


def canon(value, depth: int = 0):  # noqa: C901 - one branch per kind of value
    """`value` as JSON-able data that is equal between two builds exactly
    when what it shows is equal: no memory addresses, no set order."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is dict and all(type(k) is str for k in value):
        # Settings, metadata and attributes: string keys, sorted as they are.
        return ["d", [[k, canon(value[k], depth + 1)] for k in sorted(value)]]
    if kind is list or kind is tuple:
        return [canon(v, depth + 1) for v in value]
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        # Markup and other str subclasses: the text, with its type (escaped or not).
        return value if type(value) is str else [type(value).__name__, str(value)]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return ["dt", value.isoformat(), str(getattr(value, "tzinfo", None))]
    if isinstance(value, ZoneInfo):
        return ["tz", value.key]
    if isinstance(value, Content):
        # Another item (a translation): its own signature is in the key.
        return ["content", value.source_path]
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.slug]
    if isinstance(value, enum.Enum):
        return [type(value).__name__, canon(value.value, depth + 1)]
    if isinstance(value, PurePath):
        return ["path", str(value)]
    if isinstance(value, (bytes, bytearray)):
        return ["bytes", hashlib.blake2b(value, digest_size=16).hexdigest()]
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
        return ["code", f"{value.__module__}.{value.__qualname__}"]
    if isinstance(value, types.ModuleType):
        return ["module", value.__name__]
    if depth >= MAX_DEPTH:
        return ["deep", type(value).__qualname__, repr(value)]
    if isinstance(value, dict):
        return [
            "dict",
            sorted(
                ([json.dumps(canon(k, depth + 1)), canon(v, depth + 1)] for k, v in value.items()),
                key=lambda kv: kv[0],
            ),
        ]
    if isinstance(value, (list, tuple)):
        return [canon(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(canon(v, depth + 1)) for v in value)]
    if dataclasses.is_dataclass(value):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return [type(value).__qualname__, canon(fields, depth + 1)]
    if isinstance(value, (types.MethodType, types.BuiltinMethodType)):
        return ["method", canon(value.__self__, depth + 1), value.__name__]
    if hasattr(value, "__dict__"):
        return [type(value).__qualname__, canon(vars(value), depth + 1)]
    if callable(value):
        return ["callable", type(value).__qualname__]
    text = repr(value)
    if " at 0x" in text:  # an object whose repr is only its address
        return ["object", type(value).__qualname__]
    return ["repr", type(value).__qualname__, text]


def digest(value) -> str:
    data = json.dumps(canon(value), ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def listing_signature(item: Content):
    """Everything pages other than the item's own show about it."""
    attributes = {k: v for k, v in vars(item).items() if k not in NOT_LISTING}
    # Pelican derives the summary from the body when there is no Summary:
    # field (get_summary is memoized: the render reuses it).
    return {"attributes": attributes, "summary": str(item.summary)}


def body_signature(item: Content) -> str:
    return hashlib.blake2b(
        str(item._content or "").encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


def _hash_tree(hasher, root: Path, *, contents: bool) -> None:
    """Every file under root (sorted), by content or by size and mtime."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            hasher.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
            try:
                if contents:
                    hasher.update(path.read_bytes())
                else:
                    stat = path.stat()
                    hasher.update(f"|{stat.st_size}|{stat.st_mtime_ns}".encode())
            except OSError:
                hasher.update(b"|missing")


def _code_roots(settings) -> list[Path]:
    """Folders holding the project's own plugin code (PLUGIN_PATHS and the
    packages the plugins are loaded from)."""
    roots = {Path(p).resolve() for p in settings.get("PLUGIN_PATHS") or ()}
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        file = getattr(sys.modules.get(name.split(".")[0]), "__file__", None)
        if file:
            roots.add(Path(file).resolve().parents[1])
    return sorted(roots)


@functools.cache
def installed_versions() -> str:
    """name==version of every installed package, read once per process: a
    plugin may add to sys.path during a build, and the stamps taken before
    and after it must agree."""
    return "\n".join(
        sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()})
    )


def _code_files(settings) -> list[Path]:
    roots = _code_roots(settings)
    files = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not file:
            continue
        path = Path(file).resolve()
        if any(path.is_relative_to(root) for root in roots) and ".venv" not in path.parts:
            files.add(path)
    return sorted(files)


def _code_digest(settings) -> str:
    """The source of every module loaded from the project (plugins, the
    syndicate package they import...), the plugin folders' data files, and
    the installed packages' versions (Pelican, Jinja, Markdown...)."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in _code_files(settings):
        hasher.update(str(path).encode("utf-8", "surrogateescape"))
        try:
            hasher.update(path.read_bytes())
        except OSError:
            hasher.update(b"|missing")
    plugins_dir = Path(__file__).resolve().parents[1]
    _hash_tree(hasher, plugins_dir, contents=False)
    hasher.update(installed_versions().encode())
    return hasher.hexdigest()


def _inputs_digest(path: Path, sources: set[str]) -> str:
    """Every file under PATH that is not an article or page source: the
    taxonomy and FAQ data, photos, documents, ignored files alike."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder, dirs, files in os.walk(path):
        # Pelican reads nothing from hidden folders (IGNORE_FILES ".*"); a
        # `.git` there changes whenever git refreshes its index.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = os.path.join(folder, name)
            if full in sources:
                continue
            hasher.update(os.path.relpath(full, path).encode("utf-8", "surrogateescape"))
            try:
                stat = os.stat(full)
                hasher.update(f"|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
            except OSError:
                hasher.update(b"|missing\n")
    return hasher.hexdigest()


def _clock(settings, dates: dict[str, str]) -> dict:
    """What of "now" the pages show: the date in the site's time zone; which
    items are recent enough for the home page's current announcements
    (plugins.bkd_content.current_announcements), a cut-off that moves with the
    hour, not the date; and which items are still in the future (Pelican
    publishes a future-dated article once its time has come)."""
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    now = dt.datetime.now(zone)
    days = settings.get("BKD_CONTENT_ANNOUNCEMENT_DAYS", 90)
    since = now - dt.timedelta(days=days)
    moments = {path: _aware(dt.datetime.fromisoformat(d), zone) for path, d in dates.items()}
    return {
        "date": now.date().isoformat(),
        "recent": sorted(path for path, moment in moments.items() if moment >= since),
        "future": sorted(path for path, moment in moments.items() if moment > now),
    }


def _aware(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


class _LogCounter(logging.Handler):
    """Counts the warnings and errors one build logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings = 0
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


def _mtime_ns(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return time.time_ns()


def tree_stamp(root: Path, *, hidden: bool = True, skip: str = "") -> str:
    """Every file and folder under root, by path, size and mtime_ns; without
    hidden folders (a `.git` whose index git refreshes) when `hidden` is
    False, and without files named `skip`.* (this plugin's own record)."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if hidden or not d.startswith("."))
        hasher.update(f"D{os.path.relpath(folder, root)}\n".encode("utf-8", "surrogateescape"))
        for name in sorted(files):
            if skip and name.startswith(skip + "."):
                continue
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            line = f"{name}|{stat.st_size}|{stat.st_mtime_ns}\n"
            hasher.update(line.encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def output_stamp(settings) -> dict:
    """What a build leaves: the output folder; the caches in CACHE_PATH
    (their loss or an edit means work to redo); and files written beside the
    output that settings name relative to its parent folder (the syndication
    manifest, the nginx include of withdrawn pages)."""
    output = Path(settings["OUTPUT_PATH"]).resolve()
    cache = Path(settings["CACHE_PATH"]) if settings.get("CACHE_PATH") else None
    beside = []
    for name, value in sorted(settings.items()):
        if isinstance(value, str) and 0 < len(value) < 4096 and "\n" not in value:
            try:
                stat = (output.parent / value).stat()
            except (OSError, ValueError):
                continue
            if not os.path.isdir(output.parent / value):
                beside.append([name, stat.st_size, stat.st_mtime_ns])
    # The syndication manifest's path has a default that is not a setting.
    manifest = manifest_path(output, settings)
    with contextlib.suppress(OSError):
        stat = manifest.stat()
        beside.append(["manifest", stat.st_size, stat.st_mtime_ns])
    return {
        "output": tree_stamp(output),
        "cache": tree_stamp(cache, skip=STATE_FILE.removesuffix(".json")) if cache else "",
        "beside": beside,
    }


def setting_files(settings) -> list:
    """Files outside PATH that settings name and plugins read, such as
    DEPLOY_WITHDRAWN_FILE: by size and mtime. A name that is also a file
    beside the output (relative to the output's parent, where `make build`
    runs) is left to output_stamp: a build may write it (DEPLOY_GONE_INCLUDE
    is rewritten by every build), and output_stamp compares it with what the
    last build left, which catches an edit as well."""
    beside = Path(settings["OUTPUT_PATH"]).resolve().parent
    found = []
    for name, value in sorted(settings.items()):
        if isinstance(value, str) and 0 < len(value) < 4096 and "\n" not in value:
            try:
                stat = os.stat(value)
            except (OSError, ValueError):
                continue
            if os.path.isdir(value) or os.path.abspath(value) == str(beside / value):
                continue
            found.append([name, stat.st_size, stat.st_mtime_ns])
    return found


def input_stamp(settings, record: dict) -> dict:
    """What a build reads, cheaply, before it reads anything: the settings
    (after every plugin's `initialized`), the theme, the project's code (the
    files the last build had loaded, and the plugin folders), the installed
    packages, and every file under PATH by size and mtime."""
    theme = hashlib.blake2b(digest_size=16)
    _hash_tree(theme, Path(settings["THEME"]), contents=True)
    return {
        "settings": digest({k: v for k, v in settings.items() if k not in NOT_KEY_SETTINGS}),
        "fatal": FatalLogger.fatal_lvl,
        "theme": theme.hexdigest(),
        "code": code_stamp(record.get("code_files", [])),
        "content": tree_stamp(Path(settings["PATH"]), hidden=False),
        "setting files": setting_files(settings),
    }


def code_stamp(files: list[str]) -> str:
    """The project's code the last build loaded, the plugin folders, and
    the installed packages' versions."""
    code = hashlib.blake2b(digest_size=16)
    for file in files:
        code.update(file.encode("utf-8", "surrogateescape"))
        try:
            code.update(Path(file).read_bytes())
        except OSError:
            code.update(b"|missing")
    _hash_tree(code, Path(__file__).resolve().parents[1], contents=False)
    code.update(installed_versions().encode())
    return code.hexdigest()


def unchanged(settings, record: dict, inputs: dict) -> bool:
    """Nothing the last build read changed, the clock shows the same site,
    and the output is as the last build left it."""
    if not record.get("inputs") or record["inputs"] != inputs:
        return False
    if _clock(settings, record.get("dates", {})) != record.get("clock"):
        return False
    return record.get("output_tree") == output_stamp(settings)


@dataclasses.dataclass
class Plan:
    """What this build renders, and the record it leaves for the next one."""

    output_path: str
    site_key: str
    parts: dict[str, str]
    dates: dict[str, str]  # source path -> date, of every dated item
    clock: dict
    items: dict[str, str]  # source path -> listing+body digest
    full: bool  # key changed (or no record): render everything
    changed: set[str]  # source paths whose digest changed
    old_files: dict[str, list[list]]  # write_file name -> [[rel, size, mtime_ns], ...]
    files: dict[str, list[list]] = dataclasses.field(default_factory=dict)
    rendered: int = 0
    skipped: int = 0
    recording: list[str] | None = None

    def must_render(self, name: str, kwargs: dict) -> bool:
        if self.full:
            return True
        for key in ("article", "page"):
            item = kwargs.get(key)
            if isinstance(item, Content) and item.source_path in self.changed:
                return True
        recorded = self.old_files.get(name)
        if not recorded:
            return True
        for rel, size, mtime_ns in recorded:
            try:
                stat = os.stat(os.path.join(self.output_path, rel))
            except OSError:
                return True
            if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
                return True
        return False

    def written(self, path: str) -> None:
        if self.recording is not None:
            self.recording.append(path)


class IncrementalPlugin:
    """The plan of one build; bound methods are the signal handlers."""

    def __init__(self) -> None:
        self.reset()

    def reset(self, *_args) -> None:
        self.generators: list = []
        self.plan: Plan | None = None

    def configure(self, pelican) -> None:
        merge(pelican.settings, "INCREMENTAL_", DEFAULTS)
        if pelican.settings["INCREMENTAL_RENDER"] and "run" not in vars(pelican):
            # `pelican.run()` is called once all `initialized` handlers have
            # run (pelican/__init__.py main and autoreload), so the settings
            # are complete when the wrapper reads them.
            build = pelican.run
            pelican.run = functools.partial(self.run, pelican, build)

    def run(self, pelican, build) -> None:
        """Pelican.run, unless nothing it reads or writes changed since the
        last build (then there is nothing to do), and the record of what
        it read once it has run."""
        settings = pelican.settings
        record = self.load(settings)
        inputs = input_stamp(settings, record)
        if unchanged(settings, record, inputs):
            shown = record.get("last_build", {}).get("warnings", 0)
            console.print(
                "incremental: tidak ada yang berubah sejak build terakhir (isi, tema, "
                "plugin, pengaturan, tanggal, keluaran); tidak ada yang dibangun ulang."
                + (
                    f" {shown} peringatan build terakhir tidak ditampilkan ulang: "
                    "`make check` menampilkan semua temuan."
                    if shown
                    else ""
                )
            )
            record["last_build"] = {
                "rendered": 0,
                "skipped": 0,
                "full": False,
                "unchanged": True,
                "warnings": shown,
            }
            self.store(settings, record)
            return
        old_files = record.get("code_files", [])
        started = self.start_mark(settings)
        watch = _LogCounter()
        logging.getLogger().addHandler(watch)
        try:
            build()
        finally:
            logging.getLogger().removeHandler(watch)
        # Only a build that finished, logged no error, and left a record
        # may let the next one end early.
        record = self.load(settings)
        if not record or watch.errors:
            return
        files = record.get("code_files", [])
        if files != old_files:
            # Code first loaded by this build: stamped now, unless it was
            # saved during the build (then the build may have run older code).
            if any(_mtime_ns(f) >= started for f in files):
                return
            inputs = {**inputs, "code": code_stamp(files)}
        record["inputs"] = inputs
        record["output_tree"] = output_stamp(settings)
        record.setdefault("last_build", {})["warnings"] = watch.warnings
        self.store(settings, record)

    def start_mark(self, settings) -> int:
        """The file system's time at the start of the build (a file touched
        now), to compare with source files' mtimes; the process's clock may
        be set elsewhere (time-machine in the tests)."""
        path = self.state_path(settings)
        if path is None:
            return 0
        path.parent.mkdir(parents=True, exist_ok=True)
        mark = path.with_suffix(".start")
        mark.write_bytes(b"")
        return mark.stat().st_mtime_ns

    def remember_generators(self, generators) -> None:
        self.generators = list(generators)

    def state_path(self, settings) -> Path | None:
        cache = settings.get("CACHE_PATH")
        return Path(cache) / STATE_FILE if cache else None

    def writer(self, pelican):
        settings = pelican.settings
        if not settings.get("INCREMENTAL_RENDER"):
            return None
        self.plan = self.make_plan(pelican)
        plugin = self

        class PartialWriter(Writer):
            def write_file(self, name, template, context, *args, **kwargs):
                return plugin.write_file(self, name, template, context, args, kwargs)

        return PartialWriter

    def make_plan(self, pelican) -> Plan:
        settings = pelican.settings
        items: list[Content] = []
        for generator in self.generators:
            for name in CONTENT_LISTS:
                items.extend(getattr(generator, name, None) or ())
        listings = {item.source_path: digest(listing_signature(item)) for item in items}
        digests = {
            item.source_path: digest([listings[item.source_path], body_signature(item)])
            for item in items
        }
        dates = {
            item.source_path: item.date.isoformat()
            for item in items
            if isinstance(getattr(item, "date", None), dt.datetime)
        }
        clock = _clock(settings, dates)
        theme = hashlib.blake2b(digest_size=16)
        _hash_tree(theme, Path(settings["THEME"]), contents=True)
        key_parts = {
            "format": FORMAT,
            "theme": theme.hexdigest(),
            "code": _code_digest(settings),
            "inputs": _inputs_digest(Path(settings["PATH"]), set(listings)),
            "clock": clock,
            "listings": sorted(listings.items(), key=lambda kv: kv[0]),
        }
        parts = {name: digest(value) for name, value in key_parts.items()}
        # One part per setting, so the log can name the one that changed.
        parts.update(
            {f"setting {k}": digest(v) for k, v in settings.items() if k not in NOT_KEY_SETTINGS}
        )
        site_key = digest(parts)
        old = self.load(settings)
        output = os.path.abspath(settings["OUTPUT_PATH"])
        full = old.get("key") != site_key or old.get("output") != output
        if full:
            old_parts = old.get("parts", {})
            why = sorted(k for k in parts if old_parts.get(k) != parts[k])
            logger.info(
                "incremental: seluruh situs dirender (%s)",
                ", ".join(why[:8]) if old_parts else "belum ada catatan build sebelumnya",
            )
        old_items = old.get("items", {})
        changed = {path for path, d in digests.items() if old_items.get(path) != d}
        return Plan(
            output_path=output,
            site_key=site_key,
            parts=parts,
            items=digests,
            dates=dates,
            clock=clock,
            full=full,
            changed=changed,
            old_files={} if full else old.get("files", {}),
        )

    def load(self, settings) -> dict:
        path = self.state_path(settings)
        if path is None:
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("format") == FORMAT else {}

    def write_file(self, writer: Writer, name, template, context, args, kwargs):
        plan = self.plan
        if plan is None or not name:
            return Writer.write_file(writer, name, template, context, *args, **kwargs)
        if plan.must_render(name, kwargs):
            plan.recording = []
            try:
                Writer.write_file(writer, name, template, context, *args, **kwargs)
            finally:
                paths, plan.recording = plan.recording, None
            plan.files[name] = [self._entry(plan, path) for path in paths]
            plan.rendered += len(paths)
            return None
        # write_file(name, template, context, relative_urls, paginated,
        # template_name, override_output, url)
        override = bool(kwargs.get("override_output", args[3] if len(args) > 3 else False))
        recorded = plan.old_files[name]
        for rel, _size, _mtime in recorded:
            path = os.path.join(plan.output_path, rel)
            self._claim(writer, path, override)
        plan.files[name] = recorded
        plan.skipped += len(recorded)
        for rel, _size, _mtime in recorded:
            signals.content_written.send(os.path.join(plan.output_path, rel), context=context)
        return None

    @staticmethod
    def _entry(plan: Plan, path: str) -> list:
        stat = os.stat(path)
        return [os.path.relpath(path, plan.output_path), stat.st_size, stat.st_mtime_ns]

    @staticmethod
    def _claim(writer: Writer, filename: str, override: bool) -> None:
        """Writer._open_w's bookkeeping for a file left as it is, so two pages
        claiming one file still stop the build as they do in a full render."""
        if filename in writer._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
        elif filename in writer._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it '
                "previously (set `override=True` if intended)"
            )
        if override:
            writer._overridden_files.add(filename)
        writer._written_files.add(filename)

    def store(self, settings, record: dict) -> None:
        path = self.state_path(settings)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, path)

    def page_written(self, path, context) -> None:  # noqa: ARG002 - the signal's signature
        if self.plan is not None:
            self.plan.written(path)

    def save(self, pelican) -> None:
        plan, settings = self.plan, pelican.settings
        try:
            if plan is None:
                return
            record = {
                "format": FORMAT,
                "key": plan.site_key,
                "parts": plan.parts,
                "output": plan.output_path,
                "items": plan.items,
                "files": plan.files,
                "last_build": {
                    "rendered": plan.rendered,
                    "skipped": plan.skipped,
                    "full": plan.full,
                },
                "dates": plan.dates,
                # Loaded by now: what the next build's early check reads.
                "code_files": [str(p) for p in _code_files(settings)],
                "clock": plan.clock,
            }
            self.store(settings, record)
            logger.info(
                "incremental: %d halaman dirender, %d halaman tidak berubah dilewati%s",
                plan.rendered,
                plan.skipped,
                " (perubahan yang memengaruhi seluruh situs)" if plan.full else "",
            )
        finally:
            self.reset()


# blinker keeps only weak references to bound methods: this reference keeps
# the handlers connected.
PLUGIN: IncrementalPlugin | None = None


def register():
    global PLUGIN
    if PLUGIN is None:
        PLUGIN = IncrementalPlugin()
    signals.initialized.connect(PLUGIN.configure)
    signals.all_generators_finalized.connect(PLUGIN.remember_generators)
    signals.get_writer.connect(PLUGIN.writer)
    signals.content_written.connect(PLUGIN.page_written)
    signals.finalized.connect(PLUGIN.save)
