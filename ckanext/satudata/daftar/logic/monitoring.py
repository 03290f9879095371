"""The walidata's monitoring (filled in by the monitoring work)."""

from __future__ import annotations

from typing import Any


def get_actions() -> dict[str, Any]:
    return {}
