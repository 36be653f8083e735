"""What the demo school lets parents do online, and what it asks of them.

``add_parent_actions(school, today, seed)`` runs after the vie scolaire is drawn
(:mod:`.generate_school_life`) and adds, deterministically:

- the **rules**: the demo parent may warn of an absence ahead, up to 30 days ahead; "MALADIE AVEC
  CERTIFICAT" needs a comment or a document. The two children differ: for the first child the
  parents justify absences and delays within 30 days; for the second only absences, always with a
  document, with no time limit, and the school does not take declarations ahead for them;
- **absences and delays in every state** beside those already drawn (justified, settled, to
  justify): for each child, at fixed weeks of the year (so that what is past does not change from
  one day to the next), an absence to justify from the fifth week (in late November, too old for
  the first child's 30 days, still open for the second), one justified by the parents and waiting
  for the school (tenth week) and a delay to justify (eleventh week); for the first child an
  absence declared ahead by the parents, a week from ``today``;
- **documents to provide** in every state (missing, provided, validated, refused, past its
  deadline, deposited by the school), **documents to download** (for everyone and for one child)
  and a **locker** document for each child.

Days are chosen among the child's lesson days with no absence or delay yet.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .documents import b64, make_pdf
from .model import Child, School
from .parent_records import LockerDocument, OfferedDocument, ParentRules, RequestedDocument
from .records import Absence, Attachment, Delay, Document

CERTIFICATE_REASON = "MALADIE AVEC CERTIFICAT"


def add_parent_actions(school: School, today: date, seed: int) -> None:
    school.reasons_needing_justification = [r for r in school.absence_reasons if r == CERTIFICATE_REASON]
    school.declare_absence_days = 30
    for parent in school.parents:
        parent.declare_absences = True
    for index, child in enumerate(school.children):
        if index == 0:
            child.parent_rules = ParentRules(justify_within_days=30)
        else:
            child.parent_rules = ParentRules(
                justify_delays=False, document_required=True, declare_absences=False
            )
        _events(school, child, today, first=index == 0)
        _requested(school, child, today, first=index == 0)
    _offered(school, today)


def _pdf(school: School, key: str, name: str, title: str, lines: list[str]) -> str:
    school.documents.append(Document(key, name, data=b64(make_pdf(title, lines))))
    return key


def _busy(child: Child) -> set[date]:
    days = {a.start.date() for a in child.absences} | {a.end.date() for a in child.absences}
    return days | {d.time.date() for d in child.delays}


def _free_day(school: School, child: Child, start: date, step: int) -> date | None:
    """The first lesson day from ``start`` (going by ``step`` days) without an event yet."""
    busy, day = _busy(child), start
    while school.year_start <= day <= school.year_end:
        if day not in busy and school.lessons_on(child, day):
            return day
        day += timedelta(days=step)
    return None


def _lessons(school: School, child: Child, day: date) -> tuple[datetime, datetime]:
    lessons = [o for o in school.lessons_on(child, day) if not o.cancelled] or school.lessons_on(child, day)
    morning = [o for o in lessons if o.start < school.grid.lunch_start] or lessons
    first, last = morning[0], morning[-1]
    return datetime.combine(day, first.start), datetime.combine(day, last.start) + timedelta(
        minutes=last.minutes
    )


def _past(school: School, child: Child, weeks: int, today: date) -> date | None:
    """A free lesson day from ``weeks`` weeks after the first day of the year, when before ``today``:
    the same day whatever ``today`` is (what is past does not change from one day to the next)."""
    day = _free_day(school, child, school.year_start + timedelta(weeks=weeks), 1)
    return day if day is not None and day < today else None


def _events(school: School, child: Child, today: date, first: bool) -> None:
    reasons = school.absence_reasons or ["DIVERS"]
    old = _past(school, child, 5, today)
    if old is not None:
        start, end = _lessons(school, child, old)
        child.absences.append(Absence(start, end, [], to_justify_by_parents=True, reason_unknown=True))
    waiting = _past(school, child, 10, today)
    if waiting is not None:
        start, end = _lessons(school, child, waiting)
        absence = Absence(start, end, [], to_justify_by_parents=True, reason_unknown=True, pending=True)
        if first:
            absence.parent_reason = next((r for r in reasons if "SANS CERTIFICAT" in r), reasons[0])
            absence.parent_comment = "Fièvre : gardée à la maison."
        else:
            absence.parent_reason = next((r for r in reasons if r == CERTIFICATE_REASON), reasons[0])
            key = _pdf(
                school,
                f"justificatif-{child.key}-certificat",
                "Certificat médical.pdf",
                "Certificat medical",
                [
                    f"Eleve : {child.name}",
                    f"Absence du {waiting:%d/%m/%Y}",
                    "Dr BERNARD, medecin generaliste",
                ],
            )
            absence.parent_documents = [Attachment("Certificat médical.pdf", document=key)]
        child.absences.append(absence)
    if first:
        ahead = _free_day(school, child, today + timedelta(days=7), 1)
        if ahead is not None:
            start, end = _lessons(school, child, ahead)
            child.absences.append(
                Absence(
                    start,
                    end,
                    [],
                    parent_reason=next((r for r in reasons if "FAMILIALE" in r), reasons[0]),
                    parent_comment="Rendez-vous chez l'orthodontiste.",
                    pending=True,
                    declared_by_parent=True,
                )
            )
    late = _past(school, child, 11, today)
    if late is not None:
        moment = _lessons(school, child, late)[0]
        child.delays.append(Delay(moment, 10, [], to_justify_by_parents=True, reason_unknown=True))
    child.absences.sort(key=lambda a: a.start)
    child.delays.sort(key=lambda d: d.time)


def _requested(school: School, child: Child, today: date, first: bool) -> None:
    def deposited(key: str, name: str) -> str:
        return _pdf(
            school, f"depot-{child.key}-{key}", name, name.rsplit(".", 1)[0], [f"Eleve : {child.name}"]
        )

    insurance = RequestedDocument(
        "assurance",
        "Attestation d'assurance scolaire",
        deadline=today + timedelta(days=14),
        late_allowed=not first,
    )
    if first:
        child.requested_documents = [
            insurance,
            RequestedDocument(
                "fiche-sanitaire",
                "Fiche sanitaire de liaison",
                deadline=today + timedelta(days=30),
                state="fourni",
                document=deposited("fiche-sanitaire", "Fiche sanitaire.pdf"),
                deposited=today - timedelta(days=6),
            ),
            RequestedDocument(
                "autorisation-londres",
                "Autorisation de sortie du territoire (voyage à Londres)",
                deadline=today + timedelta(days=20),
                state="valide",
                document=deposited("autorisation-londres", "AST Léa.pdf"),
                deposited=today - timedelta(days=20),
            ),
            RequestedDocument(
                "domicile",
                "Justificatif de domicile",
                deadline=today + timedelta(days=10),
                state="refuse",
                document=deposited("domicile", "Facture.pdf"),
                deposited=today - timedelta(days=12),
                refusal="Document illisible : merci de déposer un scan net de moins de 3 mois.",
            ),
            RequestedDocument(
                "certificat-eps", "Certificat médical pour l'EPS", deadline=today - timedelta(days=5)
            ),
        ]
    else:
        child.requested_documents = [
            insurance,
            RequestedDocument(
                "photo",
                "Photo d'identité",
                state="fourni",
                document=deposited("photo", "Photo Hugo.pdf"),
                deposited=today - timedelta(days=15),
            ),
            RequestedDocument(
                "fiche-renseignements",
                "Fiche de renseignements (remplie par l'établissement)",
                editable=False,
                state="valide",
                document=deposited("fiche-renseignements", "Fiche de renseignements.pdf"),
                deposited=school.year_start,
                by_school=True,
            ),
        ]
    key = _pdf(
        school,
        f"casier-{child.key}",
        "Convocation.pdf" if first else "Compte rendu réunion.pdf",
        "Convocation au brevet blanc" if first else "Reunion parents-professeurs",
        [f"Eleve : {child.name}"],
    )
    child.locker = [
        LockerDocument(
            "Convocation au brevet blanc" if first else "Compte rendu de la réunion parents-professeurs",
            key,
            category="Vie scolaire",
            date=today - timedelta(days=2 if first else 20),
            read=not first,
            author="Mme MOREAU C.",
        )
    ]


def _offered(school: School, today: date) -> None:
    rules = _pdf(
        school, "reglement-interieur", "Règlement intérieur.pdf", "Reglement interieur", [school.name]
    )
    school.offered_documents = [
        OfferedDocument("Règlement intérieur", rules, category="Établissement", date=school.year_start)
    ]
    first = school.children[0] if school.children else None
    if first is not None:
        key = _pdf(
            school,
            f"scolarite-{first.key}",
            "Certificat de scolarité.pdf",
            "Certificat de scolarite",
            [f"Eleve : {first.name}", f"Annee scolaire {school.year_label}"],
        )
        first.offered_documents = [
            OfferedDocument("Certificat de scolarité", key, category="Scolarité", date=school.year_start)
        ]
