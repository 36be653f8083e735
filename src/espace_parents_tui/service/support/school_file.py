"""An account's cache as a school file (``docs/school-format.md``) the emulated server can serve.

The support bundle (``bundle.py``) holds it; ``--replay`` serves it through the emulated server, so
the parent's view comes back along the same protocol path as any school's. What the conversion covers:

- the account: the school's calendar (periods, holidays, hour grid), the children and their classes
  and groups, the tabs the school opens, the absence and delay reasons;
- ``grades``: every cached period's grades (the server computes the averages as PRONOTE does);
- ``timetable``: every cached week, each lesson as the parent saw it (``dated_lessons``: subject,
  teachers, room, group, cancellation, status, memo, visio link); ``home`` follows from it;
- the cahier de textes, vie scolaire, compétences and bulletins, the team and the documents
  (``convert_work.py``, ``convert_life.py``, ``convert_reports.py``, ``convert_people.py``), the
  Messagerie's list, the informations, the menus, the agenda and the parent's contact details
  (``convert_comms.py``, ``convert_school.py``, ``convert_people.py``).

A section added later without a converter is listed in ``failures`` with one sentence saying it is
not in the bundle, so the replay says so instead of showing an empty section; a section that failed for
the parent (``sync_records.py``) fails the same way. The school file is plain JSON, written here
without the demo package (``service/`` and ``demo/`` stay independent): the server validates it when
it loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from espace_parents_tui.models import GradeReport, Lesson
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.service.sections import ACCOUNT, SECTIONS
from espace_parents_tui.service.support import convert_meetings
from espace_parents_tui.service.support.collect import Collected, Conversion, hm, mark_number, number
from espace_parents_tui.service.support.convert_comms import ACCOUNT_COMMS
from espace_parents_tui.service.support.convert_life import CHILD_LIFE
from espace_parents_tui.service.support.convert_meetings import CHILD_MEETINGS
from espace_parents_tui.service.support.convert_orientation import CHILD_ORIENTATION
from espace_parents_tui.service.support.convert_people import ACCOUNT_PEOPLE, CHILD_PEOPLE
from espace_parents_tui.service.support.convert_records import CHILD_RECORDS
from espace_parents_tui.service.support.convert_reports import CHILD_REPORTS
from espace_parents_tui.service.support.convert_school import ACCOUNT_SCHOOL
from espace_parents_tui.service.support.convert_work import CHILD_WORK
from espace_parents_tui.service.sync_records import load_failures
from espace_parents_tui.util.i18n import _

SCHEMA_VERSION = 1
REPLAY_LOGIN = "support"
# The password of the replay's parent: a placeholder, replaced by a random one when a replay starts.
REPLAY_PASSWORD = "remplace-au-rejeu"

# The PRONOTE function behind each section (what the replay's server refuses when it must).
SECTION_FUNCTIONS = {
    "grades": "DernieresNotes",
    "timetable": "PageEmploiDuTemps",
    "homework": "PageCahierDeTexte",
    "contents": "PageCahierDeTexte",
    "school_life": "PagePresence",
    "messages": "ListeMessagerie",
    "news": "PageActualites",
    "evaluations": "DernieresEvaluations",
    "report": "PageBulletins",
    "menus": "PageMenus",
    "team": "PageEquipePedagogique",
    "calendar": "PageAgenda",
    "home": "PageAccueil",
    "account": "PageInfosPerso",
    "documents": "DocumentsATelecharger",
    "meetings": "SessionRencontres",
    "child_account": "PageMesEnfants",  # never converted: the child's health data stays out
    "orientation": "PageOrientations",
    "internships": "PageStage.General",
    "textbooks": "ManuelsNumeriques",
    "record": "PageSuiviPluriannuel",
    "livret": "LivretScolaire",
}
NOT_IN_BUNDLE = "Rubrique non reproduite par ce bundle de support (la conversion ne la couvre pas encore)."
PERIOD_KINDS = {1: "trimestre", 2: "semestre", 3: "annee"}


def _grades(report: GradeReport, period: str, names: Collected) -> tuple[list[dict], list[str]]:
    grades = []
    for average in report.averages:  # the sub-subjects in the server's order, before any grade
        if average.subject.parent:
            sub = average.subject
            names.part(sub.name, sub.parent, sub.coefficient, None)
    for grade in report.grades:
        subject = grade.subject
        if subject.parent:  # a sub-subject's grade: in its subject, as that part
            names.part(subject.name, subject.parent, subject.coefficient, subject.color)
        else:
            names.subject(subject.name, subject.color)
        entry: dict[str, Any] = {
            "subject": subject.parent or subject.name,
            "date": grade.day.isoformat(),
            "period": period,
            "out_of": number(grade.out_of),
            "coefficient": number(grade.coefficient),
        }
        if grade.mark.special is not None:
            entry["special"] = int(grade.mark.special)
        else:
            entry["value"] = number(grade.mark.value or 0)
        for key, flag in (("bonus", grade.is_bonus), ("optional", grade.is_optional)):
            if flag:
                entry[key] = True
        if grade.scaled_to_20:
            entry["scale_to_20"] = True
        if subject.parent:
            entry["part"] = subject.name
        if grade.comment:
            entry["comment"] = grade.comment
        for key, mark in (
            ("class_average", grade.class_average),
            ("class_min", grade.class_min),
            ("class_max", grade.class_max),
        ):
            if mark_number(mark) is not None:
                entry[key] = mark_number(mark)
        grades.append(entry)
    hidden = [
        a.subject.name
        for a in report.averages
        if not a.subject.parent and not a.student.published and not a.class_average.published
    ]
    for average in report.averages:
        if not average.subject.parent:
            names.subject(average.subject.name, average.subject.color)
    return grades, hidden


def _lesson(lesson: Lesson, names: Collected) -> dict[str, Any]:
    kind = "retenue" if lesson.is_detention else "sortie" if lesson.is_outing else "cours"
    if kind == "cours":
        names.subject(lesson.subject, lesson.color)
    for teacher in lesson.teachers:
        names.teacher(teacher)
    names.room(lesson.rooms[0] if lesson.rooms else None)
    entry: dict[str, Any] = {
        "date": lesson.start.date().isoformat(),
        "start": hm(lesson.start.time()),
        "minutes": int((lesson.end - lesson.start).total_seconds() // 60),
    }
    optional: dict[str, Any] = {
        "subject": lesson.subject,
        "teachers": list(lesson.teachers),
        "room": lesson.rooms[0] if lesson.rooms else None,
        "group": lesson.groups[0] if lesson.groups else None,
        "kind": kind if kind != "cours" else None,
        "cancelled": lesson.cancelled or None,
        "status": lesson.status if kind == "cours" and lesson.status else None,
        "memo": lesson.memo or None,
        "has_content": lesson.has_content,  # as shown: the server's own rule may differ from the school's
        "is_test": lesson.is_test,
    }
    if lesson.videos:
        video = lesson.videos[0]
        optional.update(
            visio_url=video.url, visio_label=video.label or None, visio_comment=video.comment or None
        )
    entry.update({k: v for k, v in optional.items() if v not in (None, [])})
    return entry


def _tab_periods(child: Any, settings: Any) -> list[dict[str, Any]]:
    """Each tab's periods for the child as the server listed them, the default one by name."""
    known = {p.name for p in settings.periods}
    found = []
    for entry in child.tab_periods:
        periods = []
        for period in entry.periods:
            item: dict[str, Any] = {"name": period.name}
            if period.kind is not None:
                item["kind"] = period.kind
            if period.name not in known:
                item.update(start=period.start.isoformat(), end=period.end.isoformat())
            periods.append(item)
        shown: dict[str, Any] = {"tab": entry.tab, "periods": periods}
        default = next((p.name for p in entry.periods if p.id and p.id == entry.default_period_id), None)
        if default:
            shown["default"] = default
        found.append(shown)
    return found


def _scopes(portal: Portal, child_name: str, section: str) -> list[str]:
    return sorted(scope for scope, _when in portal.cache.scopes(child_name, section))


def school_from_cache(portal: Portal, *, covered: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """The account's cache as a school file (a JSON-able dict). ``covered`` is for tests only."""
    snap = portal.snapshot()
    if snap is None:
        raise ValueError(_("Le cache de ce compte est vide : synchronisez d'abord (espace-parents sync)."))
    account, settings = snap.account, snap.settings
    is_covered = covered or COVERED.__contains__
    keys = {child.name: f"enfant-{index}" for index, child in enumerate(account.children, start=1)}
    conversion = Conversion(portal, settings, keys)
    conversion.reasons["absence_reasons"] += [r.label for r in account.absence_reasons]
    conversion.reasons["delay_reasons"] += [r.label for r in account.delay_reasons]
    names = conversion.names
    classes: dict[str, list[str]] = {}
    children = []
    lesson_starts: set[time] = set()
    orders: list[list[str]] = []
    period_rank = {p.name: i for i, p in enumerate(settings.periods)}
    for child in account.children:
        groups = classes.setdefault(child.class_name, [])
        groups += [g for g in child.groups if g not in groups]
        entry: dict[str, Any] = {"key": keys[child.name], "name": child.name, "class_name": child.class_name}
        if child.groups:
            entry["groups"] = list(child.groups)
        if child.tab_periods:
            entry["tab_periods"] = _tab_periods(child, settings)
        grades: list[dict] = []
        hidden: list[str] = []
        for scope in sorted(_scopes(portal, child.name, "grades"), key=lambda n: period_rank.get(n, 99)):
            cached = portal.read("grades", child, scope)
            period = next((p for p in settings.periods if p.name == scope), None)
            if cached is None or (period is not None and PERIOD_KINDS.get(period.kind or 1) == "annee"):
                continue
            found, hidden_here = _grades(cached.value, scope, names)
            orders.append([a.subject.name for a in cached.value.averages if not a.subject.parent])
            grades += found
            hidden += [h for h in hidden_here if h not in hidden]
        lessons: list[dict] = []
        weeks = _scopes(portal, child.name, "timetable")
        if weeks:  # the replay refuses a week the parent did not have, rather than show it empty
            entry["replayed_weeks"] = weeks
        for scope in _scopes(portal, child.name, "timetable"):
            cached = portal.read("timetable", child, scope)
            for lesson in cached.value if cached else []:
                lessons.append(_lesson(lesson, names))
        entry.update(grades=grades, hidden_averages=hidden, dated_lessons=lessons)
        for name, convert in CHILD_CONVERTERS.items():
            if is_covered(name):
                convert(conversion, child, entry)
        for lesson in entry["dated_lessons"]:
            group = lesson.get("group")
            if group and group not in entry.setdefault("groups", []):
                entry["groups"].append(group)
            if group and group not in groups:
                groups.append(group)
            if lesson.get("kind", "cours") == "cours":
                lesson_starts.add(time.fromisoformat(lesson["start"]))
        children.append({k: v for k, v in entry.items() if v != []})
    for name, convert_account in ACCOUNT_CONVERTERS.items():
        if is_covered(name):
            convert_account(conversion, account)
    convert_meetings.finish(conversion)
    place_minutes = 60 // max(1, settings.places_per_hour)
    first = settings.hour_starts[0] if settings.hour_starts else time(8, 0)
    grid = {
        "first_time": hm(first),
        "place_minutes": place_minutes,
        "places_per_day": settings.places_per_day,
        "lesson_starts": [hm(t) for t in sorted(lesson_starts)],
    }
    school: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "name": settings.school_name,
        "city": "",
        "year_start": settings.first_date.isoformat(),
        "year_end": settings.last_date.isoformat(),
        "periods": [
            {
                "name": p.name,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "kind": PERIOD_KINDS.get(p.kind or 1, "trimestre"),
            }
            for p in settings.periods
        ],
        "holidays": [
            {"name": h.name, "start": h.start.isoformat(), "end": h.end.isoformat()}
            for h in settings.holidays
        ],
        "grid": grid,
        "subjects": [names.subject_entry(n, c) for n, c in names.ordered(orders)],
        "teachers": [{"name": n} for n in names.teachers],
        "rooms": names.rooms,
        "classes": [
            {"name": name, "level": name, **({"groups": groups} if groups else {})}
            for name, groups in classes.items()
        ],
        "children": children,
        "parents": [
            {
                "login": REPLAY_LOGIN,
                "password": REPLAY_PASSWORD,
                "name": account.name,
                "children": [keys[c.name] for c in account.children],
                "tabs": sorted(account.tabs),
                **conversion.parent,
            }
        ],
        **conversion.reasons,
        "reasons_needing_justification": [
            r.label for r in (*account.absence_reasons, *account.delay_reasons) if r.needs_justification
        ],
    }
    if conversion.documents.documents:
        school["documents"] = conversion.documents.documents
    school.update(conversion.extra)
    if conversion.staff:
        school["staff"] = conversion.staff
    if account.declare_absence_days is not None:
        school["declare_absence_days"] = account.declare_absence_days
    if settings.server_version:
        school["version"] = ".".join(str(part) for part in settings.server_version[:3])
    school["failures"] = _failures(portal, keys, is_covered)
    school["failures"] += [f for f in conversion.failures if f not in school["failures"]]
    return school


# Each section's converter for one child: (conversion, the cache's child, the school file's child).
CHILD_CONVERTERS = {
    **CHILD_WORK,
    **CHILD_LIFE,
    **CHILD_REPORTS,
    **CHILD_PEOPLE,
    **CHILD_MEETINGS,
    **CHILD_RECORDS,
    **CHILD_ORIENTATION,
}
# Each account-level converter: (conversion, the cache's account); it fills the school's or the
# parent's lists (news, discussions).
ACCOUNT_CONVERTERS = {**ACCOUNT_COMMS, **ACCOUNT_SCHOOL, **ACCOUNT_PEOPLE}
# Derived by the server from what is converted: the home page's widgets come from the timetable.
COVERED = frozenset({"grades", "timetable", "home", *CHILD_CONVERTERS, *ACCOUNT_CONVERTERS})


def _failures(portal: Portal, keys: dict[str, str], covered: Callable[[str], bool]) -> list[dict[str, Any]]:
    failures: list[dict[str, Any]] = []
    for failure in load_failures(portal.cache):
        function = failure.get("function") or SECTION_FUNCTIONS.get(str(failure.get("section")))
        if not function:
            continue
        entry: dict[str, Any] = {"function": function}
        child = keys.get(str(failure.get("child")))
        if child:
            entry["child"] = child
        if failure.get("status"):
            entry["status"] = int(failure["status"])
        else:
            entry["code"] = int(failure["code"]) if failure.get("code") is not None else 21
            entry["title"] = str(failure.get("title") or failure.get("message") or "")
        if entry not in failures:
            failures.append(entry)
    held = {section for section in SECTIONS if _holds(portal, section, keys)}
    for section in sorted(held):
        function = SECTION_FUNCTIONS.get(section)
        if not covered(section) and function:
            entry = {"function": function, "code": 21, "title": NOT_IN_BUNDLE}
            if entry not in failures:
                failures.append(entry)
    return failures


def _holds(portal: Portal, section: str, keys: dict[str, str]) -> bool:
    owners = [ACCOUNT, *keys]
    return any(portal.cache.scopes(owner, section) for owner in owners)


def fetched_at(portal: Portal) -> datetime | None:
    """When the parent's data was fetched: the end of the last sync."""
    return portal.cache.last_sync()
