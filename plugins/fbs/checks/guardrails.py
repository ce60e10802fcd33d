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

__all__ = ["TOKEN_PATTERNS", "check_repository", "scan_tokens"]

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


ADMIN_TEAM = "@bkdntt/admin"


def codeowners_expectations(team: str, admin: str, content_dir: str):
    """(sample path, owners it must have exactly, why): GitHub lets any ONE
    listed owner approve, so a path whose owners include a second team can be
    approved by that team alone."""
    return [
        (f"{content_dir}/articles/contoh-artikel.md", {team}, f"/{content_dir}/ {team}"),
        (".github/workflows/publish.yml", {admin}, f"/.github/ {admin}"),
        (".github/CODEOWNERS", {admin}, f"/.github/ {admin}"),
        ("plugins/fbs/runner.py", {admin}, f"/plugins/ {admin}"),
        ("syndicate/engine.py", {admin}, f"/syndicate/ {admin}"),
        ("Makefile", {admin}, f"/Makefile {admin}"),
        ("plugins/fbs/lexicon/kasar.txt", {admin}, f"/plugins/fbs/lexicon/ {admin}"),
        (f"{content_dir}/taxonomy.toml", {admin}, f"/{content_dir}/taxonomy.toml {admin}"),
    ]


def check_codeowners(
    root: Path, team: str, content_dir: str, admin: str = ADMIN_TEAM
) -> list[Finding]:
    candidates = [
        root / ".github" / "CODEOWNERS",
        root / "CODEOWNERS",
        root / "docs" / "CODEOWNERS",
    ]
    path = next((p for p in candidates if p.is_file()), None)
    readme = (
        " Aktifkan juga 'Require review from Code Owners' pada aturan perlindungan cabang "
        "main (lihat docs/admin.md, 'Branch protection')."
    )
    if path is None:
        return [
            Finding(
                ".github/CODEOWNERS",
                1,
                "FBS-9.codeowners",
                ERROR,
                "Berkas CODEOWNERS tidak ada, sehingga artikel dapat digabung tanpa persetujuan "
                "tim Kepala Badan dan workflow dapat diubah tanpa persetujuan admin.",
                f"Buat .github/CODEOWNERS dengan baris '/{content_dir}/ {team}' dan "
                f"'/.github/ {admin}' (contoh lengkap di docs/fbs-admin.md)." + readme,
            )
        ]
    shown = str(path.relative_to(root))
    rules = codeowners_rules(path.read_text(encoding="utf-8", errors="replace"))
    findings = []
    for sample, wanted, line_to_write in codeowners_expectations(team, admin, content_dir):
        matching = [r for r in rules if codeowners_match(r[1], sample)]
        if not matching:
            findings.append(
                Finding(
                    shown,
                    1,
                    "FBS-9.codeowners",
                    ERROR,
                    f"Tidak ada aturan CODEOWNERS untuk {sample}.",
                    f"Tambahkan baris '{line_to_write}'." + readme,
                )
            )
            continue
        line, pattern, owners = matching[-1]  # the last matching rule wins
        have = {o.casefold() for o in owners}
        if have != {w.casefold() for w in wanted}:
            findings.append(
                Finding(
                    shown,
                    line,
                    "FBS-9.codeowners",
                    ERROR,
                    f"Aturan '{pattern}' yang berlaku untuk {sample} memberi hak setuju kepada "
                    f"{' '.join(owners) or '(tidak ada)'}; seharusnya hanya {' '.join(wanted)}. "
                    "GitHub cukup meminta persetujuan SATU pemilik, jadi setiap tim yang "
                    "tercantum dapat menyetujui sendirian.",
                    f"Tulis '{line_to_write}' (di bawah aturan yang lebih umum)." + readme,
                )
            )
    return findings


def _triggers(data) -> dict:
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {t: None for t in on if isinstance(t, str)}
    return on if isinstance(on, dict) else {}


MAIN_REFS = ("main", "refs/heads/main")
# Events whose runs use the workflow and code of the default branch.
DEFAULT_BRANCH_EVENTS = {
    "schedule",
    "repository_dispatch",
    "issues",
    "issue_comment",
    "watch",
    "fork",
    "discussion",
    "discussion_comment",
    "label",
    "milestone",
    "gollum",
    "public",
    "workflow_call",  # runs as part of its caller, which is checked itself
}
SECRET_USE = re.compile(
    r"secrets\s*\.\s*(?!GITHUB_TOKEN\b)\w|secrets\s*\[|toJSON\(\s*secrets|\bsecrets\s*:\s*inherit"
)
PAGE_TOKENS = re.compile(r"secrets\s*\.\s*SYNDICATE_\w+")
SAFE_REF_TEST = {
    "github.ref == 'refs/heads/main'",
    "'refs/heads/main' == github.ref",
}


def _only_main(branches) -> bool:
    if isinstance(branches, str):
        branches = [branches]
    return (
        isinstance(branches, list)
        and bool(branches)
        and all(isinstance(b, str) and b in MAIN_REFS for b in branches)
    )


def _off_main_reason(trigger: str, spec) -> str | None:
    """Why `trigger` can start a run from a ref other than main, or None."""
    spec = spec if isinstance(spec, dict) else {}
    if trigger in DEFAULT_BRANCH_EVENTS:
        return None
    if trigger == "push":
        if "branches-ignore" in spec:
            return "push ke cabang mana pun yang tidak dikecualikan (branches-ignore)"
        if "tags" in spec or "tags-ignore" in spec:
            return "push tag (tag dapat dibuat dari cabang mana saja)"
        if "branches" not in spec:
            return "push ke cabang mana pun (tanpa filter branches)"
        if not _only_main(spec.get("branches")):
            return f"push ke cabang {spec.get('branches')!r}, bukan hanya main"
        return None
    if trigger == "workflow_run":
        if _only_main(spec.get("branches")) and "branches-ignore" not in spec:
            return None
        return "workflow_run dari cabang mana pun (tanpa 'branches: [main]')"
    if trigger == "pull_request_target":
        return "pull_request_target (berjalan dengan secrets untuk pull request dari fork)"
    return f"{trigger} (dapat dijalankan dari cabang mana saja)"


def expression(condition) -> str:
    text = str(condition).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    return " ".join(text.split())


# GitHub's job-status functions take no argument and only narrow a job
# further (a job after a failed one needs `failure()` to run at all), so a
# whole `&&` term made of one of them keeps a main-only test main-only.
STATUS_TERMS = frozenset({"success()", "failure()", "always()", "cancelled()"})


def is_main_only(condition) -> bool:
    """True only for an `if:` that plainly restricts to main: the exact test
    `github.ref == 'refs/heads/main'`, alone or joined with `&&` to other
    terms. Anything with `||`, `!`, parentheses or a function is refused
    (`... || true` and friends must not pass), except a job-status function
    standing alone as an `&&` term."""
    text = expression(condition)
    if text in SAFE_REF_TEST:
        return True
    terms = [term.strip() for term in text.split("&&")]
    rest = [term for term in terms if term not in STATUS_TERMS]
    if any(c in term for term in rest for c in "|!()"):
        return False
    return any(term in SAFE_REF_TEST for term in rest)


def check_workflow(path: Path, shown: str) -> list[Finding]:  # noqa: C901 - one check per guard rail of a workflow file, reported together
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
    found_jobs = data.get("jobs")
    jobs: dict = found_jobs if isinstance(found_jobs, dict) else {}
    workflow_secrets = bool(SECRET_USE.search(repr(data.get("env") or {})))
    workflow_pages = bool(PAGE_TOKENS.search(repr(data.get("env") or {})))

    def line_of(word: str, indent: str = r"\s*") -> int:
        m = re.search(rf"^{indent}['\"]?{re.escape(str(word))}['\"]?\s*:", text, re.M)
        return text.count("\n", 0, m.start()) + 1 if m else 1

    def job_line(job: str) -> int:
        return line_of(job, r"[ ]{1,8}")

    def reads_secrets(job) -> bool:
        # `secrets: inherit` or a mapping hands secrets to a reusable workflow.
        return workflow_secrets or bool(job.get("secrets")) or bool(SECRET_USE.search(repr(job)))

    def guarded(name: str, seen: frozenset = frozenset()) -> bool:
        """The job runs only on main: its own `if:` says so, or it has no
        `if:` and every job it needs does (a skipped need skips it)."""
        found = jobs.get(name)
        job: dict = found if isinstance(found, dict) else {}
        if "if" in job:
            return is_main_only(job["if"])
        needs = job.get("needs") or []
        if isinstance(needs, str):
            needs = [needs]
        return bool(needs) and all(
            n not in seen and n in jobs and guarded(n, seen | {name}) for n in needs
        )

    deploys_anywhere = _may_deploy(data.get("permissions"))

    def deploys(job) -> bool:
        """Writes the site or signs as the repository, whatever the file is called."""
        return deploys_anywhere or _may_deploy(job.get("permissions")) or bool(_environment(job))

    sensitive = {
        n: j
        for n, j in jobs.items()
        if isinstance(j, dict) and (is_publish or reads_secrets(j) or deploys(j))
    }
    off_main = {t: r for t, s in triggers.items() if (r := _off_main_reason(str(t), s))}
    hint = (
        "Batasi pemicunya ('on: push: branches: [main]', tanpa tags), atau beri setiap job "
        "yang memakai secrets atau menerbitkan \"if: github.ref == 'refs/heads/main'\" "
        "persis seperti itu (tanpa '||', tanpa '!')."
    )
    if sensitive and "pull_request_target" in triggers:
        # github.ref is the base branch there, so an `if:` on the ref cannot help.
        findings.append(
            Finding(
                shown,
                line_of("pull_request_target"),
                "FBS-9.publish-branch",
                ERROR,
                "Workflow ini memakai secrets (atau menerbitkan) pada pemicu "
                "pull_request_target: pull request dari fork dapat membaca token akun.",
                "Pakai pemicu pull_request (tanpa secrets) untuk pemeriksaan, dan simpan "
                "langkah yang butuh token di workflow terbit yang hanya berjalan dari main.",
            )
        )
    if is_publish:
        for trigger in ("pull_request",):
            if trigger in triggers:
                findings.append(
                    Finding(
                        shown,
                        line_of(trigger),
                        "FBS-9.publish-branch",
                        ERROR,
                        f"Workflow terbit berjalan pada {trigger}: isi yang belum disetujui "
                        "Kepala Badan dapat ikut terbit.",
                        hint,
                    )
                )
    off_main.pop("pull_request_target", None)
    if is_publish:
        off_main.pop("pull_request", None)
    for job_name, job in sensitive.items():
        if not off_main or guarded(job_name):
            continue
        what = "memakai secrets" if reads_secrets(job) else "menerbitkan situs"
        condition = job.get("if")
        if condition is not None:
            message = (
                f"Job '{job_name}' {what}, tetapi syaratnya \"if: {expression(condition)}\" "
                "bukan pembatasan sederhana ke cabang main, dan workflow ini dapat dipicu oleh "
                + "; ".join(off_main.values())
                + "."
            )
            line = job_line(job_name)
        else:
            message = (
                f"Job '{job_name}' {what} dan dapat berjalan dari cabang selain main: "
                + "; ".join(off_main.values())
                + "."
            )
            line = line_of(next(iter(off_main)))
        findings.append(Finding(shown, line, "FBS-9.publish-branch", ERROR, message, hint))
    for job_name, job in jobs.items():
        if not isinstance(job, dict):
            continue
        if (workflow_pages or PAGE_TOKENS.search(repr(job))) and not _environment(job):
            findings.append(
                Finding(
                    shown,
                    job_line(job_name),
                    "FBS-9.environment",
                    ERROR,
                    f"Job '{job_name}' memakai token halaman media sosial (SYNDICATE_*) tanpa "
                    "'environment:'. Secret repositori dapat dibaca workflow apa pun yang "
                    "didorong ke cabang mana pun.",
                    "Simpan token di Environment GitHub 'media-sosial' yang hanya mengizinkan "
                    "cabang main (lihat docs/fbs-admin.md), lalu tulis 'environment: media-sosial' "
                    "di job ini.",
                )
            )
    return findings


def _may_deploy(permissions) -> bool:
    if permissions == "write-all":
        return True
    if not isinstance(permissions, dict):
        return False
    return any(permissions.get(scope) == "write" for scope in ("pages", "id-token", "deployments"))


def _environment(job) -> str:
    env = job.get("environment")
    if isinstance(env, dict):
        env = env.get("name")
    return env.strip() if isinstance(env, str) else ""


def check_repository(
    root: Path, team: str, content_dir: str = "content", admin: str = ADMIN_TEAM
) -> list[Finding]:
    findings = check_codeowners(root, team, content_dir, admin)
    workflows = root / ".github" / "workflows"
    if workflows.is_dir():
        for path in sorted(workflows.iterdir()):
            if path.suffix in (".yml", ".yaml") and path.is_file():
                findings.extend(check_workflow(path, str(path.relative_to(root))))
    for path in repo_files(root):
        findings.extend(scan_tokens(path, str(path.relative_to(root))))
    return findings
