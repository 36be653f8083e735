"""The built-in demo school, generated around a date: "Collège Les Tilleuls (démo)".

Deterministic: the same ``seed`` and ``today`` give the same school, byte for byte once dumped. Only
``random.Random`` instances seeded from the seed and the school year are used, never the global RNG
or the clock. Most of the school does not depend on ``today`` beyond the school year, so the demo
stays the same from one day to the next: grades are generated for the whole year and only those
dated up to ``today`` are kept; the few timetable changes meant to be seen at once are placed in the
week of ``today`` and the next school week.

Rules (also in ``docs/school-format.md``):
- the school year is the one that started on the last 1 September on or before ``today``
  (in July and August, the year that just ended, as PRONOTE keeps it until the end of August);
- lessons from 1 September (the next Monday if it is a week-end) to the Friday before the first
  Saturday of July; three trimesters cut like PRONOTE's demo (end of weeks 12 and 26);
- grades: 8 to 12 per subject per trimester, plus a bonus and an optional grade some trimesters
  (English in two sub-subjects: written, coefficient 2, and oral, coefficient 1), dated up to ``today`` only: elapsed trimesters are complete, the current one is partial, future
  ones are empty.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from .generate_account import add_account
from .generate_agenda import add_events
from .generate_calendar import school_year
from .generate_homework import add_homework
from .generate_livret import add_livret
from .generate_menus import add_menus
from .generate_messaging import add_messaging
from .generate_news import add_news
from .generate_orientation import add_second_family
from .generate_parent_actions import add_parent_actions
from .generate_records import add_records
from .generate_reports import add_reports
from .generate_school_life import add_school_life
from .model import (
    Child,
    ExtraLesson,
    Grade,
    LessonChange,
    Parent,
    School,
    SchoolClass,
    Subject,
    SubjectPart,
    Teacher,
    Visio,
    WeeklyLesson,
)

FR, MA, HG, EN, ES = "FRANÇAIS", "MATHÉMATIQUES", "HISTOIRE-GÉOGRAPHIE", "ANGLAIS LV1", "ESPAGNOL LV2"
EN_WRITTEN, EN_ORAL = "ANGLAIS LV1 ÉCRIT", "ANGLAIS LV1 ORAL"
PC, SVT, TE, AP, MU, EPS = (
    "PHYSIQUE-CHIMIE",
    "SVT",
    "TECHNOLOGIE",
    "ARTS PLASTIQUES",
    "ÉDUCATION MUSICALE",
    "ED.PHYSIQUE & SPORTIVE",
)

SUBJECT_COLORS = {
    FR: "#2338BB",
    MA: "#FF8040",
    HG: "#2BD5F3",
    EN: "#E0E5A4",
    ES: "#B88FD8",
    PC: "#5FB26A",
    SVT: "#2E8B57",
    TE: "#E19C84",
    AP: "#173ED9",
    MU: "#D98CB3",
    EPS: "#9C6B30",
}

# Who teaches what to whom: (child key, subject) -> (teacher, e-mail or None).
TEACHERS = {
    ("lea", FR): ("Mme LEROY S.", "s.leroy@clg-tilleuls.example"),
    ("lea", MA): ("M. GARNIER P.", "p.garnier@clg-tilleuls.example"),
    ("lea", HG): ("M. FAURE D.", None),
    ("lea", EN): ("Mme BLANC A.", "a.blanc@clg-tilleuls.example"),
    ("lea", ES): ("Mme ROMERO C.", None),
    ("lea", PC): ("M. GIRAUD T.", None),
    ("lea", SVT): ("Mme PERRIN N.", None),
    ("lea", TE): ("M. BOYER L.", None),
    ("lea", AP): ("Mme CHEVALIER M.", None),
    ("lea", MU): ("M. ROUSSEL F.", None),
    ("lea", EPS): ("M. MERCIER J.", None),
    ("hugo", FR): ("Mme DUBOIS H.", "h.dubois@clg-tilleuls.example"),
    ("hugo", MA): ("M. LAMBERT R.", "r.lambert@clg-tilleuls.example"),
    ("hugo", HG): ("Mme FONTAINE E.", None),
    ("hugo", EN): ("Mme CARON V.", None),
    ("hugo", PC): ("M. MOREL B.", None),
    ("hugo", SVT): ("Mme ANDRE L.", None),
    ("hugo", TE): ("M. MASSON G.", None),
    ("hugo", AP): ("Mme NOEL C.", None),
    ("hugo", MU): ("Mme HENRY P.", None),
    ("hugo", EPS): ("Mme ROUX I.", None),
}
SUPERVISOR = "M. BERTIN O."

ROOMS = ["102", "103", "104", "106", "107", "201", "204", "208", "Labo 1", "Labo 2", "Salle techno"]
ROOMS += ["Salle d'arts", "Salle de musique", "Gymnase", "CDI", "Permanence", "Auditorium"]

# Weekly timetables: (weekday, "HH:MM", minutes, subject, room, group).
LEA_WEEK = [
    (0, "08:00", 60, FR, "204", None),
    (0, "09:00", 60, MA, "204", None),
    (0, "10:00", 60, HG, "208", None),
    (0, "11:00", 60, EN, "106", None),
    (0, "13:30", 120, EPS, "Gymnase", None),
    (1, "08:00", 60, MA, "204", None),
    (1, "09:00", 60, ES, "107", "4e ESP"),
    (1, "10:00", 120, FR, "204", None),
    (1, "13:30", 60, PC, "Labo 1", "4e B GR.1"),
    (1, "14:30", 60, TE, "Salle techno", None),
    (2, "08:00", 60, EN, "106", None),
    (2, "09:00", 60, HG, "208", None),
    (2, "10:00", 60, MA, "204", None),
    (2, "11:00", 60, AP, "Salle d'arts", None),
    (3, "08:00", 60, ES, "107", "4e ESP"),
    (3, "09:00", 60, FR, "204", None),
    (3, "10:00", 60, PC, "Labo 1", None),
    (3, "11:00", 60, MU, "Salle de musique", None),
    (3, "13:30", 60, EPS, "Gymnase", None),
    (4, "08:00", 60, MA, "204", None),
    (4, "09:00", 60, EN, "106", None),
    (4, "10:00", 60, ES, "107", "4e ESP"),
    (4, "11:00", 60, HG, "208", None),
    (4, "13:30", 60, SVT, "Labo 2", None),
]
HUGO_WEEK = [
    (0, "08:00", 60, MA, "102", None),
    (0, "09:00", 60, FR, "102", None),
    (0, "10:00", 60, EN, "103", None),
    (0, "11:00", 60, HG, "201", None),
    (0, "13:30", 60, SVT, "Labo 2", None),
    (1, "08:00", 60, FR, "102", None),
    (1, "09:00", 60, MA, "102", None),
    (1, "10:00", 120, EPS, "Gymnase", None),
    (1, "13:30", 60, EN, "103", None),
    (1, "14:30", 60, AP, "Salle d'arts", None),
    (2, "08:00", 60, HG, "201", None),
    (2, "09:00", 60, MA, "102", None),
    (2, "10:00", 60, FR, "102", None),
    (2, "11:00", 45, MU, "Salle de musique", None),
    (3, "08:00", 60, EN, "103", None),
    (3, "09:00", 60, PC, "Labo 1", None),
    (3, "10:00", 60, MA, "102", None),
    (3, "11:00", 60, TE, "Salle techno", "6e A GR.2"),
    (3, "13:30", 120, EPS, "Gymnase", None),
    (4, "08:00", 60, FR, "102", None),
    (4, "09:00", 60, HG, "201", None),
    (4, "10:00", 60, EN, "103", None),
    (4, "11:00", 60, MA, "102", None),
    (4, "13:30", 60, FR, "102", None),
]

TEST_TITLES = {
    FR: [
        "Dictée",
        "Rédaction",
        "Grammaire : la phrase complexe",
        "Lecture suivie",
        "Récitation",
        "Conjugaison",
    ],
    MA: ["Calcul littéral", "Interrogation : fractions", "Devoir surveillé", "Géométrie", "Devoir maison"],
    HG: ["Contrôle de connaissances", "Croquis", "Étude de documents", "Repères chronologiques"],
    EN: ["Vocabulary test", "Compréhension orale", "Expression écrite", "Irregular verbs"],
    ES: ["Vocabulario", "Comprensión escrita", "Expresión oral", "Conjugación"],
    PC: ["Compte rendu de TP", "Interrogation écrite", "Devoir surveillé"],
    SVT: ["Schéma légendé", "Interrogation écrite", "Compte rendu d'observation"],
    TE: ["Projet : maquette", "Questionnaire", "Dossier technique"],
    AP: ["Production plastique", "Carnet de croquis", "Analyse d'œuvre"],
    MU: ["Chant", "Écoute comparée", "Pratique instrumentale"],
    EPS: ["Course de durée", "Badminton", "Gymnastique", "Natation", "Handball"],
}


def demo_school(today: date, seed: int = 2026, *, second_family: bool = False) -> School:
    """The built-in demo school around ``today``: the same school for the same ``today`` and ``seed``.

    ``second_family``: also the DURAND family (a 3e and a 2nde child: orientation, internships,
    :mod:`.generate_orientation`)."""
    year = today.year if today.month >= 9 else today.year - 1
    school = school_year(year)
    school.subjects = [Subject(name, color) for name, color in SUBJECT_COLORS.items()]
    # English has two sub-subjects, the written part weighing twice the oral one.
    school.subject(EN).parts = [SubjectPart(EN_WRITTEN, 2), SubjectPart(EN_ORAL, 1)]
    by_teacher: dict[str, Teacher] = {}
    for (_child, subject), (name, email) in TEACHERS.items():
        by_teacher.setdefault(name, Teacher(name, [], email)).subjects.append(subject)
    school.teachers = list(by_teacher.values())
    school.rooms = list(ROOMS)
    school.classes = [
        SchoolClass("4e B", "4e", ["4e B GR.1", "4e B GR.2", "4e ESP"]),
        SchoolClass("6e A", "6e", ["6e A GR.1", "6e A GR.2"]),
    ]
    lea = Child("lea", "MARTIN Léa", "4e B", ["4e B GR.1", "4e ESP"], hidden_averages=[MU])
    hugo = Child("hugo", "MARTIN Hugo", "6e A", ["6e A GR.2"], hidden_averages=[AP])
    lea.timetable = _week(lea.key, LEA_WEEK)
    hugo.timetable = _week(hugo.key, HUGO_WEEK)
    # One lesson a week with a video link, for one child.
    english = next(les for les in lea.timetable if les.subject == EN and les.weekday == 4)
    english.visio = Visio(
        "https://visio.clg-tilleuls.example/anglais-4b",
        "Classe virtuelle d'anglais",
        "Lien pour suivre le cours à distance.",
    )
    school.children = [lea, hugo]
    school.parents = [
        Parent("demo", "demo", "Mme MARTIN Claire", [lea, hugo], email="claire.martin@example.org")
    ]
    school.absence_reasons = ["DIVERS", "MALADIE AVEC CERTIFICAT", "MALADIE SANS CERTIFICAT"]
    school.absence_reasons += ["PROBLÈME DE TRANSPORT", "RAISON FAMILIALE"]
    school.delay_reasons = ["DIVERS", "PROBLÈME DE TRANSPORT", "RAISONS FAMILIALES"]

    week1, week2 = _showcase_weeks(school, today)
    for index, child in enumerate(school.children):
        rng = random.Random(f"{seed}:{year}:{child.key}:changes")
        _showcase_changes(school, child, today, week1, week2, first_kinds=index == 0)
        _yearly_changes(school, child, rng, avoid={week1, week2})
        child.changes.sort(key=lambda c: (c.date, c.start))
        child.grades = [g for g in _grades(school, child, seed, year) if g.date <= today]
    _extra_lessons(school, lea, hugo, week1, week2)
    # Each section of the Espace Parents adds its own content (one module per area, each with its
    # own seeded random.Random); keep one call per line, in this order.
    # -- area generators --
    add_school_life(school, today, seed)
    add_parent_actions(school, today, seed)
    add_reports(school, today, seed)
    add_homework(school, today, seed)
    add_menus(school, today, seed)
    add_events(school, today, seed)
    add_messaging(school, today, seed)
    add_news(school, today, seed)
    add_account(school, today, seed)
    if second_family:
        add_second_family(school, today, seed)
    add_records(school, today, seed)
    add_livret(school, today, seed)
    return school


def _week(child_key: str, rows: list[tuple]) -> list[WeeklyLesson]:
    lessons = []
    for weekday, start, minutes, subject, room, group in rows:
        hour, minute = map(int, start.split(":"))
        teacher = TEACHERS[(child_key, subject)][0]
        lessons.append(WeeklyLesson(weekday, time(hour, minute), minutes, subject, teacher, room, group))
    return lessons


def _school_days(school: School, monday: date) -> list[date]:
    return [d for d in (monday + timedelta(days=i) for i in range(7)) if school.is_school_day(d)]


def _showcase_weeks(school: School, today: date) -> tuple[date, date]:
    """Mondays of the first school week from today's week on, and of the school week after it.

    In the summer, when no school week is left, the last two school weeks of the year.
    """
    mondays = []
    monday = school.first_monday
    while monday <= school.year_end:
        if _school_days(school, monday):
            mondays.append(monday)
        monday += timedelta(weeks=1)
    this_monday = today - timedelta(days=today.weekday())
    upcoming = [m for m in mondays if m >= this_monday]
    if len(upcoming) >= 2:
        return upcoming[0], upcoming[1]
    return mondays[-2], mondays[-1]


def _pick_lesson(child: Child, days: list[date], taken: set[tuple[date, time]], nth: int):
    """The ``nth`` lesson (modulo) of the first of ``days`` that has a free one (EPS left alone)."""
    for day in days:
        free = [
            les
            for les in child.timetable
            if les.weekday == day.weekday() and (day, les.start) not in taken and les.subject != EPS
        ]
        if free:
            return day, free[nth % len(free)]
    return None


def _add_change(child: Child, school: School, day: date, lesson: WeeklyLesson, kind: str) -> None:
    change = LessonChange(day, lesson.start, kind)
    if kind == "salle":
        change.room = next(r for r in ("Auditorium", "CDI", "Permanence") if r != lesson.room)
    elif kind == "modifie":
        other = next(c for c in school.children if c is not child)
        replacing = next((les.teacher for les in other.timetable if les.subject == lesson.subject), None)
        change.teacher = replacing
        change.memo = f"Cours assuré par {replacing}." if replacing else "Horaire aménagé."
    elif kind == "absent":
        change.memo = "Les élèves seront en permanence."
    child.changes.append(change)


def _showcase_changes(
    school: School, child: Child, today: date, week1: date, week2: date, first_kinds: bool
) -> None:
    """Two changes in each showcase week (days from ``today`` on first), so the demo shows them."""
    kinds = (
        (("annule", "salle"), ("absent", "modifie"))
        if first_kinds
        else (("absent", "salle"), ("annule", "modifie"))
    )
    for monday, pair in zip((week1, week2), kinds, strict=True):
        days = _school_days(school, monday)
        days = [d for d in days if d >= today] + [d for d in days if d < today]
        for offset, kind in enumerate(pair):
            ordered = days[offset:] + days[:offset]
            taken = {(c.date, c.start) for c in child.changes}
            picked = _pick_lesson(child, ordered, taken, nth=1 + 2 * offset)
            if picked:
                _add_change(child, school, picked[0], picked[1], kind)


def _yearly_changes(school: School, child: Child, rng: random.Random, avoid: set[date]) -> None:
    days = []
    day = school.year_start
    while day <= school.year_end:
        if school.is_school_day(day) and day - timedelta(days=day.weekday()) not in avoid:
            days.append(day)
        day += timedelta(days=1)
    kinds = ["annule", "absent", "salle", "modifie"] * 3
    for kind, day in zip(kinds, sorted(rng.sample(days, len(kinds))), strict=True):
        lessons = [les for les in child.timetable if les.weekday == day.weekday()]
        if lessons:
            _add_change(child, school, day, rng.choice(lessons), kind)


def _wednesday_from(school: School, monday: date, step: int) -> date:
    """The first Wednesday that is a school day, from the week of ``monday``, going by ``step`` weeks."""
    for n in range(60):
        candidate = monday + timedelta(days=2, weeks=n * step)
        if school.is_school_day(candidate):
            return candidate
    return school.year_start  # pragma: no cover - a year without school Wednesdays


def _extra_lessons(school: School, lea: Child, hugo: Child, week1: date, week2: date) -> None:
    lea.extra_lessons = [
        ExtraLesson(
            _wednesday_from(school, week1, 1),
            time(13, 30),
            105,
            "retenue",
            "Travail non fait à plusieurs reprises",
            teacher=SUPERVISOR,
            room="Permanence",
            memo="Apporter le cahier de mathématiques.",
        ),
        ExtraLesson(
            _wednesday_from(school, week1 - timedelta(weeks=3), -1),
            time(13, 30),
            210,
            "sortie",
            "Théâtre : Le Bourgeois gentilhomme",
            companions=[TEACHERS[("lea", FR)][0], TEACHERS[("lea", MU)][0]],
            memo="Rendez-vous devant le collège à 13h15.",
        ),
    ]
    hugo.extra_lessons = [
        ExtraLesson(
            _wednesday_from(school, week2, 1),
            time(13, 30),
            180,
            "sortie",
            "Visite du muséum d'histoire naturelle",
            companions=[TEACHERS[("hugo", SVT)][0], TEACHERS[("hugo", HG)][0]],
            memo="Prévoir un goûter et un titre de transport.",
        ),
        ExtraLesson(
            _wednesday_from(school, week1 - timedelta(weeks=5), -1),
            time(13, 30),
            120,
            "retenue",
            "Comportement en classe",
            teacher=SUPERVISOR,
            room="Permanence",
        ),
    ]


# -- grades ----------------------------------------------------------------------------------------


def _half(value: float) -> float:
    return round(value * 2) / 2


def _grades(school: School, child: Child, seed: int, year: int) -> list[Grade]:
    subjects = [s.name for s in school.subjects if any(les.subject == s.name for les in child.timetable)]
    grades: list[Grade] = []
    for p_index, period in enumerate(school.grading_periods()):
        school_days = [
            period.start + timedelta(days=i)
            for i in range((period.end - period.start).days + 1)
            if school.is_school_day(period.start + timedelta(days=i))
        ]
        for s_index, subject in enumerate(subjects):
            rng = random.Random(f"{seed}:{year}:{child.key}:{subject}:{period.name}")
            level = random.Random(f"{seed}:{child.key}:{subject}").uniform(9.5, 16.5)
            weekdays = {les.weekday for les in child.timetable if les.subject == subject}
            days = [d for d in school_days if d.weekday() in weekdays]
            count = rng.randint(8, 12)
            if len(days) < count:
                days += [d for d in school_days if d not in days][: count - len(days)]
            for g_index, day in enumerate(sorted(rng.sample(days, min(count, len(days))))):
                grade = _one_grade(rng, subject, day, period.name, level)
                if p_index == 0 and g_index == 1 and s_index < 8:
                    grade.value, grade.special = None, s_index + 1  # every special kind once
                if p_index == 0 and g_index == 2 and s_index in (8, 9):
                    grade.out_of = 10 if s_index == 8 else 40
                    grade.scale_to_20 = s_index == 8
                    grade.value = _half(min(level + 1, 19) * grade.out_of / 20)
                    grade.class_average = round(11.5 * grade.out_of / 20, 2)
                    grade.class_min, grade.class_max = 0.15 * grade.out_of, 0.95 * grade.out_of
                grades.append(grade)
            if s_index == (p_index * 3) % len(subjects) and school_days:
                bonus = _one_grade(rng, subject, days[len(days) // 2], period.name, level, 20.0, 16.0)
                bonus.bonus, bonus.comment = True, "Bonus : exposé"
                grades.append(bonus)
            if s_index == (p_index * 3 + 1) % len(subjects) and school_days:
                extra = _one_grade(rng, subject, days[-1], period.name, level)
                extra.optional, extra.comment = True, "Devoir maison facultatif"
                grades.append(extra)
    grades.sort(key=lambda g: (g.date, subjects.index(g.subject)))
    for grade in grades:
        if grade.subject == EN:
            grade.part = (
                EN_ORAL if grade.comment in ("Compréhension orale", "Vocabulary test") else EN_WRITTEN
            )
    return grades


def _one_grade(
    rng: random.Random,
    subject: str,
    day: date,
    period: str,
    level: float,
    out_of: float | None = None,
    value20: float | None = None,
) -> Grade:
    roll = rng.random()
    if out_of is None:
        out_of = 10.0 if roll < 0.12 else 40.0 if roll < 0.2 else 20.0
    drawn = min(20.0, max(0.0, rng.gauss(level, 2.8)))
    value20 = drawn if value20 is None else value20
    average20 = min(17.0, max(7.0, rng.gauss(11.5, 1.3)))
    low20 = max(0.0, min(value20, average20 - rng.uniform(3, 7)))
    high20 = min(20.0, max(value20, average20 + rng.uniform(3, 6)))
    scale = out_of / 20
    title = rng.choice(TEST_TITLES[subject])
    coefficient = {"Devoir surveillé": 2.0, "Interrogation écrite": 0.5}.get(
        title, rng.choice([1.0, 1.0, 1.0, 2.0])
    )
    value = _half(value20 * scale)
    return Grade(
        subject=subject,
        date=day,
        period=period,
        out_of=out_of,
        value=value,
        coefficient=coefficient,
        comment=title if rng.random() < 0.85 else "",
        scale_to_20=out_of != 20 and rng.random() < 0.7,
        class_average=round(average20 * scale, 2),
        class_min=min(value, _half(low20 * scale)),
        class_max=max(value, _half(high20 * scale)),
    )
