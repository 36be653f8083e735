"""What day and time it is: the one source every part of the app reads.

The launcher (CLI or TUI start) builds one ``Clock`` and hands it to the portal, the cache, the app
and, in demo mode, the emulated server. Nothing else asks the system what time it is.

- ``SYSTEM``: the real clock.
- ``DayClock(day)``: a fixed day (the support option ``--today``, the demo server's own day, the
  tests). Its time of day starts at ``start`` (08:00 by default: a school morning, after everything
  the demo school wrote for that day) and moves on as real seconds pass, never past 23:59:59 and
  never backwards. It never mixes the real date with its own day.

A foundation module: it imports nothing from the package, and anything may import it.
"""

from __future__ import annotations

import time as _time
from datetime import date, datetime, timedelta
from datetime import time as clock_time

DAY_START = clock_time(8, 0)
_DAY_END = clock_time(23, 59, 59)


class Clock:
    """The system's clock. Subclasses fix the day (``DayClock``) or the instant (tests)."""

    #: The day this clock is pinned to, or ``None`` for the real calendar.
    fixed_day: date | None = None

    def now(self) -> datetime:
        return datetime.now()

    def today(self) -> date:
        return self.now().date()

    def timestamp(self) -> float:
        """Seconds since the epoch, for ages and lifetimes (QR codes, retries)."""
        return self.now().timestamp()


class DayClock(Clock):
    """One day, whose time of day starts at ``start`` and moves on with the real seconds."""

    def __init__(self, day: date, start: clock_time = DAY_START) -> None:
        self.fixed_day = day
        self._start = datetime.combine(day, start)
        self._end = datetime.combine(day, _DAY_END)
        self._origin = _time.time()
        self._last = self._start

    def now(self) -> datetime:
        elapsed = max(0.0, _time.time() - self._origin)
        moment = min(self._start + timedelta(seconds=elapsed), self._end)
        self._last = max(self._last, moment)  # never backwards, even if the system clock is set back
        return self._last

    def today(self) -> date:
        assert self.fixed_day is not None
        return self.fixed_day

    def __repr__(self) -> str:
        return f"DayClock({self.fixed_day.isoformat() if self.fixed_day else None})"


SYSTEM = Clock()


def clock_for(day: date | None) -> Clock:
    """The clock of a run: pinned to ``day`` when one is given, else the system's."""
    return DayClock(day) if day is not None else SYSTEM


def parse_day(text: str) -> date:
    """``AAAA-MM-JJ`` as a date; ``ValueError`` with a French sentence otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"date invalide : « {text} » (attendu AAAA-MM-JJ, par exemple 2026-11-24)") from None
