"""Emploi du temps: the week grid, previous/next week and today, a lesson opens on Enter."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from espace_parents_tui.service.sections import school_week, week_scope
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.week_grid import WeekGrid
from espace_parents_tui.util.i18n import N_, _


class TimetableView(SectionView):
    key = "timetable"
    letter = "e"
    title_text = N_("Emploi du temps")
    sections = ("timetable",)

    BINDINGS = [
        Binding(
            "pageup,comma",
            "week(-1)",
            _("Sem. préc."),
            id="timetable.previous",
            tooltip=_("Semaine précédente"),
        ),
        Binding(
            "pagedown,full_stop",
            "week(1)",
            _("Sem. suiv."),
            id="timetable.next",
            tooltip=_("Semaine suivante"),
        ),
        Binding(
            "t",
            "this_week",
            _("Aujourd'hui"),
            id="timetable.today",
            tooltip=_("Revenir à la semaine en cours"),
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
        title = _("{title} — semaine du {week:%d/%m/%Y}").format(title=self.title, week=self.week)
        self.query_one("#timetable-title", Static).update(text(title))
        grid = self.query_one(WeekGrid)
        empty = self.query_one("#timetable-empty", Static)
        if cached is None:
            grid.set_week(self.week, [])
            empty.update(text(_("Chargement de la semaine…")))
            empty.display = True
            self.want("timetable", week_scope(self.week))
            return
        grid.set_week(self.week, cached.value, self._today())
        if cached.value:
            empty.display = False
        else:
            empty.update(text(_("Aucun cours cette semaine (vacances ?).")))
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
