"""Maps (method, path) to a handler and to the platform the call counts against.

Each API family sits under its own prefix on one port, so that a client's
base-URL setting is the only difference from the real host.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bkd_sandbox.messages import Request, Response

Handler = Callable[[Request], Response]


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    # A fixed platform name, or a function of the request (Graph ids decide).
    platform: str | Callable[[Request], str]
    # Prefix stripped from the path to give the route path faults match on.
    prefix: str = ""


class Router:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(
        self,
        method: str,
        pattern: str,
        handler: Handler,
        platform: str | Callable[[Request], str],
        prefix: str = "",
    ) -> None:
        self.routes.append(Route(method, re.compile(pattern + r"\Z"), handler, platform, prefix))

    def match(self, request: Request) -> Route | None:
        """Find the route, and fill the request's params, route path and platform."""
        allowed = False
        for route in self.routes:
            found = route.pattern.match(request.path)
            if not found:
                continue
            allowed = True
            if route.method != request.method:
                continue
            request.params = {k: v for k, v in found.groupdict().items() if v is not None}
            prefix = re.match(route.prefix, request.path) if route.prefix else None
            request.route_path = request.path[prefix.end() :] if prefix else request.path
            request.platform = (
                route.platform(request) if callable(route.platform) else route.platform
            )
            return route
        if allowed:
            request.platform = ""
        return None
