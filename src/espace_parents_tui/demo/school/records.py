"""The demo school's records beyond the timetable and the grades, in school terms: documents and
attachments, staff, discussions, news, homework and lesson contents, menus, events, vie scolaire,
competences and report cards. Re-exported by :mod:`.school` (import them from there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass
class Document:
    """A file the school serves (attachments of homework, lessons, messages, news; report PDFs).

    ``data`` holds the exact bytes, base64-encoded, so that a school file fully defines what a
    download returns.
    """

    key: str  # stable, unique in the school, e.g. "lea-maths-exercices-3"
    name: str  # the file name shown to parents: "Exercices chapitre 3.pdf"
    content_type: str = "application/pdf"
    data: str = ""  # base64


@dataclass
class Attachment:
    """What a page lists: a school document (``document`` = its key) or a link (``url``)."""

    name: str
    document: str | None = None
    url: str | None = None


@dataclass
class Staff:
    """A member of staff who is not a teacher: vie scolaire (CPE), direction, secretariat…"""

    name: str  # "Mme MOREAU C."
    function: str = ""  # "Conseillère principale d'éducation", "Principal"…
    email: str | None = None


# Messagerie: the labels (étiquettes) a discussion may carry, in school-file terms.
DISCUSSION_FOLDERS = ("brouillons", "corbeille")


@dataclass
class DiscussionMessage:
    """One message of a discussion; ``author`` is a teacher, a staff member or the parent, by name."""

    author: str
    sent: datetime
    text: str  # plain text, or HTML when ``html``
    html: bool = False
    attachments: list[Attachment] = field(default_factory=list)
    read: bool = True  # read by the parent (the parent's own messages always are)


@dataclass
class Discussion:
    """A discussion of the parent's Messagerie, with teachers and staff (``participants``, by name)."""

    key: str  # stable, unique among the parent's discussions
    subject: str
    participants: list[str]
    messages: list[DiscussionMessage] = field(default_factory=list)
    child: str | None = None  # the child it is about (key), if any
    closed: bool = False  # nobody can reply any more
    folder: str | None = None  # see DISCUSSION_FOLDERS


# Informations et sondages: question kinds, in school-file terms -> PRONOTE's genreReponse.
NEWS_QUESTION_KINDS = {
    "accuse": 0,  # the parent acknowledges having read it
    "texte": 1,  # a free text answer
    "choix_unique": 2,
    "choix_multiple": 3,
    "information": 4,  # text only, nothing to answer
    "sans_reponse": 5,  # a text block inside a survey
}


@dataclass
class NewsQuestion:
    """One part of a news item: its text (HTML), attachments, and what the parent may answer."""

    kind: str  # see NEWS_QUESTION_KINDS
    title: str = ""
    text: str = ""  # HTML
    attachments: list[Attachment] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)  # choix_unique, choix_multiple
    max_choices: int | None = None  # choix_multiple: at most this many (None: no limit)
    max_length: int = 1000  # texte: at most this many characters
    # The parent's answer, if already given: ``answer`` for texte ("" for accuse), ``chosen`` (1-based
    # ranks of ``choices``) for the choices; ``answered`` is when.
    answer: str | None = None
    chosen: list[int] = field(default_factory=list)
    answered: datetime | None = None


@dataclass
class NewsItem:
    """An item of Informations et sondages, shown from ``start`` to ``end`` (both included)."""

    key: str
    title: str
    category: str  # one of School.news_categories
    author: str
    created: datetime
    start: date
    end: date
    questions: list[NewsQuestion] = field(default_factory=list)
    survey: bool = False
    read: bool = False
    anonymous: bool = False  # a survey whose answers the school sees without names
    children: list[str] = field(default_factory=list)  # only for these children (keys); [] = all


# Cahier de textes: how homework is handed in, in school-file terms (the index is PRONOTE's genreRendu).
HAND_IN_KINDS = ("aucun", "papier", "depot", "kiosque", "audio")


@dataclass
class Homework:
    """« Travail à faire », given in the child's lesson of ``given`` (at ``given_start``), due ``due``."""

    subject: str
    given: date
    due: date
    description: str  # HTML, as the teacher typed it
    given_start: time | None = None  # the start of the lesson it was given in (None: the first that day)
    done: bool = False  # ticked "fait" (the server keeps the parent's changes for its run)
    attachments: list[Attachment] = field(default_factory=list)
    hand_in: str = "aucun"  # see HAND_IN_KINDS
    minutes: int = 0  # estimated time; 0: not given
    difficulty: int = 0  # 0 not given, 1 facile, 2 moyen, 3 difficile
    themes: list[str] = field(default_factory=list)


@dataclass
class LessonContent:
    """What a lesson covered (« contenu du cours »), for the child's lesson of ``date`` at ``start``."""

    date: date
    start: time
    title: str
    description: str = ""  # HTML
    category: str = "Cours"  # "Cours", "Exercices", "Devoir sur table"…
    attachments: list[Attachment] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


@dataclass
class Textbook:
    """A digital textbook (manuel numérique) offered with the cahier de textes."""

    title: str
    publisher: str
    subject: str
    url: str
    description: str = ""
    levels: list[str] = field(default_factory=list)  # class levels ("4e"); []: every level


# Menus: the courses of a meal, in school-file terms (the index is PRONOTE's dish kind), and meals.
COURSE_KINDS = ("entree", "plat", "accompagnement", "autre", "dessert", "fromage")
MEAL_KINDS = ("dejeuner", "diner")


@dataclass
class FoodTag:
    """A food label ("Bio") or an allergen ("Gluten"), with the colour PRONOTE shows it in."""

    name: str
    color: str  # "#RRGGBB"


@dataclass
class Dish:
    course: str  # see COURSE_KINDS
    name: str
    labels: list[str] = field(default_factory=list)  # names of School.food_labels
    allergens: list[str] = field(default_factory=list)  # names of School.allergens


@dataclass
class Meal:
    """The canteen's menu for one meal of one day (the same for every child)."""

    date: date
    dishes: list[Dish]
    kind: str = "dejeuner"  # see MEAL_KINDS
    name: str = ""


# Agenda: event kinds, in school-file terms.
EVENT_KINDS = (
    "evenement",
    "conseil_de_classe",
    "rencontre_parents_professeurs",
    "sortie",
    "election",
    "jour_ferie",
)


@dataclass
class SchoolEvent:
    """An event of the school's agenda, for some classes (``classes``; [] = the whole school)."""

    title: str
    start: datetime
    end: datetime
    kind: str = "evenement"  # see EVENT_KINDS
    all_day: bool = False  # only the days matter (the times are ignored)
    comment: str = ""
    classes: list[str] = field(default_factory=list)
    color: str | None = None  # "#RRGGBB"; None: the kind's colour
    attachments: list[Attachment] = field(default_factory=list)


# -- Vie scolaire, competences, report cards (PagePresence, DernieresEvaluations, PageBulletins) ----

# Teacher observations (PagePresence G 46): kind in school-file terms -> genreObservation.
OBSERVATION_KINDS = {"defaut_carnet": 0, "observation": 1, "encouragement": 2, "autre": 3}
# Precautionary measures: what the child may not enter, in school-file terms -> PRONOTE's code.
FORBIDDEN_ACCESS_KINDS = {"internat": 0, "etablissement": 1, "demi_pension": 2}
# Competence levels (niveaux d'acquisition): abbreviation -> label, as PRONOTE shows them.
COMPETENCE_LEVELS = {
    "A+": "Très bonne maîtrise",
    "A": "Maîtrise satisfaisante",
    "C": "Maîtrise fragile",
    "E": "Maîtrise insuffisante",
    "Abs": "Absent",
    "Disp": "Dispensé",
    "NE": "Non évalué",
}


@dataclass
class Absence:
    """A child's absence from ``start`` to ``end``; hours and days missed are counted by the server."""

    start: datetime
    end: datetime
    reasons: list[str] = field(default_factory=list)  # from School.absence_reasons
    justified: bool = False
    to_justify_by_parents: bool = False  # "à justifier par les parents"
    settled: bool = False  # "réglée" by the vie scolaire
    reason_unknown: bool = False  # "motif non encore connu"
    # The parents' justification (or declaration), waiting for the school when ``pending``.
    parent_reason: str | None = None  # from School.absence_reasons
    parent_comment: str = ""
    parent_documents: list[Attachment] = field(default_factory=list)
    pending: bool = False
    declared_by_parent: bool = False  # "Prévenir d'une absence"
    # The time and days missed as the school counted them (a support bundle's replay); absent: the
    # server counts them from the timetable.
    hours: str | None = None  # "3h30"
    days: int | None = None
    editable: bool | None = None  # "avecSaisie" as the parent saw it; absent: from the school's rules


@dataclass
class Delay:
    """A child's late arrival at ``time``, ``minutes`` late."""

    time: datetime
    minutes: int
    reasons: list[str] = field(default_factory=list)  # from School.delay_reasons
    justified: bool = False
    justification: str = ""  # the parents' comment
    to_justify_by_parents: bool = False
    settled: bool = False
    reason_unknown: bool = False
    parent_reason: str | None = None  # from School.delay_reasons
    pending: bool = False  # the parents' justification waits for the school
    editable: bool | None = None  # "avecSaisie" as the parent saw it (a support bundle's replay)


@dataclass
class PunishmentSession:
    """When a punishment (a detention) is served."""

    date: date
    start: time
    minutes: int


@dataclass
class Punishment:
    """A punishment (retenue, devoir supplémentaire, exclusion de cours…), asked at ``given``."""

    nature: str  # "Retenue", "Devoir supplémentaire"…
    given: datetime
    requested_by: str  # a teacher or staff member, by name
    reasons: list[str] = field(default_factory=list)
    circumstances: str = ""
    homework: str = ""  # work to do during or for the punishment
    homework_documents: list[Attachment] = field(default_factory=list)
    subject: str | None = None
    sessions: list[PunishmentSession] = field(default_factory=list)
    outside_lesson: bool = False  # "hors cours": asked outside a lesson
    exclusion: bool = False
    acknowledgement: bool = False  # parents are asked to acknowledge it
    minutes: int | None = None


@dataclass
class Observation:
    """A teacher's observation or encouragement in the child's carnet."""

    date: date
    kind: str  # see OBSERVATION_KINDS
    title: str  # the heading: "Oubli de matériel", "Encouragements"…
    teacher: str
    subject: str | None = None
    comment: str = ""
    read: bool = False  # read by the parent
    acknowledgement: bool = False  # parents are asked to acknowledge it


@dataclass
class PrecautionaryMeasure:
    """A precautionary measure (mesure conservatoire): no access from ``start`` to ``end``."""

    given: datetime
    start: date
    end: date
    decided_by: str  # "M. LEFEBVRE J."
    decided_by_function: str = ""  # "Principal"
    requested_by: str = ""
    nature: str = "Mesure conservatoire"
    reasons: list[str] = field(default_factory=list)
    circumstances: str = ""
    comment: str = ""
    forbidden_access: list[str] = field(default_factory=lambda: ["etablissement"])  # FORBIDDEN_ACCESS_KINDS
    exclusion: bool = False


@dataclass
class CompetenceResult:
    """One competence item of an evaluation and the level the child reached."""

    item: str  # "Lire avec fluidité"
    level: str  # a key of COMPETENCE_LEVELS
    domain: str  # "Lire"
    pillar: str  # "Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit"
    pillar_prefix: str = ""  # "D1.1"
    coefficient: int = 1


@dataclass
class Evaluation:
    """A competence evaluation (évaluation par compétences), published from ``date``."""

    subject: str
    date: date
    period: str
    name: str
    teacher: str
    description: str = ""
    coefficient: float = 1
    levels: list[str] = field(default_factory=list)  # paliers: "Cycle 4"
    results: list[CompetenceResult] = field(default_factory=list)


@dataclass
class SubjectAppraisal:
    """A subject's line of a report card: the teacher's appraisal (averages come from the grades)."""

    subject: str
    appraisal: str
    coefficient: float = 1
    # The subject's teachers as the report card named them (a support bundle's replay); absent: the
    # teachers of the subject in the child's timetable.
    teachers: list[str] | None = None


@dataclass
class GeneralAppraisal:
    """A general appraisal of a report card: "Appréciation globale", "Vie scolaire (CPE)"…"""

    title: str
    text: str


@dataclass
class ReportCard:
    """A published report card (bulletin) of one period; its PDF is a school document."""

    period: str
    subjects: list[SubjectAppraisal] = field(default_factory=list)
    appraisals: list[GeneralAppraisal] = field(default_factory=list)
    document: str | None = None  # key of the PDF in School.documents
