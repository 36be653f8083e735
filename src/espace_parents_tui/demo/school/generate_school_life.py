"""The demo school's vie scolaire, teaching team and the parent's contact details.

``add_school_life(school, today, seed)`` fills, deterministically (its own ``random.Random`` per
child and period, seeded from the seed and the school year), for each child of the demo school:

- **absences**, drawn per grading period over the whole period and kept when a week old or more:
  two justified ones a period (in the first, one over two school days in a row), for the first child
  a morning the vie scolaire settled ("réglée") without a justification, and a morning "à justifier
  par les parents" (reason not known yet) on the last school day before ``today``;
- **delays** at the first lesson of a day, 5 to 20 minutes, drawn per period (a justified one, a
  justified and settled one, and in the first period one to justify), never on an absence day, kept
  when before ``today``;
- **one punishment** per child: the detention ("retenue") of the child's timetable, asked by a
  teacher of the child at one of that teacher's lessons at least two days before, with its session
  at the detention's date, time and length (a child without a detention in the timetable gets
  none; the first child's carries a PDF of work to do, the second's asks for an acknowledgement);
- **one observation and one encouragement** per child, in the first period, by teachers of the child;
- **one precautionary measure** for the second child, in the first period;
- the **staff** a parent sees in the teaching team (principal, CPE, school nurse), added when the
  school has no one with that function yet; each class's **professeur principal** (the teacher
  with the most weekly minutes with the class's first child, ties going to the subject listed first);
- the demo parent's **contact details** (address, phone).

What is dated before ``today`` does not change from one day to the next, except the absence "à
justifier", which follows ``today``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .documents import b64, make_pdf
from .model import Child, Period, School
from .records import (
    Absence,
    Attachment,
    Delay,
    Document,
    Observation,
    PrecautionaryMeasure,
    Punishment,
    PunishmentSession,
    Staff,
)

# (function, name, e-mail): the staff the teaching team shows, added when missing.
STAFF = [
    ("Principal", "M. LEFEBVRE J.", "direction@clg-tilleuls.example"),
    ("Conseillère principale d'éducation", "Mme MOREAU C.", "vie-scolaire@clg-tilleuls.example"),
    ("Infirmière", "Mme GAUTHIER S.", None),
]


def add_school_life(school: School, today: date, seed: int) -> None:
    year = school.year_start.year
    _staff(school)
    _main_teachers(school)
    for parent in school.parents:
        if parent.login == "demo":
            parent.address = ["8 allée des Marronniers", "Appartement 12"]
            parent.postal_code, parent.city, parent.country = "49100", "Angers", "France"
            parent.phone_prefix, parent.phone = "33", "06 12 34 56 78"
    for index, child in enumerate(school.children):
        rng = random.Random(f"{seed}:{year}:{child.key}:school-life")
        _absences(school, child, seed, today, settled=index == 0)
        _delays(school, child, seed, today)
        _punishment(school, child, today, index)
        _observations(school, child, rng, today)
        if index == 1:
            _measure(school, child, today)


def function_holder(school: School, word: str) -> Staff | None:
    """The first staff member whose function contains ``word`` (case-insensitive)."""
    return next((s for s in school.staff if word.casefold() in s.function.casefold()), None)


def _staff(school: School) -> None:
    for function, name, email in STAFF:
        key = function.split()[0]
        if function_holder(school, key) is None and all(s.name != name for s in school.staff):
            school.staff.append(Staff(name, function, email))


def _main_teachers(school: School) -> None:
    order = {s.name: i for i, s in enumerate(school.subjects)}
    for school_class in school.classes:
        child = next((c for c in school.children if c.class_name == school_class.name), None)
        if child is None or school_class.main_teacher is not None:
            continue
        minutes: dict[tuple[str, str], int] = {}
        for lesson in child.timetable:
            key = (lesson.teacher, lesson.subject)
            minutes[key] = minutes.get(key, 0) + lesson.minutes
        if minutes:
            (teacher, _subject), _ = min(
                minutes.items(), key=lambda item: (-item[1], order.get(item[0][1], len(order)))
            )
            school_class.main_teacher = teacher


def _lesson_days(school: School, child: Child, period: Period) -> list[date]:
    """The school days of ``period`` on which the child has lessons, in order."""
    days = []
    day = period.start
    while day <= period.end:
        if school.lessons_on(child, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _held(school: School, child: Child, day: date) -> list:
    return [o for o in school.lessons_on(child, day) if o.kind == "cours" and not o.cancelled]


def _span(school: School, child: Child, day: date, morning_only: bool = False) -> tuple[datetime, datetime]:
    lessons = _held(school, child, day) or school.lessons_on(child, day)
    if morning_only:
        lessons = [o for o in lessons if o.start < school.grid.lunch_start] or lessons
    first, last = lessons[0], lessons[-1]
    start = datetime.combine(day, first.start)
    end = datetime.combine(day, last.start) + timedelta(minutes=last.minutes)
    return start, end


def _absences(school: School, child: Child, seed: int, today: date, settled: bool) -> None:
    """Two justified absences a period (in the first one, one over two school days in a row), one
    settled morning (first period, ``settled``), and one morning to justify on the last school day
    before ``today``. Drawn per period over the whole period, kept when a week old or more."""
    reasons = school.absence_reasons or ["DIVERS"]
    year = school.year_start.year
    found: list[Absence] = []
    for p_index, period in enumerate(school.grading_periods()):
        rng = random.Random(f"{seed}:{year}:{child.key}:{period.name}:absences")
        days = _lesson_days(school, child, period)
        if len(days) < 2:
            continue
        picked = sorted(rng.sample(days[:-1], min(len(days) - 1, 3 if settled and p_index == 0 else 2)))
        for number, day in enumerate(picked):
            if number == 2:
                # Settled by the vie scolaire without a justification: a morning, transport.
                start, end = _span(school, child, day, morning_only=True)
                reason = next((r for r in reasons if "TRANSPORT" in r), reasons[0])
                found.append(Absence(start, end, [reason], settled=True))
                continue
            start, end = _span(school, child, day)
            following = days[days.index(day) + 1]
            if (
                p_index == 0
                and number == 1
                and following - day <= timedelta(days=3)
                and following not in picked
            ):
                end = _span(school, child, following)[1]  # two school days in a row
            found.append(
                Absence(start, end, [reasons[(1 + number + p_index) % len(reasons)]], justified=True)
            )
    found = [a for a in found if a.end.date() <= today - timedelta(days=7)]
    recent = _last_lesson_day(school, child, today)
    if recent is not None and all(a.end.date() < recent for a in found):
        start, end = _span(school, child, recent, morning_only=True)
        found.append(Absence(start, end, [], to_justify_by_parents=True, reason_unknown=True))
    child.absences = sorted(found, key=lambda a: a.start)


def _last_lesson_day(school: School, child: Child, today: date) -> date | None:
    day = min(today, school.year_end + timedelta(days=1)) - timedelta(days=1)
    while day >= school.year_start:
        if school.lessons_on(child, day):
            return day
        day -= timedelta(days=1)
    return None


def _delays(school: School, child: Child, seed: int, today: date) -> None:
    """A period: one justified delay (transport), one justified and settled; in the first period
    also one to justify. On days without absence, kept when dated before ``today``."""
    reasons = school.delay_reasons or ["DIVERS"]
    year = school.year_start.year
    absent = {a.start.date() for a in child.absences} | {a.end.date() for a in child.absences}
    delays = []
    for p_index, period in enumerate(school.grading_periods()):
        rng = random.Random(f"{seed}:{year}:{child.key}:{period.name}:delays")
        days = [d for d in _lesson_days(school, child, period) if d not in absent]
        kinds = ["transport", "a_justifier", "regle"] if p_index == 0 else ["transport", "regle"]
        for kind, day in zip(kinds, sorted(rng.sample(days, min(len(kinds), len(days)))), strict=False):
            first = (_held(school, child, day) or school.lessons_on(child, day))[0]
            moment = datetime.combine(day, first.start)
            minutes = rng.choice([5, 10, 15, 20])
            if kind == "transport":
                reason = next((r for r in reasons if "TRANSPORT" in r), reasons[0])
                delay = Delay(moment, minutes, [reason], justified=True, justification="Bus en retard.")
            elif kind == "a_justifier":
                delay = Delay(moment, minutes, [], to_justify_by_parents=True, reason_unknown=True)
            else:
                delay = Delay(moment, minutes, [reasons[-1]], justified=True, settled=True)
            delays.append(delay)
    child.delays = sorted((d for d in delays if d.time.date() < today), key=lambda d: d.time)


def _punishment(school: School, child: Child, today: date, index: int) -> None:
    detention = next((e for e in child.extra_lessons if e.kind == "retenue"), None)
    if detention is None:
        return
    # The teacher asking for it: maths for the first child, history-geography for the others.
    subjects = [les.subject for les in child.timetable]
    wanted = "MATHÉMATIQUES" if index == 0 else "HISTOIRE-GÉOGRAPHIE"
    subject = wanted if wanted in subjects else subjects[0]
    day = detention.date - timedelta(days=2)
    while day >= school.year_start:
        lessons = [o for o in _held(school, child, day) if o.subject == subject]
        if lessons and day <= today:
            break
        day -= timedelta(days=1)
    else:
        return
    lesson = lessons[0]
    session = PunishmentSession(detention.date, detention.start, detention.minutes)
    if index == 0:
        document = Document(
            f"punition-{child.key}-exercices",
            "Exercices de la retenue.pdf",
            data=b64(
                make_pdf(
                    "Retenue : exercices a faire",
                    [
                        f"Eleve : {child.name}",
                        "Exercices 12 a 15 page 87 du manuel.",
                        "A rendre en fin de retenue.",
                    ],
                )
            ),
        )
        school.documents.append(document)
        punishment = Punishment(
            "Retenue",
            datetime.combine(day, lesson.start),
            lesson.teachers[0],
            ["Travail non fait"],
            circumstances="Exercices du chapitre 4 non faits pour la troisième fois.",
            homework="Exercices 12 à 15 page 87 du manuel.",
            homework_documents=[Attachment("Exercices de la retenue.pdf", document=document.key)],
            subject=subject,
            sessions=[session],
            minutes=detention.minutes,
        )
    else:
        punishment = Punishment(
            "Retenue",
            datetime.combine(day, lesson.start),
            lesson.teachers[0],
            ["Bavardages répétés", "Perturbation du cours"],
            circumstances="Bavardages malgré plusieurs rappels à l'ordre pendant la séance.",
            subject=subject,
            sessions=[session],
            acknowledgement=True,
            minutes=detention.minutes,
        )
    child.punishments = [punishment]


# (kind, heading, subject wanted, comment, read, acknowledgement), per child position.
OBSERVATIONS = [
    [
        ("observation", "Oubli de matériel", "ARTS PLASTIQUES", "Matériel de peinture oublié.", True, True),
        (
            "encouragement",
            "Encouragements",
            "MATHÉMATIQUES",
            "Très bonne participation, continue ainsi !",
            False,
            False,
        ),
    ],
    [
        (
            "observation",
            "Travail non fait",
            "HISTOIRE-GÉOGRAPHIE",
            "Questions sur le document non faites.",
            False,
            True,
        ),
        ("encouragement", "Félicitations", "FRANÇAIS", "Excellente récitation, bravo.", True, False),
    ],
]


def _observations(school: School, child: Child, rng: random.Random, today: date) -> None:
    """Drawn among the first period's days with a lesson of the subject; kept when before ``today``."""
    periods = school.grading_periods() or school.periods
    days = _lesson_days(school, child, periods[0])
    position = min(school.children.index(child), len(OBSERVATIONS) - 1)
    found = []
    for kind, title, wanted, comment, read, acknowledgement in OBSERVATIONS[position]:
        subject = (
            wanted if any(les.subject == wanted for les in child.timetable) else child.timetable[0].subject
        )
        with_lesson = [d for d in days if any(o.subject == subject for o in _held(school, child, d))]
        if not with_lesson:
            continue
        day = rng.choice(with_lesson)
        if day >= today:
            continue
        teacher = next(o.teachers[0] for o in _held(school, child, day) if o.subject == subject)
        found.append(Observation(day, kind, title, teacher, subject, comment, read, acknowledgement))
    child.observations = sorted(found, key=lambda o: o.date)


def _measure(school: School, child: Child, today: date) -> None:
    first = school.grading_periods()[0] if school.grading_periods() else school.periods[0]
    day = first.start + timedelta(weeks=6)
    while day < today and not school.is_school_day(day):
        day += timedelta(days=1)
    if day >= today:
        return
    start = day + timedelta(days=1)
    while not school.is_school_day(start):
        start += timedelta(days=1)
    end = start + timedelta(days=1)
    while not school.is_school_day(end):
        end += timedelta(days=1)
    principal = function_holder(school, "Principal")
    cpe = function_holder(school, "éducation")
    child.precautionary_measures = [
        PrecautionaryMeasure(
            datetime.combine(day, time(16, 30)),
            start,
            end,
            principal.name if principal else "",
            principal.function if principal else "",
            requested_by=cpe.name if cpe else "",
            reasons=["Violence verbale"],
            circumstances="Altercation avec un camarade dans la cour pendant la récréation.",
            comment="Dans l'attente de la rencontre avec la famille.",
            forbidden_access=["etablissement"],
            exclusion=True,
        )
    ]
