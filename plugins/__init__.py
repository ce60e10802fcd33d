"""Pelican plugins of the BKD NTT portal. Each sub-package is one plugin;
background.py holds what the plugins working in other processes share."""
