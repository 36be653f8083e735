"""``PageAccueil`` (tab 7, the home page's widgets about absent teachers and lessons not held) and
``PageInfosPerso`` (tab 49, the parent's own contact details).

``PageAccueil`` (``parent-features.md`` §11, ``pawnote-papillon.md`` §1.2; no recording, and whether
real parent servers fill these widgets is not known, §17): the client asks for one key per widget,
the server answers the widgets it fills. This server fills three, each only when asked, from the
child's timetable changes of the week asked (``numeroSemaine``, else the week of ``dateGrille``, else
this week):

- ``coursNonAssures``: the lessons cancelled that week (``listeCoursNonAssures``: teacher, date, start
  "08h00", class, room, what replaces it) and their teachers (``listeProfCoursNonAssures``);
- ``personnelsAbsents``: the teachers of those lessons (``listePersonnelsAbsents``), each with the
  start and a French description of each absence;
- ``modificationsEDT``: every change of that week (``listeModificationsEDT``: the subject in ``L``,
  the lesson in ``cours``, ``estAnnulationCours``, what changed in ``strAmenagement``, who it concerns
  in ``strPublic``).

The other widgets a parent's home page shows (grades, skills, school life, homework, discussions,
news) are built by :mod:`.home_widgets`, every field of them guessed.

``PageInfosPerso`` (``pronotepy.md`` §2 "Personal info", ``parent-features.md`` §4.1): ``Informations``
as the school holds them for the logged-in parent, and ``securisation.mode`` (0: the parent has not
chosen a two-factor mode). Asked for a child (``Signature.ressource``, as pronotepy's ``ClientInfo``
does) the server refuses with error 3, as real servers do (pronotepy #294).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ..school import WEEKDAYS
from .contract import PageFault, PageRequest, page
from .home_widgets import widgets
from .values import (
    FAULT_ACCESS_DENIED,
    TABLE_LESSON,
    hour_label,
    liste,
    moment_value,
    parse_day,
    request_child,
    typed,
)

HOME_TAB = 7
ACCOUNT_TAB = 49
TABLE_PERSON = 3


def _week(request: PageRequest) -> int:
    data = request.data if isinstance(request.data, dict) else {}
    for source in (data, data.get("coursNonAssures"), data.get("personnelsAbsents")):
        if isinstance(source, dict):
            week = source.get("numeroSemaine")
            if isinstance(week, int) and not isinstance(week, bool):
                return week
    changes = data.get("modificationsEDT")
    for raw in (data.get("dateGrille"), changes.get("date") if isinstance(changes, dict) else None):
        day = parse_day(raw) if raw is not None else None
        if day is not None:
            return request.school.week_number(day)
    return request.school.week_number(request.today)


def _changed(request: PageRequest, child: Any, week: int) -> list[Any]:
    """The occurrences of the week that a change touches (weekly lessons only), in order."""
    school = request.school
    if not 1 <= week <= 60:  # no such week in a school year
        return []
    monday = school.monday_of_week(week)
    days = {monday + timedelta(days=i) for i in range(7)}
    changed = []
    # A change of the weekly timetable, or a replayed lesson shown with a status (support bundle).
    touched = {(c.date, c.start) for c in child.changes}
    touched |= {(d.date, d.start) for d in child.dated_lessons if d.kind == "cours" and d.status}
    for day, start in sorted(touched):
        if day not in days:
            continue
        for occ in school.lessons_on(child, day):
            if occ.kind == "cours" and occ.start == start and occ.status:
                changed.append(occ)
    return changed


def _day_text(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m}"


@page("PageAccueil", HOME_TAB)
def page_accueil(request: PageRequest) -> dict[str, Any]:
    ids = request.ids
    child = request_child(request)
    data = request.data if isinstance(request.data, dict) else {}
    week = _week(request)
    changed = _changed(request, child, week)
    cancelled = [occ for occ in changed if occ.cancelled]
    answer: dict[str, Any] = {}

    def person(name: str) -> dict[str, Any]:
        return {"N": ids.mint(TABLE_PERSON, f"person:{name}"), "L": name, "G": 3}

    teachers = list(dict.fromkeys(name for occ in cancelled for name in occ.teachers))
    if "coursNonAssures" in data:
        answer["coursNonAssures"] = {
            "listeCoursNonAssures": liste(
                [
                    {
                        "professeur": typed(24, person(occ.teachers[0] if occ.teachers else "")),
                        "dateDuCours": moment_value(occ.day, occ.start),
                        "strDebut": hour_label(occ.start),
                        "strClasse": occ.group or child.class_name,
                        "strSalle": occ.room or "",
                        "strRemplacement": occ.memo or "",
                    }
                    for occ in cancelled
                ]
            ),
            "listeProfCoursNonAssures": liste([person(name) for name in teachers]),
        }
    if "personnelsAbsents" in data:
        absent = []
        for name in teachers:
            absences = []
            for occ in cancelled:
                if name in occ.teachers:
                    end = datetime.combine(occ.day, occ.start) + timedelta(minutes=occ.minutes)
                    absences.append(
                        {
                            "dateDebutAbsence": moment_value(occ.day, occ.start),
                            "detailAbsence": f"Absent le {_day_text(occ.day)} de {hour_label(occ.start)} "
                            f"à {hour_label(end.time())}",
                        }
                    )
            absent.append({**person(name), "absences": liste(absences)})
        answer["personnelsAbsents"] = {"listePersonnelsAbsents": liste(absent)}
    if "modificationsEDT" in data:
        answer["modificationsEDT"] = {
            "listeModificationsEDT": liste(
                [
                    {
                        "L": occ.subject or "",
                        "cours": typed(
                            24,
                            {
                                "N": ids.mint(TABLE_LESSON, f"lesson:{occ.key}"),
                                "DateDuCours": moment_value(occ.day, occ.start),
                            },
                        ),
                        "numeroCycle": week,
                        "estAnnulationCours": occ.cancelled,
                        "strAmenagement": occ.status + (f" : {occ.memo}" if occ.memo else ""),
                        "strPublic": occ.group or child.class_name,
                    }
                    for occ in changed
                ]
            )
        }
    answer.update(widgets(request, child, data))
    return answer


@page("PageInfosPerso", ACCOUNT_TAB)
def page_infos_perso(request: PageRequest) -> dict[str, Any]:
    if isinstance(request.signature, dict) and request.signature.get("ressource") is not None:
        raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé")
    parent = request.parent
    lines = (list(parent.address) + ["", "", "", ""])[:4]
    return {
        "Informations": {
            "nom": parent.name,
            "adresse1": lines[0],
            "adresse2": lines[1],
            "adresse3": lines[2],
            "adresse4": lines[3],
            "codePostal": parent.postal_code,
            "ville": parent.city,
            "province": parent.province,
            "pays": parent.country,
            "eMail": parent.email or "",
            "indicatifTel": parent.phone_prefix,
            "telephonePortable": parent.phone,
            "indicatifFixe": parent.account.landline_prefix,
            "telephoneFixe": parent.account.landline,
            "numeroINE": "",
        },
        "Autorisations": {
            "SMSAutorise": parent.account.preferences.sms,
            "emailAutorise": parent.account.preferences.email,
            "eMailEtablissementAutorise": parent.account.preferences.school_email,
            "courrierPapierAutorise": parent.account.preferences.paper_mail,
            "estDestinataireInfosGenerales": parent.account.preferences.general_info,
        },
        "securisation": {"mode": 0, "modesPossibles": typed(26, "[1..3]")},
    }
