"""The school record over the years (``PageSuiviPluriannuel``, tab 44) and the digital textbooks
(``ManuelsNumeriques``, tab 250), parent-features.md §8-§9.

Seen in PRONOTE's client (§9, confidence A): ``listeMetas`` (subjects), ``listeDonnees`` per year
with ``strAnnee``, ``strClasses``, ``moyenne``, ``moyenneClasse``, ``avecBulletins``,
``listeBulletins`` and ``listeSuivis[{meta{N}, moyenne, …}]``. Inferred (reference §17): what a
past report card of ``listeBulletins`` carries (``L``, ``nomFichier``, ``ident``,
``libellePeriodeNotation``, ``libelleAnnee``, the parameters §9 gives ``GenerationPDF`` 12), and
``moyenneClasse`` inside a subject's entry. Textbooks (§8, confidence A):
``kiosque.listeRessources[{N, titre, editeur, description, matiere, …}]``; an address (``url``)
when the server gives one.

A reply with no data list and a non-empty ``message`` / ``Message`` is the server saying there is
nothing for this child: ``offered`` False.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from espace_parents_tui.models.records import (
    PastReportCard,
    SchoolRecord,
    SchoolYearRecord,
    Textbooks,
    YearAverage,
)
from espace_parents_tui.pronote.parse._read import Node
from espace_parents_tui.pronote.parse.homework import _resource

RECORD_FUNCTION = "PageSuiviPluriannuel"
TEXTBOOKS_FUNCTION = "ManuelsNumeriques"
BIA_FUNCTION = "DocumentsATelecharger"


def _message(root: Node) -> str:
    for key in ("message", "Message"):
        value = root.text(key, "")
        if value:
            return value
    return ""


def _average(node: Node, key: str) -> float | None:
    return node.mark(key).value if node.has(key) else None


def _card(node: Node, year: str) -> PastReportCard:
    return PastReportCard(
        id=node.ident("N", None),
        period=node.text("libellePeriodeNotation", "") or node.text("L", ""),
        year=node.text("libelleAnnee", "") or year,
        file_name=node.text("nomFichier", ""),
        ident=node.text("ident", ""),
    )


def _year(node: Node, subjects: dict[str, str]) -> SchoolYearRecord:
    year = node.text("strAnnee")
    averages = []
    for item in node.objs("listeSuivis", required=False):
        meta = item.opt_obj("meta")
        ident = meta.ident("N", None) if meta is not None else None
        name = subjects.get(ident or "") or (meta.text("L", "") if meta is not None else "")
        if not name:
            continue
        averages.append(YearAverage(name, _average(item, "moyenne"), _average(item, "moyenneClasse")))
    return SchoolYearRecord(
        year=year,
        classes=node.text("strClasses", ""),
        average=_average(node, "moyenne"),
        class_average=_average(node, "moyenneClasse"),
        subjects=tuple(averages),
        report_cards=tuple(_card(c, year) for c in node.objs("listeBulletins", required=False)),
    )


def parse_school_record(data: Any) -> SchoolRecord:
    """The decoded ``data`` of a ``PageSuiviPluriannuel`` answer → :class:`SchoolRecord`."""
    root = Node.root(data, RECORD_FUNCTION)
    message = _message(root)
    if not root.has("listeDonnees"):
        return SchoolRecord(message=message or "Aucun suivi pluriannuel.", offered=False)
    subjects = {m.ident("N"): m.text("L") for m in root.objs("listeMetas", required=False)}
    years = [_year(n, subjects) for n in root.objs("listeDonnees")]
    years.sort(key=lambda y: y.year)
    return SchoolRecord(years=tuple(years), message=message, offered=bool(years))


def _years_of(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d{4}", text))


def parse_bia_cards(data: Any, tab: int) -> list[PastReportCard]:
    """``listeBulletinsBIA`` of a ``DocumentsATelecharger`` answer on tab 227 or 228 (§3.1)."""
    root = Node.root(data, BIA_FUNCTION)
    cards = []
    for node in root.objs("listeBulletinsBIA", required=False):
        year = node.text("libelleAnnee", "")
        if not year and node.has("annee"):
            first = node.integer("annee", 0)
            year = f"{first}-{first + 1}" if first else ""
        cards.append(
            PastReportCard(
                id=node.ident("N", None),
                period=node.text("libellePeriodeNotation", "") or node.text("libelle", ""),
                year=year,
                file_name=node.text("nomFichier", ""),
                ident=node.text("ident", ""),
                tab=tab,
                class_name=node.text("libelleClasse", ""),
            )
        )
    return cards


def with_bia_cards(record: SchoolRecord, cards: list[PastReportCard]) -> SchoolRecord:
    """The record with its past report cards replaced by the previous-years pages' (``cards``): each
    in the school year it names (the same two calendar years); a year the suivi does not have gets
    an entry of its own, with its class."""
    years = [replace(y, report_cards=()) for y in record.years]
    for card in cards:
        index = next((i for i, y in enumerate(years) if _years_of(y.year) == _years_of(card.year)), None)
        if index is None:
            years.append(SchoolYearRecord(year=card.year, classes=card.class_name))
            index = len(years) - 1
        years[index] = replace(years[index], report_cards=(*years[index].report_cards, card))
    years.sort(key=lambda y: _years_of(y.year) or (y.year,))
    return replace(record, years=tuple(years), cards_source="bia", offered=record.offered or bool(cards))


def parse_textbooks(data: Any) -> Textbooks:
    """The decoded ``data`` of a ``ManuelsNumeriques`` answer → :class:`Textbooks`."""
    root = Node.root(data, TEXTBOOKS_FUNCTION)
    kiosk = root.opt_obj("kiosque")
    if kiosk is None or not kiosk.has("listeRessources"):
        return Textbooks(message=_message(root) or "Aucun manuel numérique.", offered=False)
    books = tuple(_resource(item) for item in kiosk.objs("listeRessources"))
    return Textbooks(books=books, message=_message(root), offered=bool(books))
