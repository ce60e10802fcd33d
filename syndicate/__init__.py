"""Cross-posting of published articles to the agency's social accounts.

The engine (composer, adapters, ledger) lives beside the local API sandbox in
``bkd_sandbox``, which the engine's tests and ``make serve`` talk to.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
