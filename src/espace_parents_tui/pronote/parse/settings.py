"""``FonctionParametres``: the school, its calendar, its hour grid (pronotepy.md §1.6)."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from espace_parents_tui.models import Holiday, Period, SchoolSettings
from espace_parents_tui.pronote.parse._read import Node, to_time, unwrap

FUNCTION = "FonctionParametres"

# A grid never has this many places in a day (PRONOTE offers at most a few per hour).
MAX_PLACES = 500
DEFAULT_PLACES_PER_HOUR = 2
DEFAULT_PLACES_PER_DAY = 20

_VERSION_RE = re.compile(r"(\d{4})((?:\.\d{1,9})+)", re.ASCII)


def parse_version(value: Any) -> tuple[int, ...] | None:
    """``"2025.2.6"`` → ``(2025, 2, 6)``; also finds it in ``"PRONOTE 2025.2.6 gestion…"``.

    Also takes a list of integers (``infoMobileApp.json`` sends ``[2025, 2, 6]``). Anything else
    gives ``None``: the version is informative and its absence is not an error.
    """
    value = unwrap(value)
    if isinstance(value, list) and value and all(type(part) is int and part >= 0 for part in value):
        return tuple(value)
    if not isinstance(value, str):
        return None
    match = _VERSION_RE.search(value)
    if not match:
        return None
    return (int(match.group(1)), *(int(part) for part in match.group(2)[1:].split(".")))


def parse_period(node: Node) -> Period:
    """A ``ListePeriodes`` entry ``{N, L, G, dateDebut, dateFin}``."""
    return Period(
        id=node.ident("N"),
        name=node.text("L"),
        start=node.date("dateDebut"),
        end=node.date("dateFin"),
        kind=node.integer("G", None),
    )


def _hour_grid(general: Node, key: str) -> tuple[time, ...]:
    """``[{G: place, L: "08h00"}, …]`` → the time of each place, indexed by place.

    An entry without ``G`` takes its position in the list. A place missing from the list (never
    seen, but possible) takes the time of the place before it, so indexes stay aligned.
    """
    by_place: dict[int, time] = {}
    for index, entry in enumerate(general.objs(key, required=False)):
        place = entry.integer("G", index)
        if not 0 <= place < MAX_PLACES:
            entry.fail("G", f"place hors de la grille ({place})")
        by_place[place] = to_time(entry.raw("L"), function=FUNCTION, where=entry.where("L"))
    if not by_place:
        return ()
    grid: list[time] = []
    previous = by_place[min(by_place)]
    for place in range(max(by_place) + 1):
        previous = by_place.get(place, previous)
        grid.append(previous)
    return tuple(grid)


def _positive(general: Node, key: str, default: int) -> int:
    value = general.integer(key, default)
    if not 0 < value <= MAX_PLACES:
        general.fail(key, f"valeur impossible ({value})")
    return value


def parse_school_settings(data: Any) -> SchoolSettings:
    """The decoded ``data`` of a ``FonctionParametres`` answer → :class:`SchoolSettings`.

    Required: ``General`` with ``PremierLundi``, ``DerniereDate`` and ``ListePeriodes`` (which may
    be empty). Everything else falls back to a default when missing.
    """
    root = Node.root(data, FUNCTION)
    general = root.obj("General")

    version = parse_version(general.raw("versionPN", None))
    if version is None:
        version = parse_version(general.raw("version", None))

    first_monday = general.date("PremierLundi")
    hour_starts = _hour_grid(general, "ListeHeures")
    hour_ends = _hour_grid(general, "ListeHeuresFin")
    default_per_day = len(hour_ends) - 1 if len(hour_ends) > 1 else DEFAULT_PLACES_PER_DAY

    holidays = tuple(
        Holiday(
            name=entry.text("L", ""),
            start=(start := entry.date("dateDebut")),
            end=entry.date("dateFin", start),
        )
        for entry in general.objs("listeJoursFeries", required=False)
    )

    return SchoolSettings(
        school_name=general.text("NomEtablissement", ""),
        server_version=version,
        school_year=general.text("AnneeScolaire", ""),
        first_monday=first_monday,
        first_date=general.date("PremiereDate", first_monday),
        last_date=general.date("DerniereDate"),
        periods=tuple(parse_period(entry) for entry in general.objs("ListePeriodes")),
        hour_starts=hour_starts,
        hour_ends=hour_ends,
        places_per_day=_positive(general, "PlacesParJour", default_per_day),
        places_per_hour=_positive(general, "PlacesParHeure", DEFAULT_PLACES_PER_HOUR),
        holidays=holidays,
        device_id=root.text("identifiantNav", None),
    )
