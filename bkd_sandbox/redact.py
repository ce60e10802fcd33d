"""Keep secrets out of logs and pages.

A token that reaches a log line is a leaked token, so every path is passed
through here before it is logged or stored, whatever the query holds.
"""

from __future__ import annotations

import re

_SECRET_PARAM = re.compile(
    r"(?i)\b(access_token|oauth_token|refresh_token|client_secret|input_token|oauth_signature|code)=([^&\s\"']*)"
)


def redact_path(text: str) -> str:
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}=REDACTED", text)
