"""The ``syndicate`` command line.

The API sandbox is not a subcommand: it is its own package, outside the
product's wheel (``python -m bkd_sandbox``).

Each subcommand registers itself through ``add_<name>_command(subparsers)`` so
that later commands (plan, preview, publish, status, retry, baseline) can be
added without touching the others. A handler returns the process exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from syndicate import __version__
from syndicate.commands import register_commands
from syndicate.listen_commands import register_listen_commands

Handler = Callable[[argparse.Namespace], int]


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    register_commands,  # plan, preview, publish, status, retry, baseline
    register_listen_commands,  # listen, report
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="syndicate",
        description="Cross-post published articles of the BKD NTT portal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add_command in COMMANDS:
        add_command(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    # Every log line passes the redactor: configured secrets, minted tokens,
    # Authorization headers and access_token= never reach a log.
    from syndicate.redact import install_logging_filter, register_env

    register_env(os.environ)
    install_logging_filter()
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
