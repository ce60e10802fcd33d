"""Sign-in for the web editor without Netlify: a GitHub OAuth code exchange.

Decap CMS's GitHub backend signs in through a popup on
``{base_url}/{auth_endpoint}`` (config.yml, plugins/editor). This small
service, run on the agency's own server behind nginx (deploy/editor-auth.*),
does the one step a browser cannot do without leaking the client secret:

1. ``GET /auth?provider=github&scope=public_repo``: redirect to GitHub's
   ``/login/oauth/authorize`` with the app's client id, the callback URL, the
   scope and a random ``state`` (also kept in a short-lived cookie);
2. ``GET /callback?code=...&state=...``: check ``state`` against the cookie,
   exchange the code at ``POST /login/oauth/access_token`` (client id and
   secret, ``Accept: application/json``), and answer a page that hands the
   token to the editor window with ``postMessage``, to the site's origin only.

The message protocol (``authorizing:github``, then
``authorization:github:success:{"token": ..., "provider": "github"}``) is the
one Decap's ``netlify-auth`` client listens for
(decap-cms-lib-auth/src/netlify-auth.js). GitHub's side is documented at
https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps.

The token is never logged nor stored here: it goes from GitHub to the
author's browser. Standard library only.

Settings come from the environment (deploy/editor-auth.env):
  EDITOR_AUTH_CLIENT_ID, EDITOR_AUTH_CLIENT_SECRET  the GitHub OAuth app
  EDITOR_AUTH_SITE_ORIGIN   where /admin/ is served, e.g. https://bkd.nttprov.go.id
  EDITOR_AUTH_CALLBACK_URL  the app's callback, e.g. https://bkd.nttprov.go.id/editor-auth/callback
  EDITOR_AUTH_GITHUB_URL    https://github.com (tests point it at a fake)
"""

from __future__ import annotations

import html
import json
import logging
import os
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

logger = logging.getLogger("editor_auth")

# What the editor may ask for: public_repo for open authoring on a public
# repository, repo when the repository is private (auth_scope: repo).
ALLOWED_SCOPES = ("public_repo", "repo")
STATE_COOKIE = "editor_auth_state"
STATE_MAX_AGE = 600  # seconds the author has to approve on GitHub
TIMEOUT = 15


class ConfigError(ValueError):
    """A setting is missing or malformed (the service refuses to start)."""


@dataclass(frozen=True)
class Settings:
    client_id: str
    client_secret: str
    site_origin: str
    callback_url: str
    github_url: str = "https://github.com"

    @classmethod
    def from_env(cls, env=os.environ) -> Settings:
        missing = [
            name
            for name in (
                "EDITOR_AUTH_CLIENT_ID",
                "EDITOR_AUTH_CLIENT_SECRET",
                "EDITOR_AUTH_SITE_ORIGIN",
                "EDITOR_AUTH_CALLBACK_URL",
            )
            if not env.get(name)
        ]
        if missing:
            raise ConfigError("missing settings: " + ", ".join(missing))
        origin = env["EDITOR_AUTH_SITE_ORIGIN"].rstrip("/")
        parsed = urllib.parse.urlsplit(origin)
        if parsed.scheme not in ("https", "http") or parsed.path or not parsed.netloc:
            raise ConfigError(f"EDITOR_AUTH_SITE_ORIGIN is not an origin: {origin!r}")
        return cls(
            client_id=env["EDITOR_AUTH_CLIENT_ID"],
            client_secret=env["EDITOR_AUTH_CLIENT_SECRET"],
            site_origin=origin,
            callback_url=env["EDITOR_AUTH_CALLBACK_URL"],
            github_url=env.get("EDITOR_AUTH_GITHUB_URL", "https://github.com").rstrip("/"),
        )


class ExchangeError(Exception):
    """GitHub refused the code (expired, reused, wrong app) or could not be reached."""


def exchange_code(settings: Settings, code: str) -> str:
    """POST /login/oauth/access_token; the access token, or ExchangeError."""
    body = urllib.parse.urlencode(
        {
            "client_id": settings.client_id,
            "client_secret": settings.client_secret,
            "code": code,
            "redirect_uri": settings.callback_url,
        }
    ).encode()
    request = urllib.request.Request(
        settings.github_url + "/login/oauth/access_token",
        data=body,
        headers={"Accept": "application/json", "User-Agent": "bkd-ntt-editor-auth"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ExchangeError(f"GitHub tidak dapat dihubungi: {type(error).__name__}") from None
    if "access_token" not in data:
        # GitHub answers 200 with {"error": "bad_verification_code", ...}.
        raise ExchangeError(str(data.get("error") or "no access_token"))
    return str(data["access_token"])


def handoff_page(settings: Settings, status: str, content: dict) -> str:
    """The popup's last page: waits for the editor's hello, then posts the
    result to the site's origin only (never "*", or any page that opened the
    popup would get the token)."""
    message = f"authorization:github:{status}:{json.dumps(content)}"
    values = f"var origin={json.dumps(settings.site_origin)},message={json.dumps(message)};"
    script = (
        "(function(){" + values + "function receive(e){if(e.origin!==origin)return;"
        "window.removeEventListener('message',receive,false);"
        "window.opener.postMessage(message,origin);}"
        "window.addEventListener('message',receive,false);"
        "if(window.opener){window.opener.postMessage('authorizing:github',origin);}})();"
    )
    script = script.replace("</", "<\\/")
    text = (
        "Berhasil masuk. Jendela ini akan tertutup sendiri."
        if status == "success"
        else "Gagal masuk: " + html.escape(str(content.get("message", "")))
    )
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex"><title>Masuk ke editor</title></head>'
        f"<body><p>{text}</p><script>{script}</script></body></html>"
    )


class Handler(BaseHTTPRequestHandler):
    settings: Settings  # set on the subclass made by make_server()
    server_version = "editor-auth"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002, ARG002 - signature from the stdlib
        # Never the query string: it holds the one-time code.
        logger.info("%s %s", self.command, self.path.split("?", 1)[0])

    def do_GET(self):  # noqa: N802 - stdlib name
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        path = url.path.rstrip("/")
        if path.endswith("/auth") or path == "/auth":
            self.start(query)
        elif path.endswith("/callback") or path == "/callback":
            self.callback(query)
        else:
            self.send_text(404, "Tidak ada di sini.")

    def start(self, query: dict) -> None:
        if query.get("provider", "github") != "github":
            self.send_text(400, "Hanya GitHub yang didukung.")
            return
        scope = query.get("scope", "public_repo")
        if scope not in ALLOWED_SCOPES:
            self.send_text(400, f"Cakupan izin '{html.escape(scope)}' tidak diizinkan.")
            return
        state = secrets.token_urlsafe(24)
        target = (
            self.settings.github_url
            + "/login/oauth/authorize?"
            + urllib.parse.urlencode(
                {
                    "client_id": self.settings.client_id,
                    "redirect_uri": self.settings.callback_url,
                    "scope": scope,
                    "state": state,
                }
            )
        )
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header(
            "Set-Cookie",
            f"{STATE_COOKIE}={state}; Max-Age={STATE_MAX_AGE}; Path=/; HttpOnly; "
            "SameSite=Lax" + ("; Secure" if self.settings.callback_url.startswith("https") else ""),
        )
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def callback(self, query: dict) -> None:
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        expected = cookie[STATE_COOKIE].value if STATE_COOKIE in cookie else ""
        state = query.get("state", "")
        if not expected or not secrets.compare_digest(expected, state):
            self.send_page(400, "error", {"message": "Sesi masuk kedaluwarsa; coba masuk lagi."})
            return
        if "error" in query or not query.get("code"):
            reason = query.get("error_description") or query.get("error") or "tanpa kode"
            self.send_page(403, "error", {"message": f"GitHub menolak: {reason}"})
            return
        try:
            token = exchange_code(self.settings, query["code"])
        except ExchangeError as error:
            logger.warning("code exchange failed: %s", error)
            self.send_page(502, "error", {"message": f"Penukaran kode gagal: {error}"})
            return
        self.send_page(200, "success", {"token": token, "provider": "github"})

    def send_page(self, code: int, status: str, content: dict) -> None:
        body = handoff_page(self.settings, status, content).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header(
            "Set-Cookie", f"{STATE_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_text(self, code: int, text: str) -> None:
        body = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(settings: Settings, host: str = "127.0.0.1", port: int = 8090):
    handler = type("ConfiguredHandler", (Handler,), {"settings": settings})
    return ThreadingHTTPServer((host, port), handler)
