"""The HTTP server: one port, every API family, plus fault injection.

The stdlib ``ThreadingHTTPServer`` is used on purpose: the fault modes need
direct control of the socket (reset before reading, hold without answering,
close after processing), which higher-level frameworks hide.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import signal
import socket
import struct
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bkd_sandbox import admin, followups, google_oauth, graph, listening, viewer, x, youtube
from bkd_sandbox.config import SandboxConfig
from bkd_sandbox.errors import (
    google_error,
    google_server_error,
    graph_error,
    graph_rate_limited,
    graph_server_error,
    oauth_error,
    retry_after_epoch,
    x_problem,
    x_rate_limited,
    x_server_error,
    youtube_quota_exceeded,
    youtube_rate_limited,
)
from bkd_sandbox.faults import MARKING_MODES, Fault, FaultRegistry
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.redact import redact_path
from bkd_sandbox.router import Router
from bkd_sandbox.state import SandboxState

log = logging.getLogger("bkd_sandbox")

# Query parameters that carry a secret. The project never puts one in a URL.
SECRET_QUERY_KEYS = ("access_token", "oauth_token", "refresh_token", "client_secret", "input_token")


class Sandbox:
    """Everything behind the socket: config, state, faults and routes."""

    def __init__(
        self,
        config: SandboxConfig | None = None,
        state: SandboxState | None = None,
        *,
        public_url: str | None = None,
    ) -> None:
        self.config = config or SandboxConfig()
        self.state = state or SandboxState()
        self.faults = FaultRegistry()
        self.public_url = public_url.rstrip("/") if public_url else None
        self.stop_event = threading.Event()
        # The last requests' bodies (secrets removed), so tests can check what a
        # client sent against the platform's schema. Memory only.
        self.journal: collections.deque[dict] = collections.deque(maxlen=200)
        self.router = Router()
        for module in (admin, viewer, listening, graph, x, youtube, google_oauth, followups):
            module.register(self.router, self)

    def base_url(self, request: Request) -> str:
        """Where clients reach the sandbox, for Location headers and permalinks."""
        if self.public_url:
            return self.public_url
        host = request.headers.get("Host") or "127.0.0.1"
        return f"http://{host}"

    def fault_response(self, platform: str, fault: Fault) -> Response:
        status = {"http_500": 500, "http_503": 503}.get(fault.mode)
        if platform in ("facebook", "instagram"):
            if status:
                return graph_server_error(status)
            if fault.mode == "quota" and platform == "instagram":
                return graph_error(
                    400,
                    9,
                    "Application request limit reached",
                    subcode=2207042,
                    is_transient=False,
                    user_title="Content publishing limit reached",
                    user_msg="You reached maximum number of posts that is allowed to be "
                    "published by Content Publishing API.",
                )
            code = fault.code or (
                self.config.facebook.rate_limit_code if platform == "facebook" else 4
            )
            return graph_rate_limited(code, fault.retry_after)
        if platform == "x":
            if status:
                return x_server_error(status)
            if fault.mode == "quota":
                return x_problem(
                    429,
                    "UsageCapExceeded",
                    "Usage cap exceeded: Monthly product cap",
                    problem_type="https://api.twitter.com/2/problems/usage-capped",
                )
            return x_rate_limited(
                self.config.x.tweets_per_window, retry_after_epoch(fault.retry_after)
            )
        if platform == "youtube":
            if status:
                return google_server_error(status)
            if fault.mode == "quota":
                return youtube_quota_exceeded()
            return youtube_rate_limited(fault.retry_after)
        if platform == "google_oauth":
            if status:
                return google_server_error(status)
            return oauth_error(429, "rate_limit_exceeded", "Rate limit exceeded.")
        return google_error(500, "fault", "backendError")


class SandboxRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SyndicateSandbox/1.0"
    # Headers and body go out as separate writes; with Nagle on, every answer
    # waited for the client's delayed ACK (~40 ms on loopback).
    disable_nagle_algorithm = True
    server: SandboxHTTPServer

    def setup(self) -> None:
        # A client that announces more body than it sends (googleapiclient's
        # chunk retry does) must not hold a thread forever.
        self.timeout = self.server.sandbox.config.read_timeout_seconds
        super().setup()

    def do_GET(self) -> None:  # noqa: N802 (name fixed by BaseHTTPRequestHandler)
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def do_PUT(self) -> None:  # noqa: N802
        self._handle()

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle()

    def _handle(self) -> None:
        sandbox = self.server.sandbox
        split = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        request = Request(self.command, split.path, query, self.headers, raw_query=split.query)
        route = sandbox.router.match(request)
        fault = None
        if route is not None and request.platform:
            fault = sandbox.faults.take(request.platform, request.method, request.route_path)
        if fault is not None and fault.mode == "reset":
            log.info("fault reset: %s %s", self.command, redact_path(self.path))
            self._reset_connection()
            return
        try:
            request.body = self._read_body()
        except (OSError, ValueError):
            self.close_connection = True
            return
        self._check_secret_in_url(request)
        if request.platform:
            sandbox.journal.append(journal_entry(request))
        if fault is not None and fault.mode == "timeout":
            log.info("fault timeout: %s %s", self.command, redact_path(self.path))
            sandbox.stop_event.wait(sandbox.config.fault_hold_seconds)
            self._drop_connection()
            return
        if fault is not None and fault.mode in MARKING_MODES:
            request.fault_mode = fault.mode
            fault = None
        if route is None:
            response = Response.json(404, {"error": "not found", "path": request.path})
        elif fault is not None and fault.mode.startswith("echo_"):
            response = echo_credentials(request, int(fault.mode.removeprefix("echo_")))
        elif fault is not None and fault.mode != "accept_then_drop":
            response = sandbox.fault_response(request.platform, fault)
        elif sandbox.config.reject_token_in_url and _secret_in_query(request):
            response = graph_error(
                400, 100, "(#100) Sandbox refuses tokens in the URL query string"
            )
        else:
            try:
                response = route.handler(request)
            except Exception:  # noqa: BLE001 - a sandbox bug must answer 500, not kill the thread
                log.error(
                    "handler failed for %s %s\n%s",
                    self.command,
                    redact_path(self.path),
                    traceback.format_exc(),
                )
                response = Response.json(500, {"error": "sandbox internal error"})
        if fault is not None and fault.mode == "accept_then_drop":
            log.info(
                "fault accept_then_drop: %s %s processed with %s, answer dropped",
                self.command,
                redact_path(self.path),
                response.status,
            )
            self._drop_connection()
            return
        self._write(response)

    def _check_secret_in_url(self, request: Request) -> None:
        keys = _secret_in_query(request)
        if keys:
            self.server.sandbox.state.add_violation(
                "token_in_url",
                request.platform or "unknown",
                request.method,
                redact_path(self.path),
            )
            log.warning(
                "secret in URL query string (%s): %s", ",".join(keys), redact_path(self.path)
            )

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size_line = self.rfile.readline(65537)
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        names = {name.lower() for name, _ in response.headers}
        for name, value in response.headers:
            self.send_header(name, value)
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    def _reset_connection(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN:
        # the client sees "connection reset by peer", as behind a failing proxy.
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    def _drop_connection(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
            self.connection.close()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        # Never log headers or raw query strings: they may hold tokens.
        log.info("%s %s", self.address_string(), format % tuple(redact_path(str(a)) for a in args))

    def log_request(self, code="-", size="-") -> None:  # noqa: ARG002 - BaseHTTPRequestHandler's signature
        log.debug('"%s %s" %s', self.command, redact_path(self.path), code)


def journal_entry(request: Request) -> dict:
    """What a client sent, minus secrets: method, route, query and body fields."""
    body: object = None
    if request.content_type == "application/json":
        try:
            body = request.json()
        except ValueError:
            body = None
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        body = {k: v for k, v in request.form().items() if k not in SECRET_QUERY_KEYS}
        files = {name: len(f.data) for name, f in request.files().items()}
        if files:
            body["_files"] = files
    query = {k: v for k, v in request.query.items() if k not in SECRET_QUERY_KEYS}
    entry = {
        "platform": request.platform,
        "method": request.method,
        "path": request.route_path,
        "query": query,
        "content_type": request.content_type,
        "body": body,
    }
    # Resumable uploads: which bytes a chunk carried, or "bytes */N" for a status query.
    if request.headers.get("Content-Range"):
        entry["content_range"] = request.headers["Content-Range"]
    return entry


def echo_credentials(request: Request, status: int) -> Response:
    """An error that repeats what the client sent: its Authorization header,
    query and body. Real APIs do this (a proxy's debug page, an error that
    quotes the request), so the engine's redaction is tested against it."""
    echoed = (
        f"Authorization: {request.headers.get('Authorization') or ''} "
        f"query: {request.raw_query} body: {request.body[:2000].decode('utf-8', 'replace')}"
    )
    if request.platform in ("facebook", "instagram"):
        code = 190 if status == 401 else 1
        return graph_error(status, code, f"Echo: {echoed}", is_transient=status >= 500)
    if request.platform == "x":
        return x_problem(status, "Echo", echoed)
    if request.platform == "google_oauth":
        return oauth_error(status, "invalid_grant" if status == 401 else "server_error", echoed)
    return google_error(status, echoed, "authError" if status == 401 else "backendError")


def _secret_in_query(request: Request) -> list[str]:
    return [key for key in SECRET_QUERY_KEYS if key in request.query]


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        super().__init__(address, SandboxRequestHandler)

    def handle_error(self, request, client_address) -> None:
        # Clients that hang up mid-request are normal under fault injection.
        log.debug("connection error from %s", client_address, exc_info=True)


class RunningSandbox:
    """A sandbox served from a background thread; ``url`` is its base URL."""

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        self.sandbox = sandbox
        self.httpd = SandboxHTTPServer((host, port), sandbox)
        self.host, self.port = self.httpd.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), name="sandbox", daemon=True
        )

    def start(self) -> RunningSandbox:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.sandbox.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


def serve_forever(
    config: SandboxConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    state_path: str | Path | None = None,
    reset: bool = False,
    public_url: str | None = None,
) -> int:
    state = SandboxState(state_path, reset=reset)
    sandbox = Sandbox(config, state, public_url=public_url)
    try:
        httpd = SandboxHTTPServer((host, port), sandbox)
    except OSError as error:
        print(
            f"Sandbox tidak dapat memakai {host}:{port} ({error.strerror}). "
            "Pilih port lain dengan --port.",
            file=sys.stderr,
        )
        return 1
    bound_host, bound_port = httpd.server_address[:2]
    print(f"Sandbox media sosial berjalan di http://{bound_host}:{bound_port}/", flush=True)
    print(
        f"  Graph (Facebook, Instagram): http://{bound_host}:{bound_port}/graph/{config.graph_version}",
        flush=True,
    )
    print(f"  X:                           http://{bound_host}:{bound_port}/x/2", flush=True)
    print(f"  YouTube:                     http://{bound_host}:{bound_port}/youtube/", flush=True)
    print(
        f"  Google OAuth token_uri:      http://{bound_host}:{bound_port}/oauth2/token", flush=True
    )
    if state_path:
        print(f"  state: {state_path}{' (reset)' if reset else ''}", flush=True)

    def stop(signum, frame) -> None:
        sandbox.stop_event.set()
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop_event.set()
        httpd.server_close()
    return 0
