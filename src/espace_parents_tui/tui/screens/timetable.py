"""Emploi du temps: the week grid, previous/next week and today, a lesson opens on Enter."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from espace_parents_tui.service.sections import school_week, week_scope
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.week_grid import WeekGrid


class TimetableView(SectionView):
    key = "timetable"
    letter = "e"
    title_key = "section.timetable"
    sections = ("timetable",)

    BINDINGS = [
        Binding(
            "pageup,comma", "week(-1)", "Sem. préc.", id="timetable.previous", tooltip="Semaine précédente"
        ),
        Binding(
            "pagedown,full_stop", "week(1)", "Sem. suiv.", id="timetable.next", tooltip="Semaine suivante"
        ),
        Binding(
            "t", "this_week", "Aujourd'hui", id="timetable.today", tooltip="Revenir à la semaine en cours"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week: date | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="timetable-title")
        yield WeekGrid(id="week-grid")
        yield Static(classes="view-empty", id="timetable-empty")

    def on_section_shown(self) -> None:
        self.query_one(WeekGrid).focus()

    def _today(self) -> date:
        return self.app.today()  # type: ignore[attr-defined]

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        if self.week is None:
            self.week = school_week(self._today())
        cached = self.read("timetable", week_scope(self.week))
        title = f"{self.title} — semaine du {self.week:%d/%m/%Y}"
        self.query_one("#timetable-title", Static).update(text(title))
        grid = self.query_one(WeekGrid)
        empty = self.query_one("#timetable-empty", Static)
        if cached is None:
            grid.set_week(self.week, [])
            empty.update(text("Chargement de la semaine…"))
            empty.display = True
            self.want("timetable", week_scope(self.week))
            return
        grid.set_week(self.week, cached.value, self._today())
        if cached.value:
            empty.display = False
        else:
            empty.update(text("Aucun cours cette semaine (vacances ?)."))
            empty.display = True

    def action_week(self, step: int) -> None:
        if self.week is not None:
            self.week += timedelta(weeks=step)
            self.refresh_view()

    def action_this_week(self) -> None:
        self.week = None
        self.refresh_view()

    def on_week_grid_opened(self, message: WeekGrid.Opened) -> None:
        from espace_parents_tui.tui.screens.dialogs import LessonScreen

        self.app.push_screen(LessonScreen(message.lesson))
