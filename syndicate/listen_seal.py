"""Seal the listening folder before it leaves the runner, open it on the admin's machine.

Why: the repository is public, and GitHub lets every signed-in user with read
access to a repository download its workflow artifacts
(https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/downloading-workflow-artifacts:
"People who are signed into GitHub and have read access to a repository can
download workflow artifacts"). The daily digest and ``personal.json`` hold
commenters' names and words (UU 27/2022), so the workflow uploads them only
as one Fernet-encrypted file (AES-128-CBC with HMAC-SHA256, the
``cryptography`` package already used for YouTube upload sessions). The key
is the secret ``SYNDICATE_LISTEN_KEY``: the admin keeps a copy, nobody else.

    python -m syndicate.listen_seal keygen                 # once: a new key
    python -m syndicate.listen_seal seal  DIR FILE         # in the workflow
    python -m syndicate.listen_seal open  FILE DIR         # on the admin's machine

The key is read from the environment variable ``SYNDICATE_LISTEN_KEY`` only.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tarfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

KEY_ENV = "SYNDICATE_LISTEN_KEY"


class SealError(Exception):
    """No key, a wrong key or a damaged file; the message says which."""


def _fernet(key: str | None) -> Fernet:
    if not key:
        raise SealError(
            f"{KEY_ENV} belum diatur: buat dengan `python -m syndicate.listen_seal keygen`"
        )
    try:
        return Fernet(key.strip().encode())
    except ValueError:
        raise SealError(f"{KEY_ENV} bukan kunci yang sah (32 bita base64 url-safe)") from None


def seal(folder: Path, target: Path, key: str | None) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                archive.add(path, arcname=str(path.relative_to(folder)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_fernet(key).encrypt(buffer.getvalue()))


def unseal(source: Path, folder: Path, key: str | None) -> list[str]:
    try:
        data = _fernet(key).decrypt(Path(source).read_bytes())
    except InvalidToken:
        raise SealError(f"{source}: kunci salah atau berkas rusak") from None
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        # "data" refuses absolute paths, .. and links out of the folder.
        archive.extractall(folder, filter="data")
        names = archive.getnames()
    for name in names:
        path = folder / name
        if path.is_file():
            os.chmod(path, 0o600)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syndicate.listen_seal")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("keygen", help="print a new key for SYNDICATE_LISTEN_KEY")
    p = sub.add_parser("seal", help="encrypt a folder into one file")
    p.add_argument("folder", type=Path)
    p.add_argument("target", type=Path)
    p = sub.add_parser("open", help="decrypt a sealed file into a folder")
    p.add_argument("source", type=Path)
    p.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    key = os.environ.get(KEY_ENV)
    try:
        if args.command == "keygen":
            print(Fernet.generate_key().decode())
        elif args.command == "seal":
            seal(args.folder, args.target, key)
            print(f"tersegel: {args.target}")
        else:
            names = unseal(args.source, args.folder, key)
            print(f"dibuka ke {args.folder}: {', '.join(sorted(names))}")
    except SealError as exc:
        print(f"listen_seal: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
