"""Pages of the Daftar Data (see the package's docstring)."""

from __future__ import annotations

from flask import Blueprint


def register(bp: Blueprint) -> None:
    """Add this module's URL rules to the plugin's blueprint."""
