"""Views of the federation plugin."""

from __future__ import annotations


def get_blueprints() -> list:
    return []
