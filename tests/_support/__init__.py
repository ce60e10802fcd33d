"""Helpers shared by the test suite, imported as ``tests._support.<module>``.

pytest puts the repository root on ``sys.path`` (``pythonpath = ["."]`` in
pyproject.toml), so test modules, conftests and bench/ scripts import these
like any package; nothing is loaded by file path.
"""
