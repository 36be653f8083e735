"""Cahier de textes: homework (« travail à faire »), lesson contents, digital textbooks.

Descriptions come as PRONOTE HTML; each model keeps both the readable text (``description``, from
``html_to_text``) and the HTML exactly as sent (``description_html``) so that a view may show the
formatting. Neither is ever interpreted as markup by the client itself.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from espace_parents_tui.models.core import Attachment, Subject
from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_


class HandIn(enum.IntEnum):
    """How homework is handed in (``genreRendu``, pawnote-papillon.md §1.2)."""

    NONE = 0
    PAPER = 1
    UPLOAD = 2
    KIOSK = 3
    AUDIO = 4

    @property
    def label(self) -> str:
        return HAND_IN_LABELS[self]


HAND_IN_LABELS = {
    HandIn.NONE: "",
    HandIn.PAPER: N_("À rendre sur papier"),
    HandIn.UPLOAD: N_("À déposer dans l'Espace"),
    HandIn.KIOSK: N_("À rendre dans le kiosque numérique"),
    HandIn.AUDIO: N_("Enregistrement audio à déposer"),
}

# ``niveauDifficulte``: 0 not given, then easy to hard (the labels are PRONOTE's; values inferred).
DIFFICULTY_LABELS = {0: "", 1: N_("Facile"), 2: N_("Moyen"), 3: N_("Difficile")}


@dataclass(frozen=True)
class Homework:
    """One item of « travail à faire »."""

    id: str
    subject: Subject
    due: date
    description: str  # readable text
    description_html: str = ""  # as sent
    given: date | None = None
    done: bool = False
    attachments: tuple[Attachment, ...] = ()
    # ``genreRendu``: a known HandIn, or the server's number when it is one we do not know.
    hand_in: HandIn | int = HandIn.NONE
    # Estimated time in minutes (``duree``), ``None`` when not given.
    minutes: int | None = None
    difficulty: int = 0
    themes: tuple[str, ...] = ()
    # The lesson book entry (``cahierDeTextes.N``) the homework was given in.
    lesson_book_id: str | None = None
    color: str | None = None

    @property
    def hand_in_label(self) -> str:
        return self.hand_in.label if isinstance(self.hand_in, HandIn) else ""

    @property
    def difficulty_label(self) -> str:
        return DIFFICULTY_LABELS.get(self.difficulty, "")


@dataclass(frozen=True)
class LessonContent:
    """One content of a lesson (« contenu du cours »): a title, a text, a category, attachments."""

    title: str
    description: str = ""
    description_html: str = ""
    category: str = ""  # "Cours", "Exercices", "Devoir sur table"…
    category_kind: int | None = None
    attachments: tuple[Attachment, ...] = ()
    themes: tuple[str, ...] = ()
    id: str | None = None


@dataclass(frozen=True)
class LessonBookEntry:
    """A lesson as the cahier de textes lists it (``ListeCahierDeTextes``), with its contents."""

    id: str
    start: datetime
    end: datetime | None = None
    subject: Subject | None = None
    teachers: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    # The timetable lesson (``cours.N``): the same id as :attr:`Lesson.id` in this session.
    lesson_id: str | None = None
    color: str | None = None
    contents: tuple[LessonContent, ...] = ()

    @property
    def category(self) -> str:
        """The category of the first content that has one ("Cours", "Devoir sur table"…)."""
        return next((c.category for c in self.contents if c.category), "")


@dataclass(frozen=True)
class DigitalResource:
    """A digital textbook or resource offered with the cahier de textes (parent-features.md §8)."""

    title: str
    id: str | None = None
    publisher: str = ""
    description: str = ""
    subject: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class HomeworkBook:
    """What one ``PageCahierDeTexte`` answer holds; the lists it did not carry are empty."""

    homework: tuple[Homework, ...] = ()
    lessons: tuple[LessonBookEntry, ...] = ()
    resources: tuple[DigitalResource, ...] = ()
