"""A local emulator of the Facebook, Instagram, X and YouTube endpoints the
project uses, with fault injection. See docs/sandbox.md.

Start it with ``syndicate sandbox``, or in-process with
``syndicate.sandbox.testing.running_sandbox()``.
"""

from syndicate.sandbox.config import SandboxConfig
from syndicate.sandbox.server import RunningSandbox, Sandbox

__all__ = ["RunningSandbox", "Sandbox", "SandboxConfig"]
