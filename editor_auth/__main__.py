"""`python -m editor_auth [--host 127.0.0.1] [--port 8090]`: run the sign-in service
(deploy/editor-auth.service). Exit 2 when a setting is missing."""

from __future__ import annotations

import argparse
import logging
import sys

from . import ConfigError, Settings, make_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m editor_auth")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="editor-auth: %(message)s")
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"editor-auth: {error} (see deploy/editor-auth.env.example)", file=sys.stderr)
        return 2
    server = make_server(settings, args.host, args.port)
    logging.info("listening on %s:%d for %s", args.host, args.port, settings.site_origin)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
