"""Pelican plugins of the BKD NTT portal. Each sub-package is one plugin."""
