"""Notes: the period's grades by subject, the averages (or "non publiée") with a trend per subject."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from espace_parents_tui.i18n import t
from espace_parents_tui.models import GradeReport
from espace_parents_tui.render import mark_text
from espace_parents_tui.screens.base import SectionView, text

BARS = "▁▂▃▄▅▆▇█"


def trend(values: list[float]) -> str:
    """A one-line chart of marks out of 20, oldest first."""
    return "".join(BARS[min(len(BARS) - 1, max(0, int(v / 20 * (len(BARS) - 1) + 0.5)))] for v in values[-8:])


class GradesView(SectionView):
    key = "grades"
    letter = "n"
    title_key = "section.grades"
    sections = ("grades",)

    BINDINGS = [
        Binding("full_stop", "period(1)", "Période suiv.", id="grades.period", tooltip="Période suivante"),
        Binding(
            "comma", "period(-1)", "Période préc.", id="grades.period_previous", tooltip="Période précédente"
        ),
        Binding("o", "toggle", "Notes/Moyennes", id="grades.toggle", tooltip="Basculer notes / moyennes"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period: str | None = None
        self.show_averages = False

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="grades-title")
        table = DataTable(id="grades-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(classes="view-empty", id="grades-empty")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def periods(self) -> list[str]:
        if self.portal is None or self.child is None:
            return []
        entry = self.child.periods_for(198)
        if entry:
            return [p.name for p in entry.periods]
        snap = self.portal.snapshot()
        return [p.name for p in snap.settings.periods] if snap else []

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        if self.period is None:
            self.period = self.portal.default_scope("grades", self.child)
        cached = self.read("grades", self.period)
        mode = t("section.averages") if self.show_averages else t("section.grades")
        self.query_one("#grades-title", Static).update(text(f"{mode} — {self.period or ''}"))
        table = self.query_one(DataTable)
        empty = self.query_one("#grades-empty", Static)
        table.clear(columns=True)
        if cached is None:
            empty.update(text("Chargement des notes…"))
            empty.display = True
            if self.period:
                self.want("grades", self.period)
            return
        empty.display = False
        if self.show_averages:
            self._fill_averages(table, cached.value)
        else:
            self._fill_grades(table, cached.value)

    def _fill_grades(self, table: DataTable, report: GradeReport) -> None:
        for label in (
            t("col.subject"),
            t("col.date"),
            t("col.grade"),
            t("col.coef"),
            t("col.class_avg"),
            "Min/Max",
        ):
            table.add_column(Text(label))
        for grade in sorted(report.grades, key=lambda g: (g.day, g.subject.name), reverse=True):
            span = ""
            if grade.class_min.published or grade.class_max.published:
                span = f"{mark_text(grade.class_min)}–{mark_text(grade.class_max)}"
            table.add_row(
                text(grade.subject.name),
                text(f"{grade.day:%d/%m}"),
                Text(mark_text(grade.mark, grade.out_of), style="bold"),
                text(f"{grade.coefficient:g}"),
                text(mark_text(grade.class_average) if grade.class_average.published else ""),
                text(span),
            )
        if not report.grades:
            self.query_one("#grades-empty", Static).update(text("Aucune note pour cette période."))
            self.query_one("#grades-empty", Static).display = True

    def _fill_averages(self, table: DataTable, report: GradeReport) -> None:
        for label in (t("col.subject"), t("col.student_avg"), t("col.class_avg"), "Min/Max", "Évolution"):
            table.add_column(Text(label))
        by_subject: dict[str, list[float]] = {}
        for grade in sorted(report.grades, key=lambda g: g.day):
            if grade.mark.value is not None and grade.out_of:
                by_subject.setdefault(grade.subject.name, []).append(grade.mark.value / grade.out_of * 20)
        for average in sorted(report.averages, key=lambda a: a.subject.name):
            student = Text(
                mark_text(average.student), style="bold" if average.student.published else "dim italic"
            )
            span = ""
            if average.class_min.published or average.class_max.published:
                span = f"{mark_text(average.class_min)}–{mark_text(average.class_max)}"
            table.add_row(
                text(average.subject.name),
                student,
                text(mark_text(average.class_average) if average.class_average.published else ""),
                text(span),
                Text(trend(by_subject.get(average.subject.name, [])), style="cyan"),
            )
        table.add_row(
            Text(t("overall"), style="bold"),
            Text(mark_text(report.overall), style="bold"),
            text(mark_text(report.class_overall) if report.class_overall.published else ""),
            text(""),
            text(""),
        )

    def action_period(self, step: int) -> None:
        names = self.periods()
        if not names:
            return
        index = names.index(self.period) if self.period in names else 0
        self.period = names[(index + step) % len(names)]
        self.refresh_view()

    def action_toggle(self) -> None:
        self.show_averages = not self.show_averages
        self.refresh_view()
