"""A local emulator of the Facebook, Instagram, X and YouTube endpoints the
project uses, with fault injection. See README, "Social sandbox".

Start it with ``python -m bkd_sandbox`` (``make serve`` does), or in-process
with ``bkd_sandbox.testing.running_sandbox()``. It is a test double, not
product: it lives outside the ``syndicate`` package and out of its wheel.

It keeps its own copy of the platform facts (limits, error codes, labels) on
purpose, rather than importing ``syndicate.contract``: it plays the platforms'
side, and a limit changed in the engine must not silently change what the
mirror accepts. Only the host-rebasing transport (``syndicate.transport``) is
shared, because it is client code.
"""

from bkd_sandbox.config import SandboxConfig
from bkd_sandbox.server import RunningSandbox, Sandbox

__all__ = ["RunningSandbox", "Sandbox", "SandboxConfig"]
