"""The public release calendar (filled in by the calendar work)."""

from __future__ import annotations

from typing import Any


def get_actions() -> dict[str, Any]:
    return {}
