"""The school record over the years (Parcours, tab 44) and the digital textbooks (Manuels, tab 250).

Both are offered to a child only when the account's tab tree lists the tab (the portal does not ask
otherwise) and the server has something for that child (``offered``): the app shows no section
for a child the school has nothing for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.records import SchoolRecord, Textbooks
from espace_parents_tui.pronote.tabs import (
    TAB_PAST_CARDS_COMPETENCES,
    TAB_PAST_CARDS_NOTES,
    TAB_RECORD,
    TAB_TEXTBOOKS,
)
from espace_parents_tui.service.sections.base import Section
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_


async def _fetch_record(client: Any, child: Child | None, scope: str) -> SchoolRecord:
    return await client.school_record(child)


def _record_items(record: SchoolRecord) -> Iterable[Item]:
    for card in record.report_cards():
        yield Item(f"bulletin|{card.year}|{card.period}", card.period, f"Bulletin {card.period} {card.year}")


RECORD = Section(
    name="record",
    title_fr=N_("Parcours"),
    value_type=SchoolRecord,
    fetch=_fetch_record,
    scopes=lambda ctx: [("all", 2)],
    default_scope=lambda ctx: "all",
    items=_record_items,
    # The suivi (tab 44), or the previous years' report cards alone (227/228) where a school opens
    # those without the suivi.
    any_tab=(TAB_RECORD, TAB_PAST_CARDS_NOTES, TAB_PAST_CARDS_COMPETENCES),
    max_age=timedelta(days=3),
)


async def _fetch_textbooks(client: Any, child: Child | None, scope: str) -> Textbooks:
    return await client.textbooks(child)


def _textbook_items(books: Textbooks) -> Iterable[Item]:
    for book in books.books:
        yield Item(f"manuel|{book.title}", book.publisher, f"Manuel numérique : {book.title}")


TEXTBOOKS = Section(
    name="textbooks",
    title_fr=N_("Manuels numériques"),
    value_type=Textbooks,
    fetch=_fetch_textbooks,
    scopes=lambda ctx: [("all", 2)],
    default_scope=lambda ctx: "all",
    items=_textbook_items,
    tab=TAB_TEXTBOOKS,
    max_age=timedelta(days=3),
)
