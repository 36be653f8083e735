"""Informations et sondages: the school's news items and surveys, and the parent's answers.

The content of an item is its list of questions (``listeQuestions``): an information is one text
(which may ask to be acknowledged), a survey is a series of texts and questions. Texts keep the
readable form (``text``, from ``html_to_text``) and the HTML exactly as sent (``html``).
"""

from __future__ import annotations

import enum
from datetime import datetime

from espace_parents_tui.models.core import Attachment
from espace_parents_tui.models.record import dataclass


class AnswerKind(enum.IntEnum):
    """``genreReponse`` of a question (parent-features.md §13, TypeGenreReponseInternetActualite)."""

    ACKNOWLEDGE = 0  # "J'ai pris connaissance de cette information"
    TEXT = 1
    SINGLE_CHOICE = 2
    MULTIPLE_CHOICE = 3
    NO_ACKNOWLEDGE = 4  # text only
    NO_ANSWER = 5  # a text block inside a survey


ANSWERABLE = frozenset(
    {AnswerKind.ACKNOWLEDGE, AnswerKind.TEXT, AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE}
)


@dataclass(frozen=True)
class NewsCategory:
    id: str
    name: str
    is_default: bool = False


@dataclass(frozen=True)
class NewsChoice:
    """A choice of a choice question; ``rank`` (1-based) is what an answer names."""

    label: str
    rank: int
    id: str | None = None
    free: bool = False  # "Autre : …", answered with a text (estReponseLibre)


@dataclass(frozen=True)
class NewsAnswer:
    """The parent's answer to one question, as the server keeps it."""

    id: str | None = None
    answered: bool = False
    text: str = ""  # text questions (and "" for an acknowledgement)
    choices: tuple[int, ...] = ()  # 1-based ranks of the chosen choices
    free_text: str = ""  # the text of a free choice
    answered_at: datetime | None = None
    expected: bool = False  # the school expects an answer (estReponseAttendue)


@dataclass(frozen=True)
class NewsQuestion:
    id: str
    kind: int  # AnswerKind value as sent (unknown kinds are kept and treated as text only)
    title: str = ""
    text: str = ""  # readable text
    html: str = ""  # as sent
    rank: int = 0
    attachments: tuple[Attachment, ...] = ()
    choices: tuple[NewsChoice, ...] = ()
    max_length: int | None = None  # tailleReponse
    max_choices: int | None = None  # nombreReponsesMax when avecMaximum
    answer: NewsAnswer | None = None
    kind_id: int | None = None  # the question element's own G, echoed in answers when given

    @property
    def answerable(self) -> bool:
        return self.kind in ANSWERABLE

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.answered


@dataclass(frozen=True)
class NewsItem:
    """An information or a survey.

    ``audience_genre`` / ``audience_id`` / ``audience_kind`` are who it was published for
    (``genrePublic`` and ``public``), sent back as they came when the parent writes.
    """

    id: str
    title: str
    category: str = ""
    category_id: str | None = None
    author: str = ""
    created: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None
    read: bool = False
    is_survey: bool = False
    is_information: bool = True
    anonymous: bool = False
    questions: tuple[NewsQuestion, ...] = ()
    audience_genre: int | None = None
    audience_id: str | None = None
    audience_kind: int | None = None

    @property
    def content(self) -> str:
        """The readable text of the item: its texts, one paragraph each."""
        return "\n\n".join(q.text for q in self.questions if q.text)

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        return tuple(a for q in self.questions for a in q.attachments)

    @property
    def needs_acknowledgement(self) -> bool:
        """An acknowledgement is asked for and not given yet."""
        return any(q.kind == AnswerKind.ACKNOWLEDGE and not q.answered for q in self.questions)

    @property
    def acknowledged(self) -> bool:
        acks = [q for q in self.questions if q.kind == AnswerKind.ACKNOWLEDGE]
        return bool(acks) and all(q.answered for q in acks)

    @property
    def unanswered(self) -> tuple[NewsQuestion, ...]:
        return tuple(q for q in self.questions if q.answerable and not q.answered)


@dataclass(frozen=True)
class NewsFeed:
    """``PageActualites``: the items the parent may read, and the categories."""

    items: tuple[NewsItem, ...]
    categories: tuple[NewsCategory, ...] = ()

    def item(self, title: str) -> NewsItem:
        """The first item with this title (exact, then case-insensitive); KeyError if none."""
        for found in self.items:
            if found.title == title:
                return found
        for found in self.items:
            if found.title.casefold() == title.casefold():
                return found
        raise KeyError(title)
