"""The demo school's year: its first and last days, its terms, its public holidays and school holidays.

Used by ``generate.py``; the rules are in ``docs/school-format.md`` (lessons from 1 September, or the
next Monday, to the Friday before the first Saturday of July; three trimesters cut like PRONOTE's demo).
"""

from __future__ import annotations

from datetime import date, time, timedelta

from .model import Break, Holiday, HourGrid, Period, School


def easter(year: int) -> date:
    """Gregorian Easter Sunday (Meeus/Jones/Butcher computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _next_weekday(day: date, weekday: int) -> date:
    """``day`` itself if it is that weekday, else the next one."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _fortnight_before(monday: date, name: str) -> Holiday:
    """Two weeks of holidays ending the Sunday before ``monday`` (from the Saturday 16 days before)."""
    return Holiday(name, monday - timedelta(days=16), monday - timedelta(days=1))


def school_year(year: int) -> School:
    """The school (name, address, grid) with the calendar of the year starting in September ``year``."""
    start = date(year, 9, 1)
    if start.weekday() >= 5:
        start = _next_weekday(start, 0)
    end = _next_weekday(date(year + 1, 7, 1), 5) - timedelta(days=1)
    back_from_toussaint = _next_weekday(date(year, 11, 2), 0)
    back_from_christmas = _next_weekday(date(year + 1, 1, 2), 0)
    back_from_winter = back_from_christmas + timedelta(weeks=8)
    back_from_spring = back_from_winter + timedelta(weeks=8)
    paques = easter(year + 1)
    holidays = [
        _fortnight_before(back_from_toussaint, "Vacances de la Toussaint"),
        Holiday("Armistice 1918", date(year, 11, 11), date(year, 11, 11)),
        _fortnight_before(back_from_christmas, "Vacances de Noël"),
        _fortnight_before(back_from_winter, "Vacances d'hiver"),
        _fortnight_before(back_from_spring, "Vacances de printemps"),
        Holiday("Lundi de Pâques", paques + timedelta(days=1), paques + timedelta(days=1)),
        Holiday("Fête du Travail", date(year + 1, 5, 1), date(year + 1, 5, 1)),
        Holiday("Victoire 1945", date(year + 1, 5, 8), date(year + 1, 5, 8)),
        Holiday("Ascension", paques + timedelta(days=39), paques + timedelta(days=39)),
        Holiday("Pont de l'Ascension", paques + timedelta(days=40), paques + timedelta(days=40)),
        Holiday("Lundi de Pentecôte", paques + timedelta(days=50), paques + timedelta(days=50)),
    ]
    holidays.sort(key=lambda h: h.start)
    first_monday = start - timedelta(days=start.weekday())
    t1_end = first_monday + timedelta(weeks=12, days=-1)
    t2_end = first_monday + timedelta(weeks=26, days=-1)
    periods = [
        Period("Trimestre 1", start, t1_end),
        Period("Trimestre 2", t1_end + timedelta(days=1), t2_end),
        Period("Trimestre 3", t2_end + timedelta(days=1), end),
        Period("Année continue", start, end, "annee"),
    ]
    grid = HourGrid(
        lesson_starts=[
            time(h, m) for h, m in ((8, 0), (9, 0), (10, 0), (11, 0), (13, 30), (14, 30), (15, 30), (16, 30))
        ],
        breaks=[Break("Récréation du matin", time(10, 0)), Break("Récréation de l'après-midi", time(15, 30))],
    )
    return School(
        name="Collège Les Tilleuls (démo)",
        city="Angers",
        address="12 rue des Tilleuls",
        postal_code="49000",
        year_start=start,
        year_end=end,
        periods=periods,
        holidays=holidays,
        grid=grid,
    )
