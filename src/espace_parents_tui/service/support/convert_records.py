"""Parcours and Manuels in the school file: a child's past school years (the averages the parent's
cache holds; the past report cards are listed and replay as empty PDFs, the cache keeps no bytes)
and the textbooks (for the child's class). This school year's averages are not copied: the replaying
server computes them from the bundle's grades, as the school did. The school opens tab 44 when the
parent's account had it, and tabs 227/228 likewise (a card listed by 228 is of kind "competences").

The livret scolaire (tab 83): each class's livret as the cache holds it (levels 1-4 by their
school-file names; a level the server named otherwise, or a livret without its school year, cannot
be written and is left out); the publication date is read back from the demo's own words ("Livret
publié le JJ/MM/AAAA"), any other wording replays as "en cours de saisie"."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from espace_parents_tui.service.support.collect import Conversion

RECORD_TAB = 44
LIVRET_TAB = 83
PAST_CARD_TABS = (227, 228)
LEVELS = {1: "insuffisante", 2: "fragile", 3: "satisfaisante", 4: "tres_bonne"}
PUBLISHED = re.compile(r"publié le (\d{2})/(\d{2})/(\d{4})")


def _open_tab(conversion: Conversion, tab: int) -> None:
    if tab in conversion.portal.snapshot().account.tabs:
        tabs = conversion.extra.setdefault("extra_tabs", [])
        if tab not in tabs:
            tabs.append(tab)


def _record(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values = conversion.values("record", child)
    if not values:
        return
    first = conversion.settings.first_date.year
    current = f"{first}-{first + 1}"
    years = []
    for year in values[-1].years:
        if year.year == current:
            continue
        cards = []
        for card in year.report_cards:
            key = card.ident or f"bulletin-{year.year}-{card.period}"
            document = {"key": key, "name": card.file_name or f"{key}.pdf"}
            if document not in conversion.documents.documents:
                conversion.documents.documents.append(document)
            cards.append(
                {
                    "period": card.period,
                    "document": key,
                    **({"kind": "competences"} if card.tab == 228 else {}),
                }
            )
        averages = [
            {
                k: v
                for k, v in (
                    ("subject", a.subject),
                    ("average", a.average),
                    ("class_average", a.class_average),
                )
                if v is not None
            }
            for a in year.subjects
        ]
        years.append(
            {"year": year.year, "class_name": year.classes, "averages": averages, "report_cards": cards}
        )
    entry["past_years"] = years
    _open_tab(conversion, RECORD_TAB)
    for tab in PAST_CARD_TABS:  # the previous years' report cards, where the school listed them
        _open_tab(conversion, tab)


def _published(text: str) -> str | None:
    found = PUBLISHED.search(text)
    if found is None:
        return None
    day, month, year = map(int, found.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _livret(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values = conversion.values("livret", child)
    if not values:
        return
    years = []
    for year in values[-1].years:
        if len(year.year) != 9 or not year.class_name:
            continue
        item: dict[str, Any] = {"year": year.year, "class_name": year.class_name}
        published = _published(year.publication)
        if published:
            item["published"] = published
        item["subjects"] = [
            {
                "subject": s.subject,
                "competences": [
                    {"name": c.name, "level": LEVELS[c.level]} for c in s.competences if c.level in LEVELS
                ],
                "appreciation": s.appreciation,
            }
            for s in year.subjects
        ]
        item["domains"] = [
            {"name": d.name, "level": LEVELS[d.level]} for d in year.domains if d.level in LEVELS
        ]
        item["appreciation"] = year.appreciation
        years.append(item)
    entry["livret"] = years
    _open_tab(conversion, LIVRET_TAB)


def _textbooks(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values = conversion.values("textbooks", child)
    books = conversion.extra.setdefault("textbooks", [])
    for book in values[-1].books if values else ():
        found = next((b for b in books if b["title"] == book.title), None)
        if found is None:
            found = {
                "title": book.title,
                "publisher": book.publisher,
                "subject": book.subject or "",
                "url": book.url or "",
                "description": book.description,
                "levels": [],
            }
            books.append(found)
        if child.class_name not in found["levels"]:
            found["levels"].append(child.class_name)  # a class name is a level the server accepts


CHILD_RECORDS = {"record": _record, "textbooks": _textbooks, "livret": _livret}
