"""`fbs check [PATH ...] [--format text|json|github]`: the FBS gate.

Exit status 1 when any finding is an error that no waiver covers, else 0;
2 for a usage mistake."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import Config
from .report import FORMATS, escape_name
from .rules import RULES
from .runner import Context, run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fbs",
        description="Pemeriksaan FBS (Filter Before Sharing) untuk artikel portal BKD NTT.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="periksa artikel, foto dan pengaman repositori")
    check.add_argument(
        "paths", nargs="*", type=Path, help="berkas atau folder (bawaan: seluruh content/)"
    )
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument(
        "--repo", type=Path, help="akar repositori (bawaan: repositori git saat ini)"
    )
    check.add_argument(
        "--repo-only", action="store_true", help="hanya periksa pengaman repositori (FBS-9)"
    )
    check.add_argument(
        "--no-repo", action="store_true", help="lewati pemeriksaan pengaman repositori (FBS-9)"
    )
    check.add_argument("--no-spelling", action="store_true", help="lewati pemeriksaan ejaan")
    check.add_argument(
        "--base",
        metavar="REV",
        help="revisi git pembanding: catatan perubahan (ChangeNote) yang sudah ada di sana "
        "tidak boleh diubah atau dihapus",
    )
    sub.add_parser("rules", help="daftar aturan FBS yang diperiksa otomatis")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "rules":
        for rule in RULES.values():
            note = "" if rule.waivable else "  (tidak dapat dikecualikan)"
            print(f"{rule.id:28} {rule.summary}{note}")
        return 0

    config = Config(spelling=not args.no_spelling)
    ctx = Context(config, repo_root=args.repo)
    ctx.base = args.base
    if args.repo_only:
        paths = []
    elif args.paths:
        paths = args.paths
    else:
        paths = [ctx.repo_root / config.content_dir]
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        # A file name is author input: escaped so that a name holding a newline
        # and "::error::" cannot become a workflow command in CI logs.
        print(f"fbs: '{escape_name(str(p))}' tidak ditemukan, dilewati.", file=sys.stderr)
    result = run([p for p in paths if p.exists()], ctx, repo_checks=not args.no_repo)
    sys.stdout.write(FORMATS[args.format](result))
    if not result.spelling_available and args.format != "text":
        print(
            "fbs: pemeriksaan ejaan dilewati (apt-get install hunspell hunspell-id).",
            file=sys.stderr,
        )
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
