"""Never print what the gate protects.

`mask()` shortens one known personal number or secret to a recognisable
stub. `mask_secrets()` is the safety net for any message that quotes author
text (a tag, a front-matter line, a waiver reason): every long digit run and
every token-shaped string in it is masked, whatever rule produced the
message. CI logs of a public repository are public.

Shared by the FBS gate and by plugins/bkd_content, which logs front-matter
errors during the build.
"""

from __future__ import annotations

import re

# Eleven or more digits (a date with its time has ten), any grouping (spaces, dots,
# dashes, slashes, +,
# parentheses): NIK, NIP, phone numbers, account numbers.
LONG_NUMBER = re.compile(r"\+?\(?\d(?:[\s.\-/()\u00a0]{0,3}\d){10,}")
# Token-like runs: long mixed letters and digits (Graph, Google, X shapes),
# URL- or base64-encoded or not.
TOKEN_LIKE = re.compile(
    r"(?:EAA|ya29\.|1//0|AIza|GOCSPX-|AAAAAAAAAA)[A-Za-z0-9%._/+=\-]{8,}"
    r"|\d{6,20}-[A-Za-z0-9]{20,}"
    r"|(?=[A-Za-z0-9+=]*\d)(?=[A-Za-z0-9+=]*[a-z])(?=[A-Za-z0-9+=]*[A-Z])[A-Za-z0-9+=]{32,}"
)
# Local parts of e-mail addresses (the domain stays: it is what the fix is about).
EMAIL_LOCAL = re.compile(
    r"(?<![\w.+-])([\w.+-]{3,})(?=(?:[@＠]|\s*(?:\[at\]|\(at\))\s*)([\w.-]*))", re.I
)
# Official addresses are what the fixes recommend: they stay readable.
OFFICIAL_DOMAINS = (".go.id", ".ac.id", ".sch.id", ".mil.id", ".desa.id")


def mask(text: str, keep_start: int = 4, keep_end: int = 3) -> str:
    """Show enough of a personal number or secret to find it, never all of it."""
    compact = text.strip()
    if len(compact) <= keep_start + keep_end:
        return "*" * len(compact)
    tail = compact[len(compact) - keep_end :] if keep_end else ""
    return compact[:keep_start] + "*" * (len(compact) - keep_start - keep_end) + tail


def mask_digits(value: str) -> str:
    """The masked form of a grouped number, as reports print it and waivers
    name it: separators dropped, first 4 and last 3 digits kept."""
    return mask(re.sub(r"\D", "", value))


def mask_tokens(text: str) -> str:
    """Tokens only: for file names, where a long number is usually a date or a
    decree number and the name must stay usable in annotations."""
    return TOKEN_LIKE.sub(lambda m: mask(m.group(), 4, 0), text) if text else text


def mask_secrets(text: str) -> str:
    if not text:
        return text
    text = TOKEN_LIKE.sub(lambda m: mask(m.group(), 4, 0), text)
    text = LONG_NUMBER.sub(lambda m: mask_digits(m.group()), text)
    return EMAIL_LOCAL.sub(
        lambda m: (
            m.group(1)
            if ("." + m.group(2).lower()).endswith(OFFICIAL_DOMAINS)
            else mask(m.group(1), 2, 0)
        ),
        text,
    )
