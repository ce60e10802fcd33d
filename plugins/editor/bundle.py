"""The vendored Decap CMS bundle: refreshed from npm, checked against the lock.

The bundle is committed in ``plugins/editor/vendor/`` so that ``make serve``
and ``make publish`` work on a machine with Python only, and the editor never
loads code from a CDN. ``make editor-bundle`` runs ``refresh``: it asks npm
for the tarball of the version pinned in ``plugins/editor/package-lock.json``,
checks the tarball against the lock's sha512 integrity, and copies the
browser files of ``dist/`` with a ``MANIFEST.json`` (version, integrity,
sha256 of each file). ``tests/editor/test_bundle.py`` checks the committed
files against that manifest and the manifest against the lock.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCK = HERE / "package-lock.json"
VENDOR = HERE / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"
PACKAGE = "decap-cms"


def locked(package: str = PACKAGE, lock: Path | None = None) -> dict:
    entry = json.loads((lock or LOCK).read_text(encoding="utf-8"))["packages"][
        f"node_modules/{package}"
    ]
    return {"version": entry["version"], "integrity": entry["integrity"]}


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def is_browser_file(name: str) -> bool:
    """dist/decap-cms.js, its lazy chunks (N.decap-cms.js) and wasm; not the
    source maps nor the duplicate cms.js build."""
    return name == "decap-cms.js" or name.endswith((".decap-cms.js", ".wasm"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refresh() -> None:
    pin = locked()
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm tidak ditemukan: pasang nodejs dan npm (Debian: apt-get install npm).")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"{PACKAGE}@{pin['version']}", "--silent", "--pack-destination", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        got = integrity_of(tarball.read_bytes())
        if got != pin["integrity"]:
            sys.exit(f"{tarball.name}: integrity {got} differs from package-lock.json")
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        VENDOR.mkdir()
        files = {}
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/dist/")
                in_dist = name != member.name and "/" not in name
                if member.isfile() and in_dist and is_browser_file(name):
                    source = archive.extractfile(member)
                    assert source is not None
                    (VENDOR / name).write_bytes(source.read())
                    files[name] = sha256(VENDOR / name)
    manifest = {"package": PACKAGE, **pin, "files": dict(sorted(files.items()))}
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{PACKAGE} {pin['version']}: {len(files)} berkas di {VENDOR}")


def problems() -> list[str]:
    """Why the committed bundle is not the locked one (empty when it is)."""
    if not MANIFEST.exists():
        return [f"{MANIFEST} is missing: run `make editor-bundle`"]
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    found = []
    pin = locked()
    for key in ("version", "integrity"):
        if manifest.get(key) != pin[key]:
            found.append(f"MANIFEST {key} {manifest.get(key)} != package-lock.json {pin[key]}")
    present = {p.name for p in VENDOR.iterdir() if p.name != MANIFEST.name}
    for name in sorted(present ^ set(manifest["files"])):
        found.append(f"{name}: in vendor/ or MANIFEST.json but not both")
    for name, digest in manifest["files"].items():
        if name in present and sha256(VENDOR / name) != digest:
            found.append(f"{name}: content differs from the npm tarball")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.editor.bundle")
    parser.add_argument("command", choices=("refresh", "verify"))
    args = parser.parse_args(argv)
    if args.command == "refresh":
        refresh()
        return 0
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
