"""Informations et sondages (tab 8): ``PageActualites`` (pronotepy.md §2 "Information and surveys",
pawnote-papillon.md §1.2 ``PageActualites``, parent-features.md §13).

The list answer holds ``listeCategories`` and ``listeModesAff[].listeActualites``, each item with
its questions; the detail answer (``genreRequeteActualite`` 1, asked by pronotepy 2.15) holds
``detailsActualite.listeQuestions``.
"""

from __future__ import annotations

import re
from typing import Any

from espace_parents_tui.models.news import (
    AnswerKind,
    NewsAnswer,
    NewsCategory,
    NewsChoice,
    NewsFeed,
    NewsItem,
    NewsQuestion,
)
from espace_parents_tui.pronote.parse._read import Node
from espace_parents_tui.pronote.parse.attachments import parse_attachments
from espace_parents_tui.pronote.parse.html import html_to_text

FUNCTION = "PageActualites"
CHOICE_KINDS = (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE)

_SET_RE = re.compile(r"^\[\s*(\d+(?:\s*\.\.\s*\d+)?(?:\s*,\s*\d+(?:\s*\.\.\s*\d+)?)*)?\s*\]$")
_MAX_SET = 10_000


def parse_number_set(value: Any, node: Node, key: str) -> tuple[int, ...]:
    """PRONOTE's number set ("[1,3..5]", ``_T`` 26 or 8) or a list of integers → sorted ranks."""
    if isinstance(value, list):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            node.fail(key, "ensemble d'entiers attendu")
        return tuple(sorted(set(value)))
    if not isinstance(value, str):
        node.fail(key, "ensemble d'entiers attendu")
    match = _SET_RE.match(value.strip())
    if not match:
        node.fail(key, f"ensemble illisible {value[:40]!r}")
    numbers: set[int] = set()
    for part in (match.group(1) or "").split(","):
        if not part.strip():
            continue
        low, _, high = part.partition("..")
        first, last = int(low), int(high or low)
        if last < first or last - first > _MAX_SET or last > _MAX_SET:
            node.fail(key, f"ensemble impossible {value[:40]!r}")
        numbers.update(range(first, last + 1))
    return tuple(sorted(numbers))


def _answer(node: Node, kind: int) -> NewsAnswer:
    value = node.raw("valeurReponse", None)
    text, choices = "", ()
    if kind in CHOICE_KINDS:
        if value not in (None, ""):
            choices = parse_number_set(value, node, "valeurReponse")
    elif value is not None:
        if not isinstance(value, str):
            node.fail("valeurReponse", "texte attendu")
        text = value
    return NewsAnswer(
        id=node.ident("N", None),
        answered=node.flag("avecReponse"),
        text=text,
        choices=choices,
        free_text=node.text("valeurReponseLibre", ""),
        answered_at=node.datetime("reponduLe", None),
        expected=node.flag("estReponseAttendue"),
    )


def _choice(node: Node, index: int) -> NewsChoice:
    return NewsChoice(
        label=node.text("L", ""),
        rank=node.integer("rang", index + 1),
        id=node.ident("N", None),
        free=node.flag("estReponseLibre"),
    )


def _question(node: Node, index: int) -> NewsQuestion:
    kind = node.integer("genreReponse", int(AnswerKind.NO_ACKNOWLEDGE))
    html = node.text("texte", "")
    answer = node.opt_obj("reponse")
    max_choices = node.integer("nombreReponsesMax", None) if node.flag("avecMaximum") else None
    return NewsQuestion(
        id=node.ident("N", ""),
        kind=kind,
        title=node.text("titre", "") or node.text("L", ""),
        text=html_to_text(html),
        html=html,
        rank=node.integer("rang", index + 1),
        attachments=parse_attachments(node, "listePiecesJointes"),
        choices=tuple(_choice(item, i) for i, item in enumerate(node.objs("listeChoix", required=False))),
        max_length=node.integer("tailleReponse", None),
        max_choices=max_choices,
        answer=_answer(answer, kind) if answer is not None else None,
        kind_id=node.integer("G", None),
    )


def _questions(node: Node) -> tuple[NewsQuestion, ...]:
    return tuple(_question(item, i) for i, item in enumerate(node.objs("listeQuestions", required=False)))


def _category(node: Node, categories: dict[str, NewsCategory]) -> tuple[str, str | None]:
    element = node.opt_obj("categorie")
    if element is not None:
        ident = element.ident("N", None)
        known = categories.get(ident) if ident is not None else None
        name = element.text("L", "") or (known.name if known else "")
        if name or ident:
            return name, ident
    nature = node.opt_obj("nature")  # pronotepy 2.15 reads the category here
    if nature is not None:
        return nature.text("L", ""), nature.ident("N", None)
    return "", None


def _item(node: Node, categories: dict[str, NewsCategory]) -> NewsItem:
    category, category_id = _category(node, categories)
    audience = node.opt_obj("public")
    survey = node.flag("estSondage")
    return NewsItem(
        id=node.ident("N"),
        title=node.text("L", ""),
        category=category,
        category_id=category_id,
        author=node.text("auteur", ""),
        created=node.datetime("dateCreation", None),
        start=node.datetime("dateDebut", None),
        end=node.datetime("dateFin", None),
        read=node.flag("lue"),
        is_survey=survey,
        is_information=node.flag("estInformation", not survey),
        anonymous=node.flag("reponseAnonyme"),
        questions=_questions(node),
        audience_genre=node.integer("genrePublic", None),
        audience_id=audience.ident("N", None) if audience is not None else None,
        audience_kind=audience.integer("G", None) if audience is not None else None,
    )


def parse_news(data: Any) -> NewsFeed:
    """The decoded ``data`` of the ``PageActualites`` list → :class:`NewsFeed`.

    Items listed under several display modes are kept once. Required: ``listeModesAff`` (may be
    empty); the categories are optional.
    """
    root = Node.root(data, FUNCTION)
    categories = {}
    for node in root.objs("listeCategories", required=False):
        category = NewsCategory(
            id=node.ident("N"), name=node.text("L", ""), is_default=node.flag("estDefaut")
        )
        categories[category.id] = category
    items: dict[str, NewsItem] = {}
    for mode in root.objs("listeModesAff"):
        for node in mode.objs("listeActualites", required=False):
            item = _item(node, categories)
            items.setdefault(item.id, item)
    return NewsFeed(items=tuple(items.values()), categories=tuple(categories.values()))


def parse_news_details(data: Any) -> tuple[NewsQuestion, ...]:
    """The decoded ``data`` of the one-item ``PageActualites`` request → the item's questions."""
    root = Node.root(data, FUNCTION)
    return _questions(root.obj("detailsActualite"))


def parse_news_answer(data: Any) -> NewsFeed | tuple[NewsQuestion, ...]:
    """Either form of ``PageActualites`` (for ``debug parse``): details when the answer has them."""
    root = Node.root(data, FUNCTION)
    if root.has("detailsActualite"):
        return parse_news_details(data)
    return parse_news(data)
