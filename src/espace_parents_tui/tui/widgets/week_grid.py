"""A week of lessons on a grid that fits 80 columns (one day at a time when narrower).

The keyboard moves a cursor from lesson to lesson (←/→ day, ↑/↓ lesson) and Enter opens it.
Cancelled lessons are struck through with their status; changed rooms or teachers are marked.
All lesson text comes from the server and is drawn as plain text.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from espace_parents_tui.models import Lesson
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _, day_name

SLOT_MINUTES = 30


def lesson_label(lesson: Lesson) -> str:
    return lesson.subject or (_("Retenue") if lesson.is_detention else _("Cours"))


def lesson_note(lesson: Lesson) -> str:
    """The short status a parent must not miss: cancelled, changed, test, detention, outing."""
    if lesson.cancelled:
        return lesson.status or _("Annulé")
    if lesson.status:
        return lesson.status
    if lesson.is_test:
        return _("Devoir")
    if lesson.is_outing:
        return _("Sortie")
    return ""


class WeekGrid(Widget, can_focus=True):
    """The lessons of one week (Monday..Friday, Saturday when there are lessons)."""

    BINDINGS = [
        Binding("left", "move_day(-1)", _("Jour préc."), show=False, id="grid.left"),
        Binding("right", "move_day(1)", _("Jour suiv."), show=False, id="grid.right"),
        Binding("up", "move_lesson(-1)", _("Cours préc."), show=False, id="grid.up"),
        Binding("down", "move_lesson(1)", _("Cours suiv."), show=False, id="grid.down"),
        Binding(
            "enter",
            "open",
            _("Ouvrir le cours"),
            id="grid.open",
            tooltip=_("Contenu, travail à faire, lien visio"),
        ),
    ]

    DEFAULT_CSS = """
    WeekGrid { height: auto; width: 1fr; }
    WeekGrid:focus { background: $surface; }
    """

    day_index: reactive[int] = reactive(0)
    lesson_index: reactive[int] = reactive(0)

    class Opened(Message):
        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.monday: date | None = None
        self.lessons: list[Lesson] = []
        self.first = time(8, 0)
        self.last = time(18, 0)
        # Drawings kept (focused and not) and the height, for the week set (``_version``): the
        # focus leaves the grid and comes back at each section switch, nothing else changed.
        self._version = 0
        self._drawn: dict[tuple, Any] = {}
        self._height_for: tuple[tuple, int] = ((), 0)

    def set_week(self, monday: date, lessons: list[Lesson], today: date | None = None) -> None:
        self._version += 1
        self._drawn.clear()
        self.monday = monday
        self.lessons = sorted(lessons, key=lambda les: les.start)
        if self.lessons:
            starts = [les.start.time() for les in self.lessons]
            ends = [les.end.time() for les in self.lessons]
            self.first = min(time(8, 0), min(starts))
            self.last = max(time(17, 0), max(ends))
        days = self.days()
        if today is not None and monday <= today < monday + timedelta(days=7) and today.weekday() < len(days):
            self.day_index = today.weekday()
        else:
            self.day_index = min(self.day_index, len(days) - 1)
        self.lesson_index = 0
        self.refresh(layout=True)

    def days(self) -> list[date]:
        if self.monday is None:
            return []
        count = 6 if any(les.start.weekday() == 5 for les in self.lessons) else 5
        return [self.monday + timedelta(days=i) for i in range(count)]

    def lessons_of(self, day: date) -> list[Lesson]:
        return [les for les in self.lessons if les.start.date() == day]

    @property
    def selected(self) -> Lesson | None:
        days = self.days()
        if not days:
            return None
        of_day = self.lessons_of(days[self.day_index])
        if not of_day:
            return None
        return of_day[min(self.lesson_index, len(of_day) - 1)]

    def action_move_day(self, step: int) -> None:
        days = self.days()
        if days:
            self.day_index = (self.day_index + step) % len(days)
            self.lesson_index = 0

    def action_move_lesson(self, step: int) -> None:
        days = self.days()
        if not days:
            return
        count = len(self.lessons_of(days[self.day_index]))
        if count:
            self.lesson_index = max(0, min(count - 1, self.lesson_index + step))

    def action_open(self) -> None:
        if self.selected is not None:
            self.post_message(self.Opened(self.selected))

    # --- drawing --------------------------------------------------------------------------

    def _slots(self) -> list[datetime]:
        base = datetime.combine(date(2000, 1, 3), self.first)
        end = datetime.combine(date(2000, 1, 3), self.last)
        slots = []
        while base < end:
            slots.append(base)
            base += timedelta(minutes=SLOT_MINUTES)
        return slots

    def _drawing_key(self) -> tuple:
        return (self._version, self.size, self.has_focus, self.day_index, self.lesson_index, self.visual_style)

    def _render_content(self) -> None:
        # Textual draws the grid again on every focus change; a drawing kept is taken back as is.
        key = self._drawing_key()
        kept = self._drawn.get(key)
        if kept is not None and kept.size == self.size:
            self._render_cache = kept
            self._dirty_regions.clear()
            return
        super()._render_content()
        if len(self._drawn) >= 4:
            self._drawn.clear()
        self._drawn[key] = self._render_cache

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        key = (self._version, width)
        if self._height_for[0] != key:
            self._height_for = (key, super().get_content_height(container, viewport, width))
        return self._height_for[1]

    def render(self) -> RenderableType:
        days = self.days()
        if not days:
            return SafeText("")
        narrow = self.size.width < 72
        shown = [days[self.day_index]] if narrow else days
        table = Table(
            box=None, padding=(0, 0), expand=True, show_edge=False, pad_edge=False, collapse_padding=True
        )
        table.add_column(SafeText(""), width=5, no_wrap=True)
        for day in shown:
            label = (
                f"{day_name(day).capitalize()} {day:%d/%m}"
                if narrow
                else f"{day_name(day, 'abbreviated').capitalize()} {day:%d/%m}"
            )
            header = SafeText(label, style="bold")
            if day == days[self.day_index] and self.has_focus and not narrow:
                header.stylize("reverse")
            table.add_column(header, ratio=1, no_wrap=True, overflow="ellipsis")
        selected = self.selected
        for slot in self._slots():
            row: list[Text] = [SafeText(f"{slot:%H:%M}" if slot.minute == 0 else "", style="dim")]
            for day in shown:
                row.append(self._cell(day, slot.time(), selected))
            table.add_row(*row)
        return table

    def _cell(self, day: date, moment: time, selected: Lesson | None) -> Text:
        at = datetime.combine(day, moment)
        covering = [les for les in self.lessons_of(day) if les.start <= at < les.end]
        if not covering:
            return SafeText("")
        # Where lessons overlap (a cancelled one and its replacement), the live one wins.
        covering.sort(key=lambda les: (les.cancelled, les.start))
        lesson = covering[0]
        offset = int((at - lesson.start).total_seconds() // 60 // SLOT_MINUTES)
        if offset == 0:
            cell = SafeText(lesson_label(lesson))
        elif offset == 1:
            note = lesson_note(lesson)
            cell = SafeText(note or ", ".join(lesson.rooms) or "", style="italic" if note else "dim")
        elif offset == 2 and lesson_note(lesson) and lesson.rooms:
            cell = SafeText(", ".join(lesson.rooms), style="dim")
        else:
            cell = SafeText("")
        if lesson.cancelled:
            cell.stylize("red")
            if offset == 0:
                cell.stylize("strike")
        elif lesson.status:
            cell.stylize("yellow")
        if lesson is selected and self.has_focus:
            cell = SafeText(cell.plain or " ", style="reverse")
        return SafeText(" ") + cell
