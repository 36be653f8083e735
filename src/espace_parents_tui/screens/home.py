"""Accueil: today (or the next school day) at a glance for the chosen child."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from espace_parents_tui.render import mark_text
from espace_parents_tui.screens.base import SectionView, text
from espace_parents_tui.sections import week_scope
from espace_parents_tui.widgets.week_grid import DAYS_FR, lesson_label, lesson_note


class HomeView(SectionView):
    key = "home"
    letter = "a"
    title_key = "section.home"
    sections = ("timetable", "grades")

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="home-title")
        with VerticalScroll(id="home-body"):
            yield Static(id="home-day")
            yield Static(id="home-grades")

    def on_section_shown(self) -> None:
        self.query_one("#home-body").focus()

    def _today(self) -> date:
        return self.app.today()  # type: ignore[attr-defined]

    def school_day(self) -> tuple[date, list]:
        """Today, or the next day with lessons within a week (looking in the cached weeks)."""
        today = self._today()
        for offset in range(0, 10):
            day = today + timedelta(days=offset)
            cached = self.read("timetable", week_scope(day))
            if cached is None:
                continue
            lessons = [les for les in cached.value if les.start.date() == day]
            if lessons:
                return day, sorted(lessons, key=lambda les: les.start)
        return today, []

    def refresh_view(self) -> None:
        if self.portal is None or self.child is None:
            return
        day, lessons = self.school_day()
        when = "Aujourd'hui" if day == self._today() else f"{DAYS_FR[day.weekday()]} {day:%d/%m}"
        self.query_one("#home-title", Static).update(text(f"Accueil — {self.child.name} — {when}"))
        body = Text()
        body.append("Cours\n", style="bold underline")
        if not lessons:
            body.append("  Pas de cours trouvé (synchronisation en cours ou vacances).\n", style="dim")
        for lesson in lessons:
            line = Text(f"  {lesson.start:%H:%M}–{lesson.end:%H:%M}  ")
            label = Text(lesson_label(lesson), style="bold")
            if lesson.cancelled:
                label.stylize("strike red")
            line.append_text(label)
            if lesson.rooms:
                line.append(f"  {', '.join(lesson.rooms)}", style="dim")
            note = lesson_note(lesson)
            if note:
                line.append(f"  ⚠ {note}", style="red" if lesson.cancelled else "yellow")
            body.append_text(line).append("\n")
        self.query_one("#home-day", Static).update(body)

        grades = Text()
        grades.append("\nDernières notes\n", style="bold underline")
        cached = self.read("grades")
        recent = sorted(cached.value.grades, key=lambda g: g.day, reverse=True)[:5] if cached else []
        if not recent:
            grades.append("  Aucune note récente.\n", style="dim")
        for grade in recent:
            grades.append(f"  {grade.day:%d/%m}  ")
            grades.append(grade.subject.name, style="bold")
            grades.append(f"  {mark_text(grade.mark, grade.out_of)}")
            if grade.comment:
                grades.append(f"  {grade.comment}", style="dim")
            grades.append("\n")
        self.query_one("#home-grades", Static).update(grades)
