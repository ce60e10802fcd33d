"""FBS-9: devices and accounts are used only for publication. The repository
keeps its own guard rails: content needs the Kepala's review (CODEOWNERS), only
`main` can publish, and no account token is ever committed.

These checks run on every `fbs check`, whatever paths are given."""

from __future__ import annotations

import fnmatch
import re
import subprocess
from pathlib import Path

from ..findings import ERROR, Finding
from .tokens import TOKEN_PATTERNS, scan_tokens

__all__ = ["TOKEN_PATTERNS", "scan_tokens", "check_repository"]

SKIP_DIRS = {".git", ".venv", "node_modules", "output", ".cache", "__pycache__"}
PUBLISH_WORDS = ("publish", "deploy", "terbit", "syndicat", "release")


def repo_files(root: Path) -> list[Path]:
    """Files git tracks or would track (untracked but not ignored)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=True,
        )
        names = [n for n in out.stdout.decode("utf-8", "replace").split("\0") if n]
        return [root / n for n in names if (root / n).is_file()]
    except (OSError, subprocess.SubprocessError):
        files = []
        for path in root.rglob("*"):
            if path.is_file() and not SKIP_DIRS.intersection(path.relative_to(root).parts):
                files.append(path)
        return files


def codeowners_rules(text: str) -> list[tuple[int, str, list[str]]]:
    rules = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.strip().startswith("\\#") else raw
        if not line:
            continue
        parts = line.split()
        rules.append((n, parts[0], parts[1:]))
    return rules


def codeowners_match(pattern: str, path: str) -> bool:
    """Enough of gitignore-style matching for CODEOWNERS patterns."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    pat = pattern.lstrip("/")
    if pat.endswith("/"):
        pat += "**"
    elif not any(c in pat for c in "*?[") and (
        # A plain name matches the file or everything under the directory.
        path == pat or path.startswith(pat + "/") or (not anchored and f"/{pat}/" in f"/{path}")
    ):
        return True
    if pat.endswith("/**"):
        base = pat[:-3]
        if path.startswith(base + "/") or (not anchored and f"/{base}/" in f"/{path}"):
            return True
    if anchored:
        return fnmatch.fnmatch(path, pat) or fnmatch.fnmatch(path, pat + "/*")
    return fnmatch.fnmatch(path.rsplit("/", 1)[-1], pat) or fnmatch.fnmatch(path, "*/" + pat)


def check_codeowners(root: Path, team: str, content_dir: str) -> list[Finding]:
    candidates = [
        root / ".github" / "CODEOWNERS",
        root / "CODEOWNERS",
        root / "docs" / "CODEOWNERS",
    ]
    path = next((p for p in candidates if p.is_file()), None)
    hint = (
        f"Tambahkan baris '/{content_dir}/ {team}' di .github/CODEOWNERS dan aktifkan "
        "'Require review from Code Owners' pada aturan perlindungan cabang main (lihat README)."
    )
    if path is None:
        return [
            Finding(
                ".github/CODEOWNERS",
                1,
                "FBS-9.codeowners",
                ERROR,
                "Berkas CODEOWNERS tidak ada, sehingga artikel dapat digabung tanpa persetujuan "
                "tim Kepala Badan.",
                hint,
            )
        ]
    shown = str(path.relative_to(root))
    rules = codeowners_rules(path.read_text(encoding="utf-8", errors="replace"))
    sample = f"{content_dir}/articles/contoh-artikel.md"
    matching = [r for r in rules if codeowners_match(r[1], sample)]
    if not matching:
        return [
            Finding(
                shown,
                1,
                "FBS-9.codeowners",
                ERROR,
                f"Tidak ada aturan CODEOWNERS untuk folder {content_dir}/.",
                hint,
            )
        ]
    line, pattern, owners = matching[-1]  # the last matching rule wins
    if team.casefold() not in (o.casefold() for o in owners):
        return [
            Finding(
                shown,
                line,
                "FBS-9.codeowners",
                ERROR,
                f"Aturan '{pattern}' yang berlaku untuk {content_dir}/ tidak menyertakan {team}.",
                hint,
            )
        ]
    return []


def _triggers(data) -> dict:
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {t: None for t in on}
    return on if isinstance(on, dict) else {}


def _only_main(branches) -> bool:
    if isinstance(branches, str):
        branches = [branches]
    return bool(branches) and all(b in ("main", "refs/heads/main") for b in branches)


def _guarded_by_main_ref(data) -> bool:
    """Every job carries `if: github.ref == 'refs/heads/main'`, itself or
    through the jobs it needs (a job whose need was skipped is skipped too)."""
    jobs = data.get("jobs") or {}
    if not isinstance(jobs, dict) or not jobs:
        return False

    def guarded(name: str, seen: frozenset = frozenset()) -> bool:
        job = jobs.get(name) or {}
        cond = str(job.get("if", "")).replace('"', "'")
        if "refs/heads/main" in cond and "!=" not in cond:
            return True
        needs = job.get("needs") or []
        if isinstance(needs, str):
            needs = [needs]
        return bool(needs) and all(n not in seen and guarded(n, seen | {name}) for n in needs)

    return all(guarded(name) for name in jobs)


def check_workflow(path: Path, shown: str) -> list[Finding]:
    import yaml

    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [
            Finding(
                shown,
                (mark.line + 1) if mark else 1,
                "FBS-9.publish-branch",
                ERROR,
                "Workflow tidak dapat dibaca (YAML tidak sah).",
                "Perbaiki penulisan YAML; GitHub juga tidak akan menjalankannya.",
            )
        ]
    if not isinstance(data, dict):
        return []
    findings = []
    triggers = _triggers(data)
    name = f"{path.name} {data.get('name', '')}".lower()
    is_publish = any(w in name for w in PUBLISH_WORDS)

    def line_of(word: str) -> int:
        m = re.search(rf"^\s*{re.escape(word)}\s*:", text, re.M)
        return text.count("\n", 0, m.start()) + 1 if m else 1

    if "pull_request_target" in triggers and "secrets." in text:
        findings.append(
            Finding(
                shown,
                line_of("pull_request_target"),
                "FBS-9.publish-branch",
                ERROR,
                "Workflow ini memakai secrets pada pemicu pull_request_target: pull request "
                "dari fork dapat membaca token akun.",
                "Pakai pemicu pull_request (tanpa secrets) untuk pemeriksaan, dan simpan "
                "langkah yang butuh token di workflow terbit yang hanya berjalan dari main.",
            )
        )
    if not is_publish:
        return findings
    hint = (
        "Batasi pemicunya: 'on: push: branches: [main]'. Pemicu manual (workflow_dispatch) "
        "hanya boleh bila setiap job memakai \"if: github.ref == 'refs/heads/main'\"."
    )
    guarded = _guarded_by_main_ref(data)
    for trigger, spec in triggers.items():
        spec = spec or {}
        if trigger == "push":
            if not _only_main(spec.get("branches")) and not guarded:
                findings.append(
                    Finding(
                        shown,
                        line_of("push"),
                        "FBS-9.publish-branch",
                        ERROR,
                        "Workflow terbit dapat berjalan dari cabang selain main.",
                        hint,
                    )
                )
        elif trigger in ("pull_request", "pull_request_target"):
            findings.append(
                Finding(
                    shown,
                    line_of(trigger),
                    "FBS-9.publish-branch",
                    ERROR,
                    f"Workflow terbit berjalan pada {trigger}: isi yang belum disetujui Kepala "
                    "Badan dapat ikut terbit.",
                    hint,
                )
            )
        elif trigger == "workflow_run":
            if not _only_main(spec.get("branches")) and not guarded:
                findings.append(
                    Finding(
                        shown,
                        line_of("workflow_run"),
                        "FBS-9.publish-branch",
                        ERROR,
                        "Workflow terbit (workflow_run) tidak dibatasi ke cabang main.",
                        "Tambahkan 'branches: [main]' di bawah workflow_run. " + hint,
                    )
                )
        elif trigger == "workflow_dispatch" and not guarded:
            # schedule and repository_dispatch always run on the default branch.
            findings.append(
                Finding(
                    shown,
                    line_of(trigger),
                    "FBS-9.publish-branch",
                    ERROR,
                    f"Workflow terbit dapat dijalankan lewat {trigger} dari cabang mana saja.",
                    hint,
                )
            )
    return findings


def check_repository(root: Path, team: str, content_dir: str = "content") -> list[Finding]:
    findings = check_codeowners(root, team, content_dir)
    workflows = root / ".github" / "workflows"
    if workflows.is_dir():
        for path in sorted(workflows.iterdir()):
            if path.suffix in (".yml", ".yaml") and path.is_file():
                findings.extend(check_workflow(path, str(path.relative_to(root))))
    for path in repo_files(root):
        findings.extend(scan_tokens(path, str(path.relative_to(root))))
    return findings
