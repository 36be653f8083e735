"""The demo school's Messagerie: the parent's discussions with each child's teachers and the staff.

``add_messaging(school, today, seed)`` gives the demo parent, for each child, a dozen discussions
(its own ``random.Random`` seeded from the seed, the school year and the child, for the times):
with the child's teachers (found in the timetable), the vie scolaire (CPE) and the principal;
some started by the parent, some unread, three with a PDF attachment, one closed, one in the
drafts label and one in the trash label, HTML and plain-text messages. They are spread over the
school year up to today: the first message of the last discussion is today at 07:30, every other
message is before it, so what was written does not change from one day to the next except the
spread itself.

The staff it needs (principal, CPE) are those of the school when it has them (matched by
function), else added with the names the vie scolaire generator uses.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .documents import b64, make_pdf
from .model import Child, Parent, School
from .records import Attachment, Discussion, DiscussionMessage, Document, Staff

FR, MA, HG, EN = "FRANÇAIS", "MATHÉMATIQUES", "HISTOIRE-GÉOGRAPHIE", "ANGLAIS LV1"
PC, SVT, TE, AP, EPS = "PHYSIQUE-CHIMIE", "SVT", "TECHNOLOGIE", "ARTS PLASTIQUES", "ED.PHYSIQUE & SPORTIVE"
CPE, PRINCIPAL = "cpe", "principal"
ME = "parent"

# (function word, name, function, e-mail): used only when the school has nobody with that function.
STAFF = {
    CPE: ("Mme MOREAU C.", "Conseillère principale d'éducation", "vie-scolaire@clg-tilleuls.example"),
    PRINCIPAL: ("M. LEFEBVRE J.", "Principal", "direction@clg-tilleuls.example"),
}
_FUNCTION_WORDS = {CPE: ("conseill", "cpe"), PRINCIPAL: ("principal",)}

# One discussion: (slug, subject, other participants (subjects or staff roles), messages, options).
# A message: (author role or ME, text, is HTML, attachment (file name, PDF title) or None, read).
# Texts may use {prenom} (the child's first name) and {classe}.
Template = tuple[str, str, list[str], list[tuple[str, str, bool, tuple[str, str] | None, bool]], dict]

TEMPLATES: list[Template] = [
    (
        "reunion",
        "Rencontre parents-professeurs : {prenom}",
        [FR],
        [
            (
                FR,
                "<div>Bonjour Madame,</div><div>Je souhaiterais vous rencontrer pour faire le point sur le "
                "travail de {prenom} en ce début d'année.</div><div>Seriez-vous disponible jeudi à 17h ?"
                "</div><div>Cordialement.</div>",
                True,
                None,
                True,
            ),
            (ME, "Bonjour,\nJeudi 17h me convient très bien. Merci.\nMme MARTIN", False, None, True),
            (FR, "<div>Parfait, à jeudi en salle des professeurs.</div>", True, None, True),
        ],
        {},
    ),
    (
        "absence",
        "Absence de {prenom}",
        [CPE],
        [
            (
                CPE,
                "Bonjour,\n{prenom} a été absent(e) ce matin. Merci de régulariser l'absence dans "
                "l'Espace Parents ou par un mot dans le carnet de liaison.\nLa vie scolaire",
                False,
                None,
                True,
            ),
            (
                ME,
                "Bonjour, {prenom} avait rendez-vous chez le dentiste. Je fais le mot ce soir.",
                False,
                None,
                True,
            ),
        ],
        {},
    ),
    (
        "devoir",
        "Devoir maison de {prenom}",
        [MA],
        [
            (
                ME,
                "Bonjour Monsieur,\n{prenom} ne comprend pas l'exercice 3 du devoir maison. "
                "Pourriez-vous préciser la consigne ?\nMerci d'avance.",
                False,
                None,
                True,
            ),
            (
                MA,
                "<p>Bonjour,</p><p>Il s'agit de <b>développer</b> puis de <b>réduire</b> l'expression. "
                "Je reprendrai la méthode en classe mardi.</p>",
                True,
                None,
                False,
            ),
        ],
        {},
    ),
    (
        "revisions",
        "Révisions de {prenom} pour le contrôle",
        [EN],
        [
            (
                EN,
                "<div>Hello,</div><div>Vous trouverez ci-joint la fiche de révision du contrôle de la "
                "semaine prochaine (verbes irréguliers et vocabulaire).</div>",
                True,
                ("Fiche de révision.pdf", "Fiche de révision - anglais"),
                False,
            ),
        ],
        {},
    ),
    (
        "sortie",
        "Sortie au musée : autorisation pour {prenom}",
        [HG],
        [
            (
                HG,
                "Bonjour,\nLa classe visitera le musée d'histoire le mois prochain. L'autorisation de sortie "
                "est jointe : merci de la rendre signée.\nCordialement.",
                False,
                ("Autorisation de sortie.pdf", "Autorisation de sortie pédagogique"),
                True,
            ),
            (ME, "Bonjour, l'autorisation est signée, {prenom} vous la remettra demain.", False, None, True),
            (HG, "Bien reçu, merci. Je clos la discussion.", False, None, True),
        ],
        {"closed": True},
    ),
    (
        "dispense",
        "Dispense d'EPS de {prenom}",
        [EPS],
        [
            (
                ME,
                "Bonjour,\n{prenom} s'est foulé la cheville ce week-end. Le certificat médical suit.",
                False,
                None,
                True,
            ),
        ],
        {"folder": "brouillons"},
    ),
    (
        "carnet",
        "Carnet de liaison de {prenom}",
        [CPE],
        [
            (
                CPE,
                "Bonjour,\n{prenom} a oublié son carnet de liaison trois fois ce mois-ci. Merci d'y veiller.",
                False,
                None,
                True,
            ),
            (ME, "Bonjour, c'est noté, nous y veillerons.", False, None, True),
        ],
        {"folder": "corbeille"},
    ),
    (
        "comportement",
        "Bavardages de {prenom} en classe",
        [SVT],
        [
            (
                SVT,
                "<div>Bonjour,</div><div>{prenom} bavarde beaucoup pendant les activités de groupe, ce qui "
                "gêne ses camarades. Pourriez-vous en parler avec {prenom} ?</div>",
                True,
                None,
                True,
            ),
            (ME, "Bonjour, merci de nous avoir prévenus, nous allons en discuter.", False, None, True),
            (SVT, "<div>Merci. Je constate déjà un net progrès cette semaine.</div>", True, None, False),
        ],
        {},
    ),
    (
        "conseil",
        "Conseil de classe de la {classe}",
        [PRINCIPAL, FR],
        [
            (
                PRINCIPAL,
                "<p>Madame,</p><p>Le conseil de classe de la {classe} se réunira prochainement. Les "
                "représentants des parents recueillent vos remarques jusqu'à vendredi.</p>"
                "<p>Le principal</p>",
                True,
                None,
                True,
            ),
        ],
        {},
    ),
    (
        "materiel",
        "Matériel d'arts plastiques pour {prenom}",
        [AP],
        [
            (
                ME,
                "Bonjour,\nQuel matériel faut-il acheter pour le prochain projet ?\nMerci.",
                False,
                None,
                True,
            ),
            (AP, "Bonjour, une boîte de pastels et un carnet de croquis A4 suffiront.", False, None, True),
        ],
        {},
    ),
    (
        "retard",
        "Retards de {prenom}",
        [CPE],
        [
            (
                CPE,
                "Bonjour,\n{prenom} est arrivé(e) en retard plusieurs matins cette semaine. Merci de nous "
                "contacter si une difficulté de transport se présente.\nLa vie scolaire",
                False,
                None,
                False,
            ),
        ],
        {},
    ),
    (
        "projet",
        "Projet de technologie de {prenom}",
        [TE],
        [
            (
                TE,
                "<div>Bonjour,</div><div>Voici le cahier des charges du projet de fin de trimestre. "
                "{prenom} doit apporter une clé USB à chaque séance.</div>",
                True,
                ("Cahier des charges.pdf", "Projet de technologie - cahier des charges"),
                False,
            ),
        ],
        {},
    ),
]


def add_messaging(school: School, today: date, seed: int) -> None:
    parent = next((p for p in school.parents if p.login == "demo"), None) or (
        school.parents[0] if school.parents else None
    )
    if parent is None:
        return
    year = school.year_start.year
    staff = {role: _staff(school, role) for role in STAFF}
    for index, child in enumerate(parent.children):
        rng = random.Random(f"{seed}:{year}:{child.key}:messaging")
        _discussions(school, parent, child, staff, today, rng, shift=0.4 * (index % 2))


def _staff(school: School, role: str) -> Staff:
    for person in school.staff:
        if any(word in person.function.casefold() for word in _FUNCTION_WORDS[role]):
            return person
    name, function, email = STAFF[role]
    person = Staff(name, function, email)
    school.staff.append(person)
    return person


def _teachers(child: Child) -> dict[str, str]:
    found: dict[str, str] = {}
    for lesson in child.timetable:
        found.setdefault(lesson.subject, lesson.teacher)
    return found


def _window(school: School, today: date) -> tuple[datetime, datetime]:
    """From a week before the first lesson to today 07:30 (or the last lesson day, in summer)."""
    last = min(today, school.year_end)
    first = school.year_start - timedelta(days=7)
    end = datetime.combine(last, time(7, 30))
    return min(datetime.combine(first, time(8, 0)), end - timedelta(days=1)), end


def _discussions(
    school: School,
    parent: Parent,
    child: Child,
    staff: dict[str, Staff],
    today: date,
    rng: random.Random,
    shift: float,
) -> None:
    teachers = _teachers(child)
    first_name = child.name.split()[-1]
    start, end = _window(school, today)
    span = end - start
    count = len(TEMPLATES)
    for number, (slug, subject, roles, messages, options) in enumerate(TEMPLATES):
        people = {role: staff[role].name if role in staff else teachers.get(role) for role in roles}
        if any(name is None for name in people.values()):
            continue  # a subject the child does not have
        if number == count - 1:
            moment = end  # the newest discussion starts today at 07:30
        else:
            moment = start + span * (number + 0.3 + shift) / count
            moment = moment.replace(
                hour=rng.randint(8, 17), minute=rng.choice((0, 10, 20, 30, 40, 50)), second=0, microsecond=0
            )
            moment = min(moment, end - timedelta(hours=len(messages)))
        written: list[DiscussionMessage] = []
        for index, (role, text, html, attachment, read) in enumerate(messages):
            if index:
                moment = _later(moment, rng)
                moment = min(moment, end - timedelta(minutes=len(messages) - index))
                moment = max(moment, written[-1].sent + timedelta(minutes=1))
            author = parent.name if role == ME else people[role]
            files = []
            if attachment is not None:
                files.append(_document(school, child, slug, attachment))
            body = text.format(prenom=first_name, classe=child.class_name)
            written.append(DiscussionMessage(author, moment, body, html, files, read or role == ME))
        parent.discussions.append(
            Discussion(
                key=f"{child.key}-{slug}",
                subject=subject.format(prenom=first_name, classe=child.class_name),
                participants=list(dict.fromkeys(people.values())),  # type: ignore[arg-type]
                messages=written,
                child=child.key,
                closed=bool(options.get("closed")),
                folder=options.get("folder"),
            )
        )


def _later(moment: datetime, rng: random.Random) -> datetime:
    """A few hours to a day later, in the daytime (7h to 21h)."""
    later = moment + timedelta(hours=rng.randint(2, 30), minutes=rng.choice((0, 5, 15, 25, 35)))
    if later.hour >= 21:
        later = (later + timedelta(days=1)).replace(hour=rng.randint(7, 9))
    elif later.hour < 7:
        later = later.replace(hour=rng.randint(7, 9))
    return later


def _document(school: School, child: Child, slug: str, attachment: tuple[str, str]) -> Attachment:
    name, title = attachment
    key = f"message-{child.key}-{slug}"
    if school.document(key) is None:
        lines = [f"Élève : {child.name} ({child.class_name})", school.name]
        school.documents.append(Document(key, name, "application/pdf", b64(make_pdf(title, lines))))
    return Attachment(name, document=key)
