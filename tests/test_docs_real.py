"""Every rule, make target, command, setting, path and exit code the docs name is real.

Docs drift silently: a renamed setting or a removed subcommand leaves a README
line that still reads well. These tests read README.md, CONTRIBUTING.md, docs/
and the author guides, pick out what they name, and look each name up where
it is defined: the FBS rule table, the Makefile, the CLIs' argparse parsers,
the code and configuration, the file tree, and the syndicate command's exit
codes.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from plugins.fbs.cli import build_parser as fbs_parser
from plugins.fbs.rules import RULES
from syndicate import commands
from syndicate.cli import build_parser as syndicate_parser
from syndicate.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DOCS = sorted(
    [
        REPO / "README.md",
        *(REPO / "CONTRIBUTING.md",)[: (REPO / "CONTRIBUTING.md").exists()],
        *(REPO / "docs").glob("*.md"),
        *(REPO / "content").glob("PANDUAN-*.md"),
    ]
)
# Where a setting counts as defined: code and configuration, not prose or tests.
CODE_SUFFIXES = {".py", ".yml", ".yaml", ".toml", ".html", ".cfg", ".json", ".sh", ".conf"}
CODE_FILES = ("Makefile", ".ci/run")
SKIP_DIRS = {".git", ".venv", "node_modules", "output", ".cache", "build", "tests", "docs"}

RULE_ID = re.compile(r"\bFBS-\d\.[a-z][a-z0-9-]*[a-z0-9]")
# The prefixes the project's own settings and environment variables carry.
SETTING = re.compile(
    r"\b(?:SYNDICATE|FBS|MEDIA|COMPRESS|SEARCH|DEPLOY|SANITIZE|FEEDS|SEO)_[A-Z0-9_]*[A-Z0-9]\b"
)
CODE_SPAN = re.compile(r"```.*?```|`[^`\n]+`", re.S)
MAKE = re.compile(r"(?:^|[\s;&(`])make ([a-z][\w./-]*)", re.M)
CLI = re.compile(r"(?:^|[\s/;&(`])(syndicate|fbs) ([a-z][a-z-]*)((?:[ \t]+[^\n`|#]*)?)", re.M)
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
EXIT_IN_TEXT = re.compile(r"\b[Ee]xit(?:s| code| status)?(?: with code)? (\d+)\b")
EXIT_ROW = re.compile(r"^\| (\d+) \|", re.M)
# A repository path in code quotes: `plugins/media/settings.py`, `tests/_support/`.
REPO_PATH = re.compile(r"`((?:[\w.-]+/)+[\w.-]*)`")
# Written by a build or a run, never committed.
GENERATED = ("build/", "output/", ".cache/")
# Folders pelicanconf.py names (STATIC_PATHS) that exist once an author adds a file.
CONFIGURED = ("content/extra/",)


def doc_texts() -> Iterator[tuple[str, str]]:
    for path in DOCS:
        yield path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8")


def code_spans(text: str) -> str:
    return "\n".join(CODE_SPAN.findall(text))


def code_corpus() -> str:
    parts = []
    for path in REPO.rglob("*"):
        relative = path.relative_to(REPO)
        if SKIP_DIRS & set(relative.parts[:-1]) or not path.is_file():
            continue
        if path.suffix in CODE_SUFFIXES or relative.as_posix() in CODE_FILES:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def make_targets() -> set[str]:
    """Rule targets, with `$(VAR)` expanded from the Makefile's own assignments."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+)\s*[:?]?=[ \t]*(.*)$", text, re.M))
    for _ in range(3):
        text = re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), m.group(0)), text)
    return set(re.findall(r"^([A-Za-z][\w./-]*)\s*:(?!=)", text, re.M))


def subcommands(parser: argparse.ArgumentParser) -> dict[str, set[str]]:
    """Each subcommand with its option strings (the top-level ones count too)."""
    top = set(parser._option_string_actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {
                name: top | set(sub._option_string_actions) for name, sub in action.choices.items()
            }
    return {}


def exit_codes() -> set[int]:
    return {value for name, value in vars(commands).items() if name.startswith("EXIT_")}


# --- the checkers (pure functions of the text, so they can be tested) --------


def unknown_rules(text: str) -> set[str]:
    return {rule for rule in RULE_ID.findall(text) if rule not in RULES}


def unknown_make_targets(text: str, targets: set[str]) -> set[str]:
    return {target for target in MAKE.findall(code_spans(text)) if target not in targets}


def unknown_commands(text: str, clis: dict[str, dict[str, set[str]]]) -> set[str]:
    problems = set()
    for program, name, rest in CLI.findall(code_spans(text)):
        known = clis[program]
        if name not in known:
            problems.add(f"{program} {name}")
            continue
        for option in OPTION.findall(rest):
            if option not in known[name]:
                problems.add(f"{program} {name} {option}")
    return problems


def unknown_settings(text: str, corpus: str) -> set[str]:
    fields = {f"SYNDICATE_{name.upper()}" for name in Settings.__dataclass_fields__}
    return {
        name
        for name in SETTING.findall(text)
        if name not in fields and not re.search(rf"\b{name}\b", corpus)
    }


def unknown_paths(text: str) -> set[str]:
    """Paths under a top-level folder of this repository that do not exist
    (test tables may name tests relative to tests/, as docs/sandbox-fidelity.md says)."""
    top = {p.name for p in REPO.iterdir() if p.is_dir()}
    return {
        path
        for path in REPO_PATH.findall(text)
        if path.split("/", 1)[0] in top
        and not path.startswith(GENERATED)
        and path not in CONFIGURED
        and not (REPO / path).exists()
        and not (REPO / "tests" / path).exists()
    }


def unknown_exit_codes(text: str, codes: set[int]) -> set[int]:
    named = {int(code) for code in EXIT_IN_TEXT.findall(text)}
    return {code for code in named if code not in codes}


# --- the docs ----------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> str:
    return code_corpus()


@pytest.fixture(scope="module")
def clis() -> dict[str, dict[str, set[str]]]:
    return {"syndicate": subcommands(syndicate_parser()), "fbs": subcommands(fbs_parser())}


def test_the_docs_are_found():
    names = [name for name, _ in doc_texts()]
    assert "README.md" in names and len(names) >= 4


@pytest.mark.parametrize("name", [p.relative_to(REPO).as_posix() for p in DOCS])
def test_named_rules_targets_commands_and_settings_exist(name, corpus, clis):
    text = (REPO / name).read_text(encoding="utf-8")
    problems = {
        "FBS rules": unknown_rules(text),
        "make targets": unknown_make_targets(text, make_targets()),
        "commands": unknown_commands(text, clis),
        "settings": unknown_settings(text, corpus),
        "paths": unknown_paths(text),
        "exit codes": unknown_exit_codes(text, exit_codes()),
    }
    assert {kind: found for kind, found in problems.items() if found} == {}


def test_the_exit_code_table_is_the_commands_codes():
    text = "\n".join(text for _, text in doc_texts())
    table = text.split("| code | meaning |", 1)[1].split("\n\n", 1)[0]
    assert {int(code) for code in EXIT_ROW.findall(table)} == exit_codes()


def test_the_checkers_catch_invented_names(corpus, clis):
    """The lookups fail on a name that does not exist (a test that can fail)."""
    assert unknown_rules("`FBS-8.nip` and `FBS-8.passport`") == {"FBS-8.passport"}
    assert unknown_make_targets("`make test` and `make deploy-now`", make_targets()) == {
        "deploy-now"
    }
    text = "```\nsyndicate publish --platform x\nsyndicate purge\nfbs check --fix\n```"
    assert unknown_commands(text, clis) == {"syndicate purge", "fbs check --fix"}
    assert unknown_settings("`SYNDICATE_PAUSED`, `MEDIA_TURBO_MODE`", corpus) == {
        "MEDIA_TURBO_MODE"
    }
    assert unknown_exit_codes("exit 3; exits with code 9", exit_codes()) == {9}
    assert unknown_paths("`plugins/media/settings.py`, `plugins/media/turbo.py`") == {
        "plugins/media/turbo.py"
    }
