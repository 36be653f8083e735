"""The demo school's account and meetings: the parent's contact preferences, the password rules, each
child's data (Léa: allergies and a doctor, editable comment; Hugo: a diet, exit authorisation to
choose), and three meeting sessions around ``today``:

- "Rencontres parents-professeurs du 1er trimestre" in 9 days, wishes open until ``today + 2``;
- "Rencontres de rentrée" in 2 days, wishes closed, planning published (two of Léa's meetings and
  one of Hugo's overlap: a conflict to show);
- "Réunion de fin d'année" long past, closed by the school.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from .account_records import ChildAccount, MeetingOffer, MeetingSession
from .model import Child, School


def add_account(school: School, today: date, seed: int) -> None:
    parent = school.parents[0]
    parent.account.landline_prefix = "33"
    parent.account.landline = "0472000000"
    children = {c.key: c for c in school.children}
    lea, hugo = children.get("lea"), children.get("hugo")
    if lea is not None:
        lea.account = ChildAccount(
            login="lea.martin",
            medical_comment="Asthme léger : ventoline dans le sac.",
            hospitalisation_allowed=True,
            doctor_name="Dr BERNARD Anne",
            doctor_phone="0478000001",
            doctor_city="Lyon",
            allergies=["Arachide"],
            allergies_editable=True,
            eats_at_canteen=True,
            exit_choices=["Sortie libre", "Sortie après le dernier cours", "Aucune sortie"],
            exit_choice="Sortie après le dernier cours",
            exit_editable=False,
            image_right=True,
        )
    if hugo is not None:
        hugo.account = ChildAccount(
            login="hugo.martin",
            parents_set_password=True,
            medical_comment="",
            medical_comment_editable=False,
            diets=["Sans porc"],
            diets_editable=True,
            exit_choices=["Sortie libre", "Sortie après le dernier cours", "Aucune sortie"],
            exit_choice="Aucune sortie",
            exit_editable=True,
            image_right=False,
        )
    school.meeting_sessions = [
        _open_session(school, today),
        _published_session(school, today),
        MeetingSession(
            key="fin-2025",
            name="Réunion de fin d'année",
            day=today - timedelta(days=160),
            start=time(17, 0),
            end=time(19, 0),
            wishes_from=today - timedelta(days=190),
            wishes_until=today - timedelta(days=170),
            closed=True,
            published=True,
        ),
    ]


def _teachers(child: Child) -> list[tuple[str, str]]:
    """(teacher, subject) pairs of the child's week, in timetable order, each once."""
    seen: list[tuple[str, str]] = []
    for lesson in child.timetable:
        pair = (lesson.teacher, lesson.subject)
        if lesson.teacher and pair not in seen and all(t != lesson.teacher for t, _ in seen):
            seen.append(pair)
    return seen


def _open_session(school: School, today: date) -> MeetingSession:
    session = MeetingSession(
        key="t1",
        name="Rencontres parents-professeurs du 1er trimestre",
        day=today + timedelta(days=9),
        start=time(16, 30),
        end=time(19, 30),
        wishes_from=today - timedelta(days=10),
        wishes_until=today + timedelta(days=2),
        information="Indiquez les professeurs que vous souhaitez rencontrer avant la date limite.",
    )
    for child in school.children:
        for index, (teacher, subject) in enumerate(_teachers(child)[:5]):
            session.offers.append(
                MeetingOffer(
                    key=f"{child.key}-{index}",
                    child=child.key,
                    teacher=teacher,
                    role=subject,
                    minutes=10,
                    wish=1 if index == 0 else None,
                    requested_by_teacher=index == 2,
                )
            )
    return session


def _published_session(school: School, today: date) -> MeetingSession:
    session = MeetingSession(
        key="rentree",
        name="Rencontres de rentrée",
        day=today + timedelta(days=2),
        start=time(17, 0),
        end=time(19, 0),
        wishes_from=today - timedelta(days=30),
        wishes_until=today - timedelta(days=5),
        published=True,
    )
    # Léa's two meetings overlap (17h00 for 15 min, 17h10): the parent must choose.
    slots = {
        "lea": [(time(17, 0), 15, "Salle 104"), (time(17, 10), 10, "Salle 212")],
        "hugo": [(time(17, 30), 10, "Salle 008")],
    }
    for child in school.children:
        for index, (teacher, subject) in enumerate(_teachers(child)[: len(slots.get(child.key, []))]):
            start, minutes, room = slots[child.key][index]
            session.offers.append(
                MeetingOffer(
                    key=f"{child.key}-{index}",
                    child=child.key,
                    teacher=teacher,
                    role=subject,
                    minutes=minutes,
                    wish=2 if index == 0 else 1,
                    slot=start,
                    room=room,
                )
            )
    return session
