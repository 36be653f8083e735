"""Calendrier: the school year in date order — periods, holidays, public holidays, agenda events.

The current period is highlighted and the list opens on what comes next; Enter opens an entry
(an event's comment and attachments).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from espace_parents_tui.models import AgendaEvent, EventKind, Holiday, Period
from espace_parents_tui.tui.screens.attachments import AttachmentDialog, open_attachment
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _, day_name

SCOPE = "all"


@dataclass(frozen=True)
class Entry:
    """One row: a period, a holiday or an event."""

    start: date
    end: date
    kind: str  # "Période", "Vacances", "Jour férié", or the event's kind
    title: str
    when: str  # the date column
    source: Any = None  # the Period, Holiday or AgendaEvent
    current: bool = False


def day_text(day: date, year: bool = True) -> str:
    return (
        f"{day_name(day, 'abbreviated')} {day:%d/%m/%Y}"
        if year
        else f"{day_name(day, 'abbreviated')} {day:%d/%m}"
    )


def span_text(start: date, end: date) -> str:
    if end <= start:
        return day_text(start)
    return f"{start:%d/%m} → {end:%d/%m/%Y}"


def event_when(event: AgendaEvent) -> str:
    if event.all_day or event.start.date() != event.end.date():
        return span_text(event.start.date(), event.end.date())
    return f"{day_text(event.start.date(), year=False)} {event.start:%H:%M}"


def calendar_entries(calendar: Any, events: tuple[AgendaEvent, ...], today: date) -> list[Entry]:
    """Periods, holidays and events in date order; the period containing today is ``current``."""
    current = calendar.period_on(today)
    entries: list[Entry] = []
    for period in calendar.periods:
        entries.append(
            Entry(
                period.start,
                period.end,
                _("Période"),
                period.name,
                span_text(period.start, period.end),
                period,
                current=period == current,
            )
        )
    for holiday in calendar.holidays:
        kind = _("Vacances") if holiday.end > holiday.start else _("Jour férié")
        entries.append(
            Entry(
                holiday.start, holiday.end, kind, holiday.name, span_text(holiday.start, holiday.end), holiday
            )
        )
    for event in events:
        if event.kind == EventKind.PUBLIC_HOLIDAY and calendar.holiday_on(event.start.date()):
            continue  # already listed from the school's calendar
        entries.append(
            Entry(
                event.start.date(),
                event.end.date(),
                _(event.kind_label),
                event.title,
                event_when(event),
                event,
            )
        )
    rank = {"Période": 0, "Vacances": 1, "Jour férié": 1}
    entries.sort(key=lambda e: (e.start, rank.get(e.kind, 2), e.end, e.title))
    return entries


def entry_body(entry: Entry) -> Text:
    body = SafeText()
    source = entry.source
    body.append(entry.kind, style="bold")
    if isinstance(source, AgendaEvent):
        if source.all_day:
            body.append(f" · {span_text(source.start.date(), source.end.date())}\n")
        else:
            body.append(
                _(" · du {start:%d/%m/%Y %H:%M} au {end:%d/%m/%Y %H:%M}\n").format(
                    start=source.start, end=source.end
                )
            )
        if source.comment:
            body.append("\n").append(source.comment + "\n")
    elif isinstance(source, Period | Holiday):
        body.append(
            _(" · du {day_text} au {day_text2}\n").format(
                day_text=day_text(source.start), day_text2=day_text(source.end)
            )
        )
        if entry.current:
            body.append(_("Période en cours.\n"), style="green")
    return body


class CalendarView(SectionView):
    key = "calendar"
    letter = "k"
    title_text = N_("Calendrier")
    sections = ("calendar",)

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="calendar-title")
        yield Static(id="calendar-summary")
        yield ListTable(id="calendar-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="calendar-empty")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def _today(self) -> date:
        return self.app.today()  # type: ignore[attr-defined]

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        table = self.query_one(DataTable)
        empty = self.query_one("#calendar-empty", Static)
        cached = self.read("calendar", SCOPE)
        if cached is None:
            self.query_one("#calendar-title", Static).update(text(_("Calendrier")))
            self.query_one("#calendar-summary", Static).update(SafeText())
            table.clear(columns=True)
            self.entries = []
            empty.update(text(_("Chargement du calendrier…")))
            empty.display = True
            self.want("calendar", SCOPE)
            return
        empty.display = False
        today = self._today()
        calendar, events = cached.value.calendar, cached.value.events
        self.query_one("#calendar-title", Static).update(
            text(_("Calendrier — année {school_year}").format(school_year=calendar.school_year))
        )
        self.query_one("#calendar-summary", Static).update(self._summary(calendar, today))
        self.entries = calendar_entries(calendar, events, today)
        self._fill(table, today)

    def _summary(self, calendar: Any, today: date) -> Text:
        line = SafeText()
        current = calendar.period_on(today)
        if current is not None:
            line.append(_("Période en cours : "), style="bold")
            line.append(f"{current.name} ({current.start:%d/%m} → {current.end:%d/%m})", style="reverse")
        holiday = calendar.next_holiday(today)
        if holiday is not None:
            line.append("  ·  " if current else "")
            if holiday.start <= today:
                line.append(_("{name} jusqu'au {end:%d/%m}").format(name=holiday.name, end=holiday.end))
            else:
                days = (holiday.start - today).days
                line.append(
                    _("Prochain congé : {name} le {start:%d/%m} (dans {days} j)").format(
                        name=holiday.name, start=holiday.start, days=days
                    )
                )
        return line

    def _fill(self, table: DataTable, today: date) -> None:
        cursor = table.cursor_row if table.row_count else None
        table.clear(columns=True)
        width = max(20, (self.app.size.width or 80) - 2 - 18 - 20 - 6 - 2)
        table.add_column(SafeText(_("Date")), width=18)
        table.add_column(SafeText(_("Type")), width=20)
        table.add_column(SafeText(_("Intitulé")), width=width)
        upcoming = None
        for index, entry in enumerate(self.entries):
            style = "bold reverse" if entry.current else ("dim" if entry.end < today else "")
            title = SafeText(entry.title, style=style)
            if entry.current:
                title.append(_("  ◀ en cours"), style="bold")
            if isinstance(entry.source, AgendaEvent) and entry.source.attachments:
                title.append(_("  ({len} PJ)").format(len=len(entry.source.attachments)), style="cyan")
            table.add_row(
                SafeText(entry.when, style=style), SafeText(entry.kind, style=style), title, key=str(index)
            )
            if upcoming is None and entry.end >= today and entry.kind != "Période":
                upcoming = index
        if not self.entries:
            empty = self.query_one("#calendar-empty", Static)
            empty.update(text(_("Le calendrier de l'établissement est vide.")))
            empty.display = True
            return
        row = cursor if cursor is not None else (upcoming if upcoming is not None else 0)
        table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = int(event.row_key.value) if event.row_key.value is not None else -1
        if not 0 <= index < len(self.entries):
            return
        entry = self.entries[index]
        source = entry.source
        attachments = source.attachments if isinstance(source, AgendaEvent) else ()
        self.app.push_screen(
            AttachmentDialog(
                f"{entry.title} — {entry.when}",
                entry_body(entry),
                attachments,
                lambda attachment: open_attachment(self, "calendar", SCOPE, attachment, source),
            )
        )
