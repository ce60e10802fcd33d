"""The request and response objects that handlers see.

Handlers never touch sockets: they take a parsed ``Request`` and return a
``Response``. The server alone decides whether the response is written, held
back or dropped (fault injection), which keeps each platform module testable
and free of socket code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs


@dataclass
class UploadedFile:
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: Message
    body: bytes = b""
    # The query string as received, for checks that need every repeated value
    # and the original encoding (OAuth 1.0a signatures).
    raw_query: str = ""
    # Filled by the router: the path inside the API family ("/2/tweets").
    route_path: str = ""
    platform: str = ""
    params: dict[str, str] = field(default_factory=dict)
    # A fault that changes how a handler processes the request (not whether).
    fault_mode: str = ""
    _form: dict[str, str] | None = None
    _files: dict[str, UploadedFile] | None = None

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        if not self.body:
            return None
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, str]:
        """Fields of an urlencoded or multipart body (first value of each)."""
        if self._form is None:
            self._parse_body()
        return self._form or {}

    def files(self) -> dict[str, UploadedFile]:
        if self._files is None:
            self._parse_body()
        return self._files or {}

    def _parse_body(self) -> None:
        self._form, self._files = {}, {}
        if self.content_type == "application/x-www-form-urlencoded":
            parsed = parse_qs(self.body.decode("utf-8"), keep_blank_values=True)
            self._form = {key: values[0] for key, values in parsed.items()}
        elif self.content_type == "multipart/form-data":
            head = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode()
            message = BytesParser(policy=HTTP).parsebytes(head + self.body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if not name:
                    continue
                filename = part.get_filename()
                payload = part.get_payload(decode=True) or b""
                if filename is not None or part.get_content_type() not in (
                    "text/plain",
                    "application/x-www-form-urlencoded",
                ):
                    self._files[name] = UploadedFile(filename, part.get_content_type(), payload)
                    if filename is None and part.get_content_type() == "text/plain":
                        self._form[name] = payload.decode("utf-8", "replace")
                else:
                    self._form[name] = payload.decode("utf-8", "replace")
        elif self.content_type == "application/json":
            data = self.json()
            if isinstance(data, dict):
                self._form = {
                    k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()
                }


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(
        cls, status: int, payload: Any, headers: list[tuple[str, str]] | None = None
    ) -> Response:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return cls(
            status, body, [("Content-Type", "application/json; charset=UTF-8")] + (headers or [])
        )

    @classmethod
    def html(cls, status: int, text: str) -> Response:
        return cls(status, text.encode("utf-8"), [("Content-Type", "text/html; charset=utf-8")])

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None
