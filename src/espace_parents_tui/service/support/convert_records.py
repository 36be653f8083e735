"""Parcours and Manuels in the school file: a child's past school years (the averages the parent's
cache holds; the past report cards are listed and replay as empty PDFs, the cache keeps no bytes)
and the textbooks (for the child's class). This school year's averages are not copied: the replaying
server computes them from the bundle's grades, as the school did. The school opens tab 44 when the
parent's account had it."""

from __future__ import annotations

from typing import Any

from espace_parents_tui.service.support.collect import Conversion

RECORD_TAB = 44


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
            cards.append({"period": card.period, "document": key})
        averages = [
            {
                k: v
                for k, v in (("subject", a.subject), ("average", a.average), ("class_average", a.class_average))
                if v is not None
            }
            for a in year.subjects
        ]
        years.append({"year": year.year, "class_name": year.classes, "averages": averages, "report_cards": cards})
    entry["past_years"] = years
    if RECORD_TAB in conversion.portal.snapshot().account.tabs:
        conversion.extra["extra_tabs"] = [RECORD_TAB]


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


CHILD_RECORDS = {"record": _record, "textbooks": _textbooks}
