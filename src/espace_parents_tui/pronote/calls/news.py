"""Informations et sondages (tab 8): ``PageActualites`` to read, ``SaisieActualites`` to write.

Shapes: pronotepy.md §2 "Information and surveys", pawnote-papillon.md §1.2 ``PageActualites /
SaisieActualites`` and parent-features.md §13 "Surveys (answering)": an item is sent back with its
public (``genrePublic``, ``public``) as the list gave them, and only the questions answered, each
with its ``reponse`` (``valeurReponse``: text, ``""`` for an acknowledgement, or a set of 1-based
choice ranks ``{_T: 26, V: "[1,3]"}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.news import AnswerKind, NewsFeed, NewsItem, NewsQuestion
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import TAB_NEWS, CallsBase
from espace_parents_tui.pronote.parse.news import parse_news, parse_news_details
from espace_parents_tui.util.i18n import _

WRITE = "SaisieActualites"
# Element states (parent-features.md §1.2): 2 modified, 4 "children modified".
STATE_MODIFIED = 2
STATE_CHILDREN_MODIFIED = 4


def number_set(values: Iterable[int]) -> str:
    """PRONOTE's number-set text: sorted, runs written ``a..b`` ([1, 2, 3, 5] → "[1..3,5]")."""
    numbers = sorted(set(values))
    parts: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}..{numbers[j]}")
        i = j + 1
    return "[" + ",".join(parts) + "]"


def _item_element(item: NewsItem, *, state: int, read: bool, only_read: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"N": item.id, "L": item.title, "E": state, "validationDirecte": True}
    if item.audience_genre is not None:
        body["genrePublic"] = item.audience_genre
    if item.audience_id is not None:
        body["public"] = {"N": item.audience_id, "G": item.audience_kind}
    body.update(
        {
            "lue": read,
            "supprimee": False,
            "marqueLueSeulement": only_read,
            "saisieActualite": False,
            "listeQuestions": [],
        }
    )
    return body


def _check(item: NewsItem, question: NewsQuestion, value: str | Iterable[int]) -> Any:
    """The ``valeurReponse`` for ``value``, after checking it fits the question."""
    where = f"« {question.title or item.title} »"
    if question.kind == AnswerKind.ACKNOWLEDGE:
        return ""
    if question.kind == AnswerKind.TEXT:
        if not isinstance(value, str):
            raise errors.PronoteError(
                _("{where} attend une réponse écrite.").format(where=where), function=WRITE
            )
        if question.max_length and len(value) > question.max_length:
            raise errors.PronoteError(
                _("{where} : {max_length} caractères au plus.").format(
                    where=where, max_length=question.max_length
                ),
                function=WRITE,
            )
        return value
    if question.kind in (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE):
        if isinstance(value, str):
            raise errors.PronoteError(_("{where} attend un choix.").format(where=where), function=WRITE)
        ranks = sorted(set(value))
        valid = {choice.rank for choice in question.choices}
        if not ranks or any(rank not in valid for rank in ranks):
            raise errors.PronoteError(_("{where} : choix inconnu.").format(where=where), function=WRITE)
        if question.kind == AnswerKind.SINGLE_CHOICE and len(ranks) != 1:
            raise errors.PronoteError(
                _("{where} : un seul choix possible.").format(where=where), function=WRITE
            )
        if question.max_choices and len(ranks) > question.max_choices:
            raise errors.PronoteError(
                _("{where} : {max_choices} choix au plus.").format(
                    where=where, max_choices=question.max_choices
                ),
                function=WRITE,
            )
        return {"_T": 26, "V": number_set(ranks)}
    raise errors.PronoteError(_("{where} n'attend pas de réponse.").format(where=where), function=WRITE)


def _question_element(index: int, question: NewsQuestion, value: Any) -> dict[str, Any]:
    answer = question.answer
    reponse: dict[str, Any] = {
        # A reply the server did not list yet is a new element: negative number (§1.2).
        "N": answer.id if answer is not None and answer.id else -1001 - index,
        "E": STATE_MODIFIED,
        "Actif": True,
        "valeurReponse": value,
        "avecReponse": True,
        "estReponseAttendue": answer.expected if answer is not None else True,
        "_validationSaisie": True,
    }
    body: dict[str, Any] = {"N": question.id}
    if question.kind_id is not None:
        body["G"] = question.kind_id
    if question.title:
        body["L"] = question.title
    body.update({"E": STATE_MODIFIED, "genreReponse": question.kind, "reponse": reponse})
    return body


class NewsCalls(CallsBase):
    async def news(self, child: Child | str | None = None) -> NewsFeed:
        """The information items and surveys (``PageActualites``, every display mode)."""
        data = {"modesAffActus": {"_T": 26, "V": "[0..3]"}}
        raw = await self.call("PageActualites", data, tab=TAB_NEWS, child=self._news_child(child))
        return parse_news(raw)

    async def news_content(
        self, item: NewsItem, child: Child | str | None = None
    ) -> tuple[NewsQuestion, ...]:
        """One item's questions asked on their own (the request pronotepy 2.15 makes)."""
        actualite: dict[str, Any] = {"N": item.id}
        if item.audience_genre is not None:
            actualite["genrePublic"] = item.audience_genre
        if item.audience_id is not None:
            actualite["public"] = {"N": item.audience_id, "G": item.audience_kind}
        data = {"actualite": actualite, "genreRequeteActualite": 1, "modeAffActu": 0}
        raw = await self.call("PageActualites", data, tab=TAB_NEWS, child=self._news_child(child))
        return parse_news_details(raw)

    async def mark_news_read(
        self, item: NewsItem, read: bool = True, *, child: Child | str | None = None
    ) -> None:
        """Mark an item read or unread."""
        element = _item_element(item, state=STATE_MODIFIED, read=read, only_read=True)
        await self._write_news(element, child)

    async def acknowledge_news(self, item: NewsItem, *, child: Child | str | None = None) -> None:
        """Acknowledge an information that asks for it (its question answered with ``""``)."""
        questions = [q for q in item.questions if q.kind == AnswerKind.ACKNOWLEDGE]
        if not questions:
            raise errors.PronoteError(
                _("Cette information ne demande pas d'accusé de lecture."), function=WRITE
            )
        element = _item_element(item, state=STATE_MODIFIED, read=True, only_read=False)
        element["listeQuestions"] = [_question_element(item.questions.index(q), q, "") for q in questions]
        await self._write_news(element, child)

    async def answer_news(
        self,
        item: NewsItem,
        answers: Mapping[NewsQuestion | str, str | Iterable[int]],
        *,
        child: Child | str | None = None,
    ) -> None:
        """Answer questions of a survey: a text, or the 1-based ranks of the chosen choices.

        ``answers`` maps questions (or their ids) to values. Each value is checked against its
        question first (kind, length, number of choices); nothing is sent if one does not fit.
        The item is marked read once every question that takes an answer has one.
        """
        by_id = {q.id: q for q in item.questions}
        elements: list[dict[str, Any]] = []
        answered = {q.id for q in item.questions if q.answered}
        state = STATE_MODIFIED
        for key, value in answers.items():
            question = by_id.get(key.id if isinstance(key, NewsQuestion) else key)
            if question is None:
                raise errors.PronoteError(
                    _("Question inconnue dans « {title} ».").format(title=item.title), function=WRITE
                )
            wire_value = _check(item, question, value)
            if question.kind != AnswerKind.ACKNOWLEDGE:
                state = STATE_CHILDREN_MODIFIED
            elements.append(_question_element(item.questions.index(question), question, wire_value))
            answered.add(question.id)
        if not elements:
            raise errors.PronoteError(_("Aucune réponse à envoyer."), function=WRITE)
        complete = all(q.id in answered for q in item.questions if q.answerable)
        element = _item_element(item, state=state, read=complete or item.read, only_read=False)
        element["listeQuestions"] = elements
        await self._write_news(element, child)

    async def _write_news(self, element: dict[str, Any], child: Child | str | None) -> None:
        data = {"listeActualites": [element], "saisieActualite": False}
        raw = await self.call(WRITE, data, tab=TAB_NEWS, child=self._news_child(child))
        problems = parse.parse_write_reply(raw, WRITE)
        if problems:
            raise errors.PronoteError(" ".join(problems), function=WRITE)

    def _news_child(self, child: Child | str | None) -> Child | str | None:
        if child is not None:
            return child
        if self.account is not None and self.account.children:
            return self.account.children[0]
        return None
