"""A local emulator of the Facebook, Instagram, X and YouTube endpoints the
project uses, with fault injection. See README, "Social sandbox".

Start it with ``syndicate sandbox``, or in-process with
``bkd_sandbox.testing.running_sandbox()``.
"""

from bkd_sandbox.config import SandboxConfig
from bkd_sandbox.server import RunningSandbox, Sandbox

__all__ = ["RunningSandbox", "Sandbox", "SandboxConfig"]
