"""The declared inspection period of a scan: `--since/--until` dates or a quarter such as `2025Q1`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[Qq]([1-4])$")
_HALF = re.compile(r"^(\d{4})\s*-?\s*[Hh]([12])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """A period that cannot be understood (bad quarter, since after until)."""


@dataclass(frozen=True)
class Period:
    """Inclusive dates; either end may be open. `label` names it (`2025Q1`, `2025-01-01..2025-03-31`)."""

    start: date | None = None
    end: date | None = None
    label: str = ""

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "label": self.label,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str | None] | None) -> Period | None:
        if not data:
            return None
        start, end = data.get("start"), data.get("end")
        return cls(
            date.fromisoformat(start) if start else None,
            date.fromisoformat(end) if end else None,
            str(data.get("label") or ""),
        )


def parse_named(spec: str) -> Period:
    """`2025Q1`, `2025-Q1`, `2025H2`, `2025-03` or `2025` -> the Period it names."""
    spec = spec.strip()
    if m := _QUARTER.match(spec):
        year, q = int(m.group(1)), int(m.group(2))
        start = date(year, 3 * q - 2, 1)
        return Period(start, _month_end(year, 3 * q), f"{year}Q{q}")
    if m := _HALF.match(spec):
        year, h = int(m.group(1)), int(m.group(2))
        return Period(date(year, 6 * h - 5, 1), _month_end(year, 6 * h), f"{year}H{h}")
    if m := _MONTH.match(spec):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"period {spec!r}: month must be 1-12")
        return Period(date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")
    if m := _YEAR.match(spec):
        year = int(m.group(1))
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    raise PeriodError(
        f"period {spec!r} is not a quarter (2025Q1), half year (2025H1), month (2025-03) or year"
    )


def _month_end(year: int, month: int) -> date:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)


def _day(value: str, flag: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            raise PeriodError(f"{flag} {value!r} is not a date (YYYY-MM-DD)") from None


def period_from(
    since: str | None = None, until: str | None = None, named: str | None = None
) -> Period | None:
    """The period the CLI flags declare, or None when none is given."""
    if named:
        if since or until:
            raise PeriodError("give --period or --since/--until, not both")
        return parse_named(named)
    if not since and not until:
        return None
    start = _day(since, "--since") if since else None
    end = _day(until, "--until") if until else None
    if start and end and start > end:
        raise PeriodError(f"--since {start} is after --until {end}")
    label = f"{start or ''}..{end or ''}"
    return Period(start, end, label)
