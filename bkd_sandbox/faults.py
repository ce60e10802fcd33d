"""Armed faults: "fail the next N calls to this endpoint in this way".

A fault matches on platform, an optional HTTP method, and a glob over the path
inside the API family (``/2/tweets``, ``*/media_publish``,
``/upload/youtube/v3/videos*``). Faults are kept in memory only: a restarted
sandbox starts healthy.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import asdict, dataclass

# The ways the real platforms fail that the engine must survive.
MODES = {
    "http_500": "answer HTTP 500 with the platform's error body",
    "http_503": "answer HTTP 503 with the platform's error body",
    "rate_limit": "answer the platform's rate-limit error (X 429, Graph 4/17/32/613, YouTube 429)",
    "quota": "answer YouTube 403 quotaExceeded / Instagram publishing limit",
    "timeout": "read the request, never answer, close after fault_hold_seconds",
    "reset": "reset the TCP connection before the request is read or processed",
    "accept_then_drop": "process the request (the post is stored), then close without answering",
    "container_error": "Instagram: create the container, but let it end in status ERROR",
    "upload_rejected": "YouTube: accept the upload session, but the video ends uploadStatus "
    "rejected (rejectionReason duplicate)",
    "upload_failed": "YouTube: accept the upload session, but the video ends uploadStatus "
    "failed (failureReason codec)",
    "echo_401": "answer 401 in the platform's error shape, echoing the request's credentials",
    "echo_500": "answer 500 in the platform's error shape, echoing the request's credentials",
}
# Modes that let the request through and only mark it, so the handler can
# make the resource end badly later (as the real platforms report asynchronously).
MARKING_MODES = ("container_error", "upload_rejected", "upload_failed")
ALIASES = {"500": "http_500", "503": "http_503", "429": "rate_limit", "drop": "accept_then_drop"}
PLATFORMS = ("facebook", "instagram", "x", "youtube", "google_oauth", "*")


@dataclass
class Fault:
    id: int
    platform: str
    endpoint: str
    mode: str
    remaining: int
    method: str = "*"
    retry_after: int = 60
    # Graph rate-limit code (4, 17, 32 or 613) for mode rate_limit.
    code: int | None = None
    # Let this many matching calls through first: "fail the third chunk".
    after: int = 0
    hits: int = 0

    def matches(self, platform: str, method: str, route_path: str) -> bool:
        return (
            self.remaining > 0
            and self.platform in ("*", platform)
            and self.method in ("*", method.upper())
            and fnmatch.fnmatchcase(route_path, self.endpoint)
        )


class FaultRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 1

    def arm(
        self,
        *,
        platform: str,
        mode: str,
        endpoint: str = "*",
        count: int = 1,
        method: str = "*",
        retry_after: int = 60,
        code: int | None = None,
        after: int = 0,
    ) -> Fault:
        mode = ALIASES.get(str(mode), str(mode))
        if mode not in MODES:
            raise ValueError(f"unknown fault mode {mode!r}; known: {', '.join(sorted(MODES))}")
        if platform not in PLATFORMS:
            raise ValueError(f"unknown platform {platform!r}; known: {', '.join(PLATFORMS)}")
        if int(count) < 1:
            raise ValueError("count must be at least 1")
        if int(after) < 0:
            raise ValueError("after must be 0 or more")
        if code is not None and int(code) not in (4, 17, 32, 613):
            raise ValueError("code must be one of the Graph rate-limit codes 4, 17, 32, 613")
        with self._lock:
            fault = Fault(
                id=self._next_id,
                platform=platform,
                endpoint=endpoint or "*",
                mode=mode,
                remaining=int(count),
                method=(method or "*").upper(),
                retry_after=int(retry_after),
                code=int(code) if code is not None else None,
                after=int(after),
            )
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def take(self, platform: str, method: str, route_path: str) -> Fault | None:
        """Consume one use of the first matching fault, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(platform, method, route_path):
                    if fault.after > 0:
                        fault.after -= 1
                        continue
                    fault.remaining -= 1
                    fault.hits += 1
                    return Fault(**asdict(fault))
            return None

    def list(self) -> list[dict]:
        with self._lock:
            return [asdict(fault) for fault in self._faults]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
