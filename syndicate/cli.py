"""The ``syndicate`` command line.

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

Handler = Callable[[argparse.Namespace], int]


def add_sandbox_command(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sandbox",
        help="run the local emulator of the Facebook, Instagram, X and YouTube APIs",
        description=(
            "Serve the social API sandbox on loopback. See README, 'Social sandbox', "
            "for the base URLs to give each client."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8765, help="port (default: %(default)s)")
    parser.add_argument(
        "--state", metavar="PATH", help="persist posts and counters to this JSON file"
    )
    parser.add_argument("--reset", action="store_true", help="clear the state file before starting")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="JSON file overriding accounts, tokens, limits and timings (see README)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="base URL the sandbox is reached at, used in Location headers and permalinks",
    )
    parser.set_defaults(handler=run_sandbox_command)


def run_sandbox_command(args: argparse.Namespace) -> int:
    # Imported here so that other subcommands do not pay for the server modules.
    from syndicate.sandbox.config import SandboxConfig
    from syndicate.sandbox.server import serve_forever

    try:
        config = SandboxConfig.load(args.config) if args.config else SandboxConfig()
        return _serve_sandbox(args, config, serve_forever)
    except (OSError, ValueError) as error:
        print(f"syndicate sandbox: {error}", file=sys.stderr)
        return 2


def _serve_sandbox(args: argparse.Namespace, config, serve_forever) -> int:
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger("syndicate.sandbox").warning(
            "sandbox listens on %s, not loopback: anyone on the network can post to it", args.host
        )
    return serve_forever(
        config,
        host=args.host,
        port=args.port,
        state_path=args.state,
        reset=args.reset,
        public_url=args.public_url,
    )


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_sandbox_command,
    register_commands,  # plan, preview, publish, status, retry, baseline
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
