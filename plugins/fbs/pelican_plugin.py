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

Files the same as on the `main` branch are not checked at all: the gate
(`fbs check` on every pull request) checked them before they reached main,
and checking 2,000 of them cost a cold build about 24 CPU-seconds, twice the
rest of it. The log says how many were left out and points to `make check`;
a stored result for such a file (a restored CI cache) is still counted.
Outside a git work tree, or without a `main` to compare with, every file is
checked.

The log shows in full only the findings of files that changed since the last
build (content hash against CACHE_PATH/fbs-last-build.json; with no record of
a last build, files that differ from the `main` branch, or every file outside
a git work tree). The backlog, findings of files nobody touched, is one line
per file with its counts, pointing to `make check` for the full report:
re-printing thousands of old findings on every rebuild cost seconds and hid
the new ones. `fbs check` stays the complete gate and report.

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
import subprocess
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from plugins.background import be_gentle
from plugins.fbs.masking import mask_tokens
from plugins.plugin_settings import merge
from plugins.report import ERROR, FIX, LABEL

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
LAST_BUILD_FILE = "fbs-last-build.json"  # content hash of each file as the last build read it


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


def git_changed_files(folder: Path) -> set[Path] | None:
    """Files of the git work tree holding `folder` that differ from the
    `main` branch (committed on this branch, changed, or new); None when
    there is no work tree or no `main` to compare with."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    base = next(
        (ref for ref in ("main", "origin/main") if git("rev-parse", "--verify", "-q", ref)), None
    )
    if not top or base is None:
        return None
    root = Path(top.strip())
    names = (git("diff", "--name-only", base, "--") or "").splitlines()
    names += (git("ls-files", "--others", "--exclude-standard", "--full-name") or "").splitlines()
    return {(root / name).resolve() for name in names if name}


def backlog_summary(findings: list[Finding]) -> str:
    """One line per file with its counts: the findings of files that did not
    change since the last build, which the author has seen before."""
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    errors = sum(f.severity == ERROR for f in findings)
    lines = [
        f"FBS: {len(findings)} temuan lama ({errors} {LABEL[ERROR]}, "
        f"{len(findings) - errors} PERINGATAN) di {len(by_file)} berkas yang tidak berubah "
        "sejak pembangunan terakhir; rinciannya: `make check` (atau `fbs check <berkas>`)."
    ]
    for file in sorted(by_file):
        items = by_file[file]
        bad = sum(f.severity == ERROR for f in items)
        rules = ", ".join(
            f"{rule} ×{n}" if n > 1 else rule
            for rule, n in sorted(Counter(f.rule for f in items).items())
        )
        lines.append(
            f"  {mask_tokens(file)}: {bad} {LABEL[ERROR]}, {len(items) - bad} PERINGATAN ({rules})"
        )
    return "\n".join(lines)


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
        # This build: the last build's record, what this build read, the
        # files whose findings are shown in full, the rest (summarised).
        self.last_build: dict | None = None
        self.last_build_path: Path | None = None
        self.read_now: dict[str, str] = {}
        self.new_files: set[str] = set()
        self.backlog: list = []
        self.git_asked = False
        self.git_changed: set[Path] | None = None  # None: no work tree or no main
        self.unchecked = 0  # files left unchecked this build: the same as on main
        self.cwd: str | None = None  # the resolved working folder, with a final separator

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
            self.emit(findings)
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
        # On strings, with the working folder resolved once per build: this
        # runs for each of the thousands of files of every build.
        real = os.path.realpath(source_path)
        if self.cwd is None:
            self.cwd = os.path.join(os.path.realpath(os.getcwd()), "")
        shown = real[len(self.cwd) :] if real.startswith(self.cwd) else source_path
        resolved = Path(real)
        if self._changed_since_last_build(settings, resolved, digest):
            self.new_files.add(shown)
        stored = self._disk_cache(settings)["files"].get(str(path))
        if stored and stored["sha256"] == digest:
            return ("stored", [Finding(**f) for f in stored["findings"]])
        if self._same_as_main(resolved):
            self.unchecked += 1
            return None
        content_root = Path(settings.get("PATH", "content")).resolve()
        kind = kind_of(resolved, content_root)
        return ("check", (source_path, shown, str(content_root), kind, digest))

    def _changed_since_last_build(self, settings, resolved: Path, digest: str) -> bool:
        if self.last_build_path is None:
            self.last_build_path = Path(settings.get("CACHE_PATH", ".cache")) / LAST_BUILD_FILE
            try:
                self.last_build = json.loads(self.last_build_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.last_build = None
        key = str(resolved)
        self.read_now[key] = digest
        if isinstance(self.last_build, dict):
            return self.last_build.get(key) != digest
        # No record of a last build (first build, fresh clone): what this
        # branch changed against main is new; outside git everything is.
        return not self._same_as_main(resolved)

    def _same_as_main(self, resolved: Path) -> bool:
        """Whether the file is as the `main` branch has it (False outside a
        git work tree or without a `main`). Git is asked once per build."""
        if not self.git_asked:
            self.git_asked = True
            self.git_changed = git_changed_files(resolved.parent)
        return self.git_changed is not None and resolved not in self.git_changed

    def save_last_build(self) -> None:
        path, record = self.last_build_path, self.last_build
        self.last_build_path, self.last_build = None, None
        self.git_asked, self.git_changed, self.cwd = False, None, None
        read_now, self.read_now = self.read_now, {}
        if path is None or not read_now:
            return
        files = {**(record if isinstance(record, dict) else {}), **read_now}
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(files, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    def emit(self, findings: list) -> None:
        """Log the findings of new files in full now; keep the rest for the summary."""
        new = [f for f in findings if f.file in self.new_files]
        self.backlog += [f for f in findings if f.file not in self.new_files]
        _log(new)

    def emit_backlog(self) -> None:
        backlog, self.backlog = self.backlog, []
        self.new_files = set()
        unchecked, self.unchecked = self.unchecked, 0
        if unchecked and logger.isEnabledFor(logging.WARNING):
            logger.warning(
                "FBS: %d berkas sama dengan cabang main, tidak diperiksa di sini "
                "(gerbang FBS memeriksanya di setiap pull request); laporan lengkap: "
                "`make check` (atau `fbs check <berkas>`).",
                unchecked,
            )
        if not backlog or not logger.isEnabledFor(logging.WARNING):
            return
        header, *per_file = backlog_summary(backlog).splitlines()
        logger.warning("%s", header)
        # One line per file, straight to Pelican's console rather than through
        # its log handler: rich lays out and highlights every log record, which
        # for 2,000 files took seconds (measured on the 2-core machine: 1-4 s
        # for one record, 0.15-0.4 s printed plainly).
        from pelican.log import console

        console.print(
            "\n".join(per_file), highlight=False, markup=False, emoji=False, soft_wrap=True
        )

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
            self.emit(payload)
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
        """Log this build's findings by file and line (background mode: all of
        them, stored and new), then the summary of the backlog."""
        background, self.background = self.background, None
        findings, self.stored = self.stored, []
        if background is not None:
            findings += background.collect()
        findings.sort(key=lambda f: (f.file, f.line))
        self.emit(findings)
        self.emit_backlog()
        self.save_disk_cache()
        self.save_last_build()
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
