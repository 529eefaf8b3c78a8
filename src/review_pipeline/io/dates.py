"""The day a record was published, from the ISO timestamp stored with it (None when unknown)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def day_of(value: Any) -> date | None:
    """The date of an ISO date or datetime string; None for empty or unreadable values."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None
