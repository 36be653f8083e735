"""Informations et sondages (tab 8): ``PageActualites`` and ``SaisieActualites``.

Shapes: ``reference/pronotepy.md`` §2 "Information and surveys", ``reference/pawnote-papillon.md``
§1.2 ``PageActualites / SaisieActualites`` and ``reference/parent-features.md`` §13 (no real
recording is available).

- ``PageActualites`` with ``modesAffActus``: ``listeCategories`` and one display mode whose
  ``listeActualites`` holds every item shown today (``start`` ≤ today ≤ ``end``) for the child of
  ``Signature.membre``, each with its questions and the parent's answers;
- ``PageActualites`` with ``actualite`` and ``genreRequeteActualite`` 1 (pronotepy 2.15): that
  item's ``detailsActualite.listeQuestions``;
- ``SaisieActualites``: ``lue`` marks an item read or unread, ``supprimee`` removes it from the
  parent's list, and each question of ``listeQuestions`` carries an answer (``reponse.valeurReponse``:
  ``""`` to acknowledge, a text, or a set of 1-based choice ranks). Answers are checked (kind,
  length, number of choices); a wrong one refuses the whole write (error 21).

Writes are kept in ``request.state`` for the server's run (a copy of the school's items per parent).
The category is given twice: ``categorie`` (Pawnote, the web client) and ``nature`` (what pronotepy
2.15 reads as the category; inferred from its source, pronotepy.md §2).
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any

from ..school import NEWS_QUESTION_KINDS, NewsItem, NewsQuestion
from .contract import PageFault, PageRequest, page
from .files import attachment_value
from .values import (
    FAULT_PAGE_UNAVAILABLE,
    TABLE_PARENT,
    day_value,
    liste,
    request_child,
    resolve,
    set_text,
    typed,
)

NEWS_TAB = 8
TABLE_NEWS = 54  # inferred
TABLE_NEWS_CATEGORY = 55  # inferred
TABLE_NEWS_QUESTION = 56  # inferred
TABLE_NEWS_CHOICE = 57  # inferred
TABLE_NEWS_ANSWER = 58  # inferred
PARENT_KIND = 5
HTML_TYPE = 21
SET_TYPE = 26
ACK, TEXT, SINGLE, MULTIPLE = (
    NEWS_QUESTION_KINDS[k] for k in ("accuse", "texte", "choix_unique", "choix_multiple")
)
ANSWERABLE = {ACK, TEXT, SINGLE, MULTIPLE}
_SET_RE = re.compile(r"^\[\s*((?:\d+(?:\.\.\d+)?)(?:\s*,\s*\d+(?:\.\.\d+)?)*)?\s*\]$")


def news_state(request: PageRequest) -> dict[str, Any]:
    """The parent's items with this run's writes: ``{"items": [...], "removed": {keys}}``."""
    store = request.state.setdefault("news", {})
    login = request.parent.login
    if login not in store:
        store[login] = {"items": copy.deepcopy(request.school.news), "removed": set()}
    return store[login]


def visible_items(request: PageRequest) -> list[NewsItem]:
    state = news_state(request)
    child = request_child(request)
    return [
        item
        for item in state["items"]
        if item.start <= request.today <= item.end
        and (not item.children or child.key in item.children)
        and item.key not in state["removed"]
    ]


def _moment(value: datetime) -> dict[str, Any]:
    return typed(7, value.strftime("%d/%m/%Y %H:%M:%S"))


def _kind(question: NewsQuestion) -> int:
    return NEWS_QUESTION_KINDS[question.kind]


def _answer_value(question: NewsQuestion) -> Any:
    kind = _kind(question)
    if kind in (SINGLE, MULTIPLE):
        return typed(SET_TYPE, set_text(question.chosen) if question.chosen else "[]")
    return question.answer or ""


def _question_entry(
    request: PageRequest, item: NewsItem, index: int, question: NewsQuestion
) -> dict[str, Any]:
    kind = _kind(question)
    ids = request.ids
    entry: dict[str, Any] = {
        "N": ids.mint(TABLE_NEWS_QUESTION, f"newsq:{item.key}:{index}"),
        "L": question.title,
        "titre": question.title,
        "rang": index + 1,
        "genreReponse": kind,
        "texte": typed(HTML_TYPE, question.text),
        "listePiecesJointes": liste([attachment_value(request, a) for a in question.attachments]),
    }
    if kind in (SINGLE, MULTIPLE):
        entry["listeChoix"] = liste(
            [
                {
                    "N": ids.mint(TABLE_NEWS_CHOICE, f"newsc:{item.key}:{index}:{rank}"),
                    "L": label,
                    "rang": rank,
                    "estReponseLibre": False,
                }
                for rank, label in enumerate(question.choices, start=1)
            ]
        )
        entry["avecMaximum"] = kind == MULTIPLE and question.max_choices is not None
        if entry["avecMaximum"]:
            entry["nombreReponsesMax"] = question.max_choices
    if kind == TEXT:
        entry["tailleReponse"] = question.max_length
    answered = question.answered is not None
    reponse: dict[str, Any] = {
        "N": ids.mint(TABLE_NEWS_ANSWER, f"newsr:{item.key}:{index}"),
        "avecReponse": answered,
        "estReponseAttendue": kind in ANSWERABLE,
        "valeurReponse": _answer_value(question),
    }
    if question.answered is not None:
        reponse["reponduLe"] = _moment(question.answered)
    entry["reponse"] = typed(24, reponse)
    return entry


def _questions(request: PageRequest, item: NewsItem) -> dict[str, Any]:
    return liste([_question_entry(request, item, i, q) for i, q in enumerate(item.questions)])


def _category(request: PageRequest, name: str) -> dict[str, Any]:
    return {"N": request.ids.mint(TABLE_NEWS_CATEGORY, f"newscat:{name}"), "L": name}


def _item_entry(request: PageRequest, item: NewsItem) -> dict[str, Any]:
    parent = request.parent
    category = _category(request, item.category)
    return {
        "N": request.ids.mint(TABLE_NEWS, f"news:{item.key}"),
        "L": item.title,
        "estInformation": not item.survey,
        "estSondage": item.survey,
        "categorie": typed(24, category),
        "nature": typed(24, category),
        "dateCreation": _moment(item.created),
        "dateDebut": day_value(item.start),
        "dateFin": day_value(item.end),
        "auteur": item.author,
        # Who it was published for: the parent's resource (kind 5; pronotepy sends 4, #180).
        "genrePublic": PARENT_KIND,
        "public": typed(
            24,
            {
                "N": request.ids.mint(TABLE_PARENT, f"parent:{parent.login}"),
                "G": PARENT_KIND,
                "L": parent.name,
            },
        ),
        "lue": item.read,
        "reponseAnonyme": item.anonymous,
        "estModele": False,
        "estModelePartage": False,
        "listeQuestions": _questions(request, item),
    }


def _find_item(request: PageRequest, element: Any) -> NewsItem:
    key = resolve(request.ids, element, "news:")
    for item in visible_items(request):
        if item.key == key:
            return item
    raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")


@page("PageActualites", NEWS_TAB)
def page_actualites(request: PageRequest) -> dict[str, Any]:
    data = request.data
    if "actualite" in data:
        item = _find_item(request, data.get("actualite"))
        return {
            "detailsActualite": {
                "N": request.ids.mint(TABLE_NEWS, f"news:{item.key}"),
                "L": item.title,
                "listeQuestions": _questions(request, item),
            }
        }
    school = request.school
    categories = [
        {**_category(request, name), "estDefaut": index == 0}
        for index, name in enumerate(school.news_categories)
    ]
    items = sorted(visible_items(request), key=lambda i: i.created, reverse=True)
    return {
        "listeCategories": liste(categories),
        "listeModesAff": [{"G": 0, "listeActualites": liste([_item_entry(request, item) for item in items])}],
    }


# -- SaisieActualites --------------------------------------------------------------------------


def _refuse(detail: str) -> PageFault:
    return PageFault(FAULT_PAGE_UNAVAILABLE, f"Réponse refusée : {detail}")


def _ranks(value: Any) -> list[int]:
    if isinstance(value, dict):
        value = value.get("V")
    if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return sorted(set(value))
    if not isinstance(value, str) or not _SET_RE.match(value.strip()):
        raise _refuse("ensemble de choix illisible")
    ranks: set[int] = set()
    body = value.strip()[1:-1]
    for part in filter(None, (p.strip() for p in body.split(","))):
        low, _, high = part.partition("..")
        first, last = int(low), int(high or low)
        if last < first or last > 1000:
            raise _refuse("ensemble de choix impossible")
        ranks.update(range(first, last + 1))
    return sorted(ranks)


def _checked_answer(question: NewsQuestion, reponse: Any) -> tuple[str | None, list[int]]:
    """(text answer, chosen ranks) for a question element's ``reponse``, or a refusal."""
    if not isinstance(reponse, dict):
        raise _refuse("réponse absente")
    kind = _kind(question)
    value = reponse.get("valeurReponse")
    if kind == ACK:
        if value not in (None, ""):
            raise _refuse("un accusé de lecture n'a pas de valeur")
        return "", []
    if kind == TEXT:
        if isinstance(value, dict):
            value = value.get("V")
        if not isinstance(value, str):
            raise _refuse("texte attendu")
        if len(value) > question.max_length:
            raise _refuse(f"{question.max_length} caractères au plus")
        return value, []
    if kind in (SINGLE, MULTIPLE):
        ranks = _ranks(value)
        if not ranks or any(not 1 <= r <= len(question.choices) for r in ranks):
            raise _refuse("choix inconnu")
        if kind == SINGLE and len(ranks) != 1:
            raise _refuse("un seul choix possible")
        if question.max_choices is not None and len(ranks) > question.max_choices:
            raise _refuse(f"{question.max_choices} choix au plus")
        return None, ranks
    raise _refuse("cette question n'attend pas de réponse")


@page("SaisieActualites", NEWS_TAB)
def saisie_actualites(request: PageRequest) -> dict[str, Any]:
    elements = request.data.get("listeActualites")
    if not isinstance(elements, list) or not elements:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    changes = []
    for element in elements:
        if not isinstance(element, dict):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        item = _find_item(request, element)
        answers = []
        questions = element.get("listeQuestions") or []
        if not isinstance(questions, list):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        for question_element in questions:
            rest = resolve(request.ids, question_element, f"newsq:{item.key}:")
            if rest is None or not rest.isdigit() or int(rest) >= len(item.questions):
                raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
            question = item.questions[int(rest)]
            answers.append((question, _checked_answer(question, question_element.get("reponse"))))
        read = element.get("lue")
        if read is not None and not isinstance(read, bool):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        changes.append((item, answers, read, element.get("supprimee") is True))
    # Everything checked: apply.
    now = request.moment.replace(second=0, microsecond=0)
    state = news_state(request)
    for item, answers, read, removed in changes:
        for question, (text, ranks) in answers:
            question.answer, question.chosen, question.answered = text, ranks, now
        if read is not None:
            item.read = read
        if removed:
            state["removed"].add(item.key)
    return {}
