"""The demo school's agenda: a dozen or so events over the year, and one in the coming school week.

Deterministic: dates follow the school year (the calendar, the trimesters, the outings of the
timetable); only the "coming week" event depends on ``today``. The times are fixed; the random
generator only picks the weekdays of the class councils.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .documents import b64, make_pdf
from .model import School
from .records import Attachment, Document, SchoolEvent


def _school_day_from(school: School, day: date, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> date:
    """``day`` or the next school day on one of ``weekdays`` (within the year)."""
    while day < school.year_end and not (school.is_school_day(day) and day.weekday() in weekdays):
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def add_events(school: School, today: date, seed: int) -> None:
    rng = random.Random(f"{seed}:{school.year_start.year}:agenda")
    start = school.year_start
    classes = [c.name for c in school.classes]
    events: list[SchoolEvent] = []

    def add(title: str, begin: datetime, end: datetime, kind: str = "evenement", **extra) -> SchoolEvent:
        event = SchoolEvent(title, begin, end, kind, **extra)
        events.append(event)
        return event

    meeting = _school_day_from(school, start + timedelta(days=10), (1, 3))
    for name in classes:
        add(
            f"Réunion de rentrée des parents ({name})",
            _at(meeting, 18),
            _at(meeting, 19, 30),
            comment="Présentation de l'équipe pédagogique et de l'année. Salle polyvalente.",
            classes=[name],
        )
    photo = _school_day_from(school, start + timedelta(days=21), (1,))
    add("Photo de classe", _at(photo, 8), _at(photo, 12), comment="Tenue correcte souhaitée.")
    vote = _school_day_from(school, start + timedelta(days=30), (3,))
    add(
        "Élection des délégués de classe",
        _at(vote, 0),
        _at(vote, 23, 59),
        "election",
        all_day=True,
        comment="Vote à bulletin secret pendant l'heure de vie de classe.",
    )
    cross = _school_day_from(school, start + timedelta(days=40), (2,))
    add("Cross du collège", _at(cross, 9), _at(cross, 12), comment="Prévoir une tenue de sport et un goûter.")

    periods = school.grading_periods()
    for number, period in enumerate(periods, start=1):
        # After the end of a term; the last one's councils meet three weeks before the year ends.
        after = period.end + timedelta(days=1) if number < len(periods) else period.end - timedelta(days=21)
        day = _school_day_from(school, after, (0, 1, 3))
        for name in classes:
            council = _school_day_from(school, day + timedelta(days=rng.randint(0, 3)), (0, 1, 3, 4))
            add(
                f"Conseil de classe du trimestre {number} ({name})",
                _at(council, 17, 30),
                _at(council, 19),
                "conseil_de_classe",
                classes=[name],
            )
    levels = {c.name: c.level for c in school.classes}
    rencontre = _school_day_from(school, date(start.year, 12, 8), (1, 3))
    for offset, name in enumerate(classes):
        day = _school_day_from(school, rencontre + timedelta(days=offset), (1, 3))
        add(
            f"Rencontre parents-professeurs ({levels.get(name) or name})",
            _at(day, 16, 30),
            _at(day, 20),
            "rencontre_parents_professeurs",
            comment="Prise de rendez-vous avec les professeurs dans l'Espace Parents.",
            classes=[name],
        )

    open_day = date(start.year + 1, 3, 14)
    open_day += timedelta(days=(5 - open_day.weekday()) % 7)  # a Saturday morning
    program = Document(
        "agenda-portes-ouvertes",
        "Programme des portes ouvertes.pdf",
        "application/pdf",
        b64(
            make_pdf(
                "Journée portes ouvertes", ["9h00 : accueil", "10h00 : visite des salles", "11h30 : échanges"]
            )
        ),
    )
    school.documents.append(program)
    add(
        "Journée portes ouvertes",
        _at(open_day, 9),
        _at(open_day, 12, 30),
        comment="Les élèves volontaires présentent leurs travaux.",
        attachments=[Attachment(program.name, document=program.key)],
    )
    forum = _school_day_from(school, date(start.year + 1, 2, 3), (3,))
    add(
        "Forum des métiers",
        _at(forum, 13, 30),
        _at(forum, 16, 30),
        classes=[c for c in classes if c.startswith("4")],
    )
    party = _school_day_from(school, school.year_end - timedelta(days=10), (4,))
    add("Fête du collège", _at(party, 18), _at(party, 22), comment="Spectacle des ateliers, buffet partagé.")

    for child in school.children:
        for extra in child.extra_lessons:
            if extra.kind != "sortie":
                continue
            begin = datetime.combine(extra.date, extra.start)
            add(
                f"Sortie : {extra.title}",
                begin,
                begin + timedelta(minutes=extra.minutes),
                "sortie",
                comment=extra.memo or "",
                classes=[child.class_name],
            )

    coming = _school_day_from(school, today + timedelta(days=(7 - today.weekday()) % 7 or 7), (1,))
    add(
        "Intervention : prévention du harcèlement",
        _at(coming, 10),
        _at(coming, 12),
        comment="Intervention de l'association e-Enfance pour toutes les classes.",
    )
    events.sort(key=lambda e: (e.start, e.title))
    school.events = [
        e for e in events if school.year_start - timedelta(days=7) <= e.start.date() <= school.year_end
    ]
