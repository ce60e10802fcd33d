"""Build-time FBS warnings: while `make serve` rebuilds, each article's
findings are logged so authors see them in the terminal, without breaking the
build (every finding, errors included, is logged at WARNING level; the merge
gate is `fbs check` in CI).

Checks run once per source file version: results are kept by (path, mtime,
size) for the life of the process, so autoreload only re-checks what changed,
and on disk in CACHE_PATH/fbs-findings.json by content hash, so a rebuild with
nothing changed (or a fresh clone with the CI cache) re-logs the stored
findings instead of checking again. The disk cache is dropped whenever the
word lists, the settings or the photos folder change.
By default (FBS_BACKGROUND) the checks run in a second process while Pelican
renders, and the findings are logged together when the build finishes; with
FBS_BACKGROUND = False they run as each article is read. Either way spelling
is batched: two Hunspell calls for all files read in the run.
Repository guard rails (FBS-9) are left to `fbs check`.

Settings (pelicanconf.py):
  FBS_ENABLED        bool, default True
  FBS_BACKGROUND     bool, default True (check in a second process; see above)
  FBS_SPELLING       bool, default True (skipped quietly without Hunspell)
  FBS_CHECK_IMAGES   bool, default True
  FBS_OWN_HOSTS      hosts that are not hotlinks, default the BKD domains
  FBS_LEXICON_DIR    folder of the word lists, default plugins/fbs/lexicon
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
from dataclasses import asdict
from pathlib import Path

from plugins.background import be_gentle
from plugins.plugin_settings import merge
from plugins.report import FIX, LABEL

from .checks import spelling
from .config import Config
from .document import Document, load_document
from .findings import Finding
from .runner import Context, apply_waivers, check_document, kind_of

logger = logging.getLogger("plugins.fbs")

DEFAULTS = {
    "FBS_ENABLED": True,
    "FBS_BACKGROUND": True,
    "FBS_SPELLING": True,
    "FBS_CHECK_IMAGES": True,
    "FBS_OWN_HOSTS": Config.own_hosts,
    "FBS_LEXICON_DIR": Config.lexicon_dir,
}
TYPES = {"FBS_LEXICON_DIR": (str, os.PathLike)}

# Bump when a check changes what it reports, to drop every stored result.
CACHE_VERSION = "4"


def _fingerprint(settings, key) -> str:
    """What a stored result depends on besides the article itself."""
    digest = hashlib.sha256(f"{CACHE_VERSION}|{key}".encode())
    lexicon = Path(settings.get("FBS_LEXICON_DIR", Config.lexicon_dir))
    for file in sorted(lexicon.glob("*.txt")):
        digest.update(file.name.encode() + file.read_bytes())
    # Photo checks read the image files, so any change among them counts.
    content = Path(settings.get("PATH", "content"))
    for file in sorted(content.rglob("*")):
        if file.suffix.lower() not in {".md", ".toml"} and file.is_file():
            stat = file.stat()
            digest.update(f"{file}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _log(findings: list[Finding]) -> None:
    for f in findings:
        logger.warning(
            "FBS %s:%d: %s [%s] %s\n      %s: %s",
            f.file,
            f.line,
            LABEL[f.severity],
            f.rule,
            f.message,
            FIX,
            f.hint,
        )


class FbsPlugin:
    """The plugin's state across builds; its bound methods are the signal
    handlers. What belongs to one build (files waiting for the spelling
    batch, the background worker, stored findings, the disk cache) is dropped
    at `finalized`; the checking context and the per-process record of
    files already reported stay, so autoreload re-checks only what changed."""

    def __init__(self) -> None:
        self.ctx: Context | None = None
        self.key: tuple | None = None
        self.seen: dict = {}
        self.pending: list = []
        self.disk: dict | None = None
        self.background: Background | None = None
        self.stored: list = []

    def configure(self, pelican) -> None:
        merge(pelican.settings, "FBS_", DEFAULTS, types=TYPES)

    def _context(self, settings) -> Context | None:
        if not settings.get("FBS_ENABLED", True):
            return None
        key = (
            settings.get("FBS_SPELLING", True),
            settings.get("FBS_CHECK_IMAGES", True),
            tuple(settings.get("FBS_OWN_HOSTS", Config.own_hosts)),
            settings.get("FBS_LEXICON_DIR", Config.lexicon_dir),
        )
        if self.key != key:
            config = Config(
                spelling=key[0],
                check_images=key[1],
                own_hosts=key[2],
                lexicon_dir=key[3],
                leave_to_build=True,
            )
            self.ctx = Context(config, repo_root=Path.cwd())
            self.key = key
            self.disk = None
        return self.ctx

    def _disk_cache(self, settings) -> dict:
        if self.disk is None:
            path = Path(settings.get("CACHE_PATH", ".cache")) / "fbs-findings.json"
            fingerprint = _fingerprint(settings, self.key)
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = {}
            files = stored.get("files", {}) if stored.get("fingerprint") == fingerprint else {}
            self.disk = {"path": path, "fingerprint": fingerprint, "files": files}
        return self.disk

    def save_disk_cache(self) -> None:
        disk = self.disk
        if disk is None:
            return
        disk["path"].parent.mkdir(parents=True, exist_ok=True)
        temporary = disk["path"].with_suffix(".tmp")
        payload = {"fingerprint": disk["fingerprint"], "files": disk["files"]}
        temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, disk["path"])
        self.disk = None  # the next build (autoreload) reloads with its own settings

    def _finish(self, doc: Document, digest: str | None = None, *, log: bool = True) -> list:
        apply_waivers(doc, leave_to_build=True)
        findings = [f for f in doc.findings if not f.waived_by]
        if log:
            _log(findings)
        if digest is not None and self.disk is not None:
            self.disk["files"][str(doc.path)] = {
                "sha256": digest,
                "findings": [asdict(f) for f in findings],
            }
        return findings

    def _triage(self, source_path: str, settings):
        """What to do with one source file: None (not ours, or already reported
        for this version), ("stored", findings) from the disk cache, or
        ("check", job) where job is what _check_job needs (picklable)."""
        ctx = self._context(settings)
        if ctx is None or not source_path or not source_path.endswith(".md"):
            return None
        path = Path(source_path)
        try:
            stat = path.stat()
        except OSError:
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        if self.seen.get(source_path) == version:
            return None  # already reported for this version of the file
        self.seen[source_path] = version
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        stored = self._disk_cache(settings)["files"].get(str(path))
        if stored and stored["sha256"] == digest:
            return ("stored", [Finding(**f) for f in stored["findings"]])
        content_root = Path(settings.get("PATH", "content")).resolve()
        resolved = path.resolve()
        try:
            shown = str(resolved.relative_to(Path.cwd().resolve()))
        except ValueError:
            shown = source_path
        kind = kind_of(resolved, content_root)
        return ("check", (source_path, shown, str(content_root), kind, digest))

    def _check_job(self, job, *, log: bool = True) -> list:
        """Run the checks on one file; spelling waits for flush_pending() when on."""
        source_path, shown, content_root, kind, digest = job
        ctx = self.ctx
        if ctx is None:
            raise RuntimeError("fbs: a check job without a context (FBS_ENABLED is off)")
        doc = load_document(Path(source_path), shown, Path(content_root), kind)
        check_document(doc, ctx)
        if ctx.speller is not None and ctx.speller.available and doc.checkable:
            self.pending.append((doc, digest))
            return []
        return self._finish(doc, digest, log=log)

    def check_source(self, source_path: str, settings) -> list:
        """Check one source file here and now; returns the findings logged now
        (spelling and the rest of a file's findings come with flush_pending() when
        spelling is on)."""
        triaged = self._triage(source_path, settings)
        if triaged is None:
            return []
        what, payload = triaged
        if what == "stored":
            _log(payload)
            return payload
        return self._check_job(payload)

    def flush_pending(self, *, log: bool = True) -> list:
        """Spell-check every file read since the last flush in one batch, then log."""
        docs, self.pending = self.pending, []
        ctx = self.ctx
        if not docs or ctx is None or ctx.speller is None:
            return []
        words = {id(d): spelling.candidate_words(d) for d, _ in docs}
        bad = ctx.speller.misspelled({w for ws in words.values() for w in ws})
        findings = []
        for doc, digest in docs:
            spelling.report(doc, words[id(doc)], bad)
            findings.extend(self._finish(doc, digest, log=log))
        return findings

    def _background_main(self, jobs, results) -> None:
        be_gentle(10)  # below the other background work: only warnings wait on it
        self.disk = {"path": None, "fingerprint": None, "files": {}}
        findings, failed = [], []
        try:
            while (job := jobs.get()) is not None:
                try:
                    findings += self._check_job(job, log=False)
                except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
                    failed.append((job[1], f"{type(exc).__name__}: {exc}"))
            findings += self.flush_pending(log=False)
            results.send(([asdict(f) for f in findings], self.disk["files"], failed))
        finally:
            results.close()

    def submit_source(self, source_path: str, settings) -> None:
        """Background mode (FBS_BACKGROUND): queue one file for the worker."""
        triaged = self._triage(source_path, settings)
        if triaged is None:
            return
        what, payload = triaged
        if what == "stored":
            self.stored += payload  # logged with the rest in on_finalized
            return
        # Started by the first file that needs checking: early in a cold build,
        # while Pelican's process is still small (a child forked from a big
        # process makes the parent copy each page it then touches), and not at
        # all in a rebuild where every finding comes from the disk cache.
        if self.background is None:
            self.background = Background(self)
        self.background.submit(payload)

    def on_content_init(self, content) -> None:
        source = getattr(content, "source_path", None)
        if not source:
            return
        if content.settings.get("FBS_BACKGROUND", True):
            self.submit_source(source, content.settings)
        else:
            self.check_source(source, content.settings)

    def on_generators_finalized(self, generators) -> None:
        if self.background is None:
            self.flush_pending()
            self.save_disk_cache()

    def on_finalized(self, pelican) -> list:
        """Background mode: log this build's findings, stored and new, by file and line."""
        background, self.background = self.background, None
        findings, self.stored = self.stored, []
        if background is not None:
            findings += background.collect()
        findings.sort(key=lambda f: (f.file, f.line))
        _log(findings)
        self.save_disk_cache()
        return findings


class Background:
    """The checks of one build, in a second process while Pelican renders.

    FBS findings are only warnings in the log: nothing Pelican writes depends
    on them, so the parsing, word-list scans and Hunspell batch need not
    hold up the build. Pelican renders on one core; this worker (forked, so it
    starts with the word lists and settings already loaded; niced, so the
    build keeps priority) uses another. The findings are logged when the
    build finishes, all together, sorted by file and line.
    """

    def __init__(self, plugin: FbsPlugin):
        self.plugin = plugin
        context = multiprocessing.get_context("fork")
        # Queue, not SimpleQueue: its feeder thread does the writing, so a
        # worker that lags behind never blocks Pelican on a full pipe.
        self.jobs = context.Queue()
        self.results, child_end = context.Pipe(duplex=False)
        self.process = context.Process(
            target=plugin._background_main, args=(self.jobs, child_end), daemon=True
        )
        self.process.start()
        child_end.close()

    def submit(self, job) -> None:
        self.jobs.put(job)

    def collect(self) -> list:
        """Wait for the worker; return the findings it made (not logged yet)."""
        self.jobs.put(None)
        findings, files, failed = [], {}, []
        try:
            # The worker only answers once, at the end; poll so a crashed
            # worker (killed, out of memory) cannot hang the build.
            while not self.results.poll(0.2):
                if not self.process.is_alive():
                    raise EOFError
            findings, files, failed = self.results.recv()
        except (EOFError, OSError):
            logger.warning(
                "FBS: pemeriksaan di proses kedua berhenti tanpa hasil (kode %s); "
                "jalankan `make check` untuk melihat temuan FBS.",
                self.process.exitcode,
            )
        self.process.join(timeout=5)
        self.jobs.cancel_join_thread()  # a dead worker leaves jobs unread: do not wait on them
        self.jobs.close()
        for shown, error in failed:
            logger.warning(
                "FBS: pemeriksaan %s gagal di tengah jalan (%s); jalankan `fbs check %s` "
                "untuk melihat rinciannya.",
                shown,
                error,
                shown,
            )
        if self.plugin.disk is not None:
            self.plugin.disk["files"].update(files)
        return [Finding(**f) for f in findings]
