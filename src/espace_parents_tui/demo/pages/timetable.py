"""``PageEmploiDuTemps`` (tab 16): a child's lessons of one week (or of a date range).

Shaped like ``fixtures/pronote-real/PageEmploiDuTemps/parent-week-cancelled-lessons.json``:
``ListeCours`` is a plain list; ``place`` = weekday × ``PlacesParJour`` + the place of the start in
the day; ``duree`` counts places. ``DateDuCoursFin`` is given only when a lesson does not end on a
place boundary (clients compute the end of the others from ``ListeHeuresFin``).

Lessons that have taken place (up to ``today``) carry a ``cahierDeTextes`` reference, keyed
``"cdt:<lesson key>"`` for the lesson-contents page; a lesson on a day the child got a grade in
that subject is marked as a test ("Devoir sur table").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ..school import LessonOccurrence
from .contract import PageFault, PageRequest, page
from .values import (
    FAULT_PAGE_UNAVAILABLE,
    TABLE_GROUP,
    TABLE_LESSON,
    TABLE_LESSON_TEXT,
    TABLE_ROOM,
    TABLE_SUBJECT,
    TABLE_VISIO,
    liste,
    moment_value,
    parse_day,
    request_child,
    typed,
)

TIMETABLE_TAB = 16
NOT_IN_BUNDLE = "Cette semaine n'est pas dans le bundle de support (le parent ne l'avait pas en cache)."
MAX_DAYS = 62
DETENTION_COLOR = "#FF0000"
OUTING_COLOR = "#40A0A0"


def requested_days(request: PageRequest) -> tuple[int, list[date]]:
    """(week number, days) asked for: ``NumeroSemaine``/``numeroSemaine``, else ``DateDebut``
    (+ ``DateFin``, else to the end of that week), else the week of ``today``."""
    school = request.school
    data = request.data if isinstance(request.data, dict) else {}
    raw_week = data.get("NumeroSemaine", data.get("numeroSemaine"))
    if raw_week is not None:
        if isinstance(raw_week, str) and raw_week.strip().isdigit():
            raw_week = int(raw_week)
        if isinstance(raw_week, bool) or not isinstance(raw_week, int):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        if not 1 <= raw_week <= 60:
            return raw_week, []
        monday = school.monday_of_week(raw_week)
        return raw_week, [monday + timedelta(days=i) for i in range(7)]
    start = parse_day(data.get("DateDebut", data.get("dateDebut")))
    if start is None:
        start = request.today - timedelta(days=request.today.weekday())
    end = parse_day(data.get("DateFin", data.get("dateFin")))
    if end is None or end < start:
        end = start + timedelta(days=6 - start.weekday())
    end = min(end, start + timedelta(days=MAX_DAYS - 1))
    return school.week_number(start), [start + timedelta(days=i) for i in range((end - start).days + 1)]


@page("PageEmploiDuTemps", TIMETABLE_TAB)
def emploi_du_temps(request: PageRequest) -> dict[str, Any]:
    school = request.school
    grid = school.grid
    child = request_child(request)
    week, days = requested_days(request)
    held = child.replayed_weeks
    if held is not None and days and not any(day - timedelta(days=day.weekday()) in held for day in days):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, NOT_IN_BUNDLE)
    tests = {(g.subject, g.date) for g in child.grades if g.date <= request.today}
    occurrences = [occ for day in days for occ in school.lessons_on(child, day)]
    lessons = [_lesson(request, child, occ, position, tests) for position, occ in enumerate(occurrences, 1)]
    monday = school.monday_of_week(week) if days else request.today
    first_place = 0
    if days and monday <= request.today < monday + timedelta(days=7):
        first_place = request.today.weekday() * grid.places_per_day
    return {
        "ListeCours": lessons,
        "jourCycleSelectionne": 0,
        "avecCoursAnnule": True,
        "prefsGrille": {"genreRessource": 4},
        "premierePlaceHebdoDuJour": first_place,
        "debutDemiPensionHebdo": first_place + grid.place_of(grid.lunch_start),
        "finDemiPensionHebdo": first_place + grid.place_of(grid.lunch_end),
        "absences": {
            "joursCycle": liste(
                [{"jourCycle": i, "numeroSemaine": week} for i in range(len(school.school_weekdays))]
            )
        },
        "recreations": liste([{"L": b.name, "place": grid.place_of(b.time)} for b in grid.breaks]),
    }


def _lesson(
    request: PageRequest, child: Any, occ: LessonOccurrence, position: int, tests: set[tuple[str, date]]
) -> dict[str, Any]:
    school = request.school
    grid = school.grid
    ids = request.ids
    contents: list[dict[str, Any]] = []
    if occ.subject:
        contents.append({"L": occ.subject, "N": ids.mint(TABLE_SUBJECT, f"subject:{occ.subject}"), "G": 16})
    contents += [{"G": 3, "L": name} for name in occ.teachers]
    if occ.group:
        contents.append({"L": occ.group, "N": ids.mint(TABLE_GROUP, f"group:{occ.group}"), "G": 2})
    if occ.room:
        contents.append({"L": occ.room, "N": ids.mint(TABLE_ROOM, f"room:{occ.room}"), "G": 17})
    entry: dict[str, Any] = {"N": ids.mint(TABLE_LESSON, f"lesson:{occ.key}"), "G": 0, "P": position}
    if occ.kind == "cours" and occ.status:
        entry["Statut"] = occ.status
    if occ.cancelled:
        entry["estAnnule"] = True
    entry["place"] = occ.day.weekday() * grid.places_per_day + grid.place_of(occ.start)
    entry["duree"] = grid.places_for(occ.minutes)
    entry["DateDuCours"] = moment_value(occ.day, occ.start)
    if occ.minutes % grid.place_minutes:
        end = datetime.combine(occ.day, occ.start) + timedelta(minutes=occ.minutes)
        entry["DateDuCoursFin"] = moment_value(occ.day, end.time())
    if occ.visio is not None:
        entry["listeVisios"] = liste(
            [
                {
                    "N": ids.mint(TABLE_VISIO, f"visio:{occ.key}"),
                    "url": typed(23, occ.visio.url),
                    "commentaire": occ.visio.comment,
                    "libelleLien": occ.visio.label,
                }
            ]
        )
    subject = school.subject(occ.subject) if occ.subject else None
    colors = {"retenue": DETENTION_COLOR, "sortie": OUTING_COLOR}
    entry["CouleurFond"] = colors.get(occ.kind) or (subject.color if subject else "#FFFFFF")
    entry["ListeContenus"] = liste(contents)
    if occ.memo:
        entry["memo"] = occ.memo
    if occ.kind == "retenue":
        entry["estRetenue"] = True
        entry["motif"] = occ.status or ""
    elif occ.kind == "sortie":
        entry["estSortiePedagogique"] = True
        entry["motif"] = occ.status or ""
        entry["accompagnateurs"] = list(occ.teachers)
        entry["strGenreRess"] = "Classe"
        entry["strRess"] = child.class_name
    else:
        entry["AvecTafPublie"] = False
        is_test = occ.is_test if occ.is_test is not None else (occ.subject, occ.day) in tests
        shown = (
            occ.has_content if occ.has_content is not None else occ.day <= request.today and not occ.cancelled
        )
        if shown or is_test:
            text: dict[str, Any] = {"N": ids.mint(TABLE_LESSON_TEXT, f"cdt:{occ.key}")}
            categories = []
            if is_test:
                text["estDevoir"] = True
                categories.append({"G": 3, "L": "Devoir sur table", "libelleIcone": "DS"})
            text["originesCategorie"] = liste(categories)
            entry["cahierDeTextes"] = typed(24, text)
            entry["AvecCdT"] = True
    return entry
