"""``python -m bkd_sandbox``: serve the social API sandbox on loopback.

Started by ``make serve``, bench/ and the tests; not a console script, so
nothing of the sandbox enters the product's wheel metadata.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bkd_sandbox",
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
    return parser


def run_sandbox_command(args: argparse.Namespace) -> int:
    # Imported here so that other subcommands do not pay for the server modules.
    from bkd_sandbox.config import SandboxConfig
    from bkd_sandbox.server import serve_forever

    try:
        config = SandboxConfig.load(args.config) if args.config else SandboxConfig()
        return _serve_sandbox(args, config, serve_forever)
    except (OSError, ValueError) as error:
        print(f"bkd_sandbox: {error}", file=sys.stderr)
        return 2


def _serve_sandbox(args: argparse.Namespace, config, serve_forever) -> int:
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger("bkd_sandbox").warning(
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from syndicate.redact import install_logging_filter

    install_logging_filter()
    return run_sandbox_command(args)


if __name__ == "__main__":
    sys.exit(main())
