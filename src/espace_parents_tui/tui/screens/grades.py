"""Notes: the period's grades, the averages (or "non publiée") with a trend per subject, the
competences and the report card (with its PDF). ``o`` goes from one to the next, ``,``/``.`` change
the period.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from espace_parents_tui.models import Grade, GradeReport
from espace_parents_tui.models.reports import Evaluation, ReportCard
from espace_parents_tui.service.averages import ShownAverage, shown_averages, subject_trend
from espace_parents_tui.service.sections import SECTIONS
from espace_parents_tui.service.wording import average_text, computed_legend, mark_text
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.screens.novelty import SeenTracking, new_mark, new_objects
from espace_parents_tui.tui.screens.reports import (
    evaluation_details,
    fill_competences,
    level_summary,
    report_card_renderable,
)
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _, format_number

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal

BARS = "▁▂▃▄▅▆▇█"

# The modes of the view, in the order ``o`` goes through them: (mode, portal section, title).
MODES = (
    ("grades", "grades", _("Notes")),
    ("averages", "grades", _("Moyennes")),
    ("competences", "evaluations", _("Compétences")),
    ("report", "report", _("Bulletin")),
)
MODE_SECTION = {mode: section for mode, section, _ in MODES}
MODE_TITLE = {mode: title for mode, _, title in MODES}


def trend(values: list[float]) -> str:
    """A one-line chart of marks out of 20, oldest first."""
    return "".join(BARS[min(len(BARS) - 1, max(0, int(v / 20 * (len(BARS) - 1) + 0.5)))] for v in values[-8:])


class GradesView(SeenTracking, SectionView):
    key = "grades"
    letter = "n"
    title_text = N_("Notes")
    sections = ("grades", "evaluations", "report")

    BINDINGS = [
        Binding(
            "full_stop", "period(1)", _("Période suiv."), id="grades.period", tooltip=_("Période suivante")
        ),
        Binding(
            "comma",
            "period(-1)",
            _("Période préc."),
            id="grades.period_previous",
            tooltip=_("Période précédente"),
        ),
        Binding(
            "o",
            "toggle",
            _("Mode"),
            id="grades.toggle",
            tooltip=_("Notes, moyennes, compétences, bulletin : passer au suivant"),
        ),
        Binding(
            "g",
            "trend",
            _("Évolution"),
            id="grades.trend",
            tooltip=_("La moyenne de la matière au fil du temps"),
        ),
        Binding(
            "g",
            "trend",
            _("Évolution"),
            id="grades.trend",
            tooltip=_("La moyenne de la matière au fil du temps"),
        ),
        Binding(
            "h",
            "what_if",
            _("Et si…"),
            id="grades.what_if",
            tooltip=_("Une note imaginée : les moyennes qu'elle donnerait (rien n'est enregistré)"),
        ),
        Binding(
            "t",
            "download",
            _("PDF"),
            id="grades.report_pdf",
            tooltip=_("Télécharger le bulletin en PDF (dans le dossier de téléchargement)"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period: str | None = None  # notes, moyennes, compétences
        self.report_period: str | None = None  # bulletin (by default the last one published)
        self.mode = "grades"
        # What each line of the table stands for (a grade, an evaluation), for Enter.
        self.row_objects: list[Grade | Evaluation | ShownAverage | None] = []
        self.last_download = None

    @property
    def show_averages(self) -> bool:
        return self.mode == "averages"

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="grades-title")
        yield Static(id="grades-summary")
        table = ListTable(id="grades-table", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-card")
        yield Static(classes="view-empty", id="grades-empty")

    def on_mount(self) -> None:
        self.track_leaving()
        super().on_mount()

    def on_section_shown(self) -> None:
        if self.mode == "report":
            self.query_one("#report-scroll").focus()
        else:
            self.query_one(DataTable).focus()

    def bind_data(self, portal: Portal, child: Child | None) -> None:
        if child is None or self.child is None or child.name != self.child.name:
            self.report_period = None
        super().bind_data(portal, child)

    # --- periods ----------------------------------------------------------------------------

    def periods(self, section: str | None = None) -> list[str]:
        if self.portal is None or self.child is None:
            return []
        entry = self.child.periods_for(SECTIONS[section or MODE_SECTION[self.mode]].tab or 0)
        if entry is None:
            entry = self.child.periods_for(SECTIONS["grades"].tab or 0)
        if entry:
            return [p.name for p in entry.periods]
        snap = self.portal.snapshot()
        return [p.name for p in snap.settings.periods] if snap else []

    def current_period(self) -> str | None:
        """The period of the mode on screen (chosen, else the school's default for that section)."""
        if self.portal is None:
            return None
        section = MODE_SECTION[self.mode]
        if self.mode == "report":
            if self.report_period is None:
                self.report_period = self.portal.default_scope("report", self.child)
            return self.report_period
        if self.period is None:
            self.period = self.portal.default_scope("grades", self.child)
        names = self.periods(section)
        if names and self.period not in names:
            return self.portal.default_scope(section, self.child)
        return self.period

    # --- drawing ----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        period = self.current_period()
        section = MODE_SECTION[self.mode]
        cached = self.read(section, period) if period else None
        self.query_one("#grades-title", Static).update(
            text(
                _("{MODE_TITLE} — {value}   (o : mode, , . : période)").format(
                    MODE_TITLE=MODE_TITLE[self.mode], value=period or ""
                )
            )
        )
        table = self.query_one(DataTable)
        scroll = self.query_one("#report-scroll")
        summary = self.query_one("#grades-summary", Static)
        empty = self.query_one("#grades-empty", Static)
        table.clear(columns=True)
        self.row_objects = []
        summary.display = False
        report_mode = self.mode == "report"
        table.display = not report_mode
        scroll.display = report_mode
        self.refresh_bindings()
        if cached is None:
            loading = text(_("Chargement ({lower})…").format(lower=MODE_TITLE[self.mode].lower()))
            if report_mode:  # the scroll stays (it may have the focus)
                self.query_one("#report-card", Static).update(loading)
            else:
                empty.update(loading)
                empty.display = True
            if period:
                self.want_missing(section, period)
            return
        empty.display = False
        if self.mode == "averages":
            self._fill_averages(table, cached.value, period or "")
        elif self.mode == "competences":
            self._fill_competences(table, cached.value, period or "")
        elif report_mode:
            self._show_report(cached.value, period or "")
        else:
            self._fill_grades(table, cached.value, period or "")

    def _say_empty(self, message: str) -> None:
        empty = self.query_one("#grades-empty", Static)
        empty.update(text(message))
        empty.display = True

    def _new_grades(self, report: GradeReport, period: str) -> set[int]:
        """``id()`` of the grades new since the last visit."""
        return new_objects("grades", report, period, report.grades, self.new_keys("grades", period, report))

    def _fill_grades(self, table: DataTable, report: GradeReport, period: str) -> None:
        for label in (
            _("Matière"),
            _("Date"),
            _("Note"),
            _("Coef."),
            _("Moy. classe"),
            _("Min/Max"),
        ):
            table.add_column(SafeText(label))
        new = self._new_grades(report, period)
        for grade in sorted(report.grades, key=lambda g: (g.day, g.subject.name), reverse=True):
            span = ""
            if grade.class_min.published or grade.class_max.published:
                span = f"{mark_text(grade.class_min)}–{mark_text(grade.class_max)}"
            subject = text(grade.subject.name)
            if id(grade) in new:
                subject = Text.assemble(new_mark(), " ", subject)
            table.add_row(
                subject,
                text(f"{grade.day:%d/%m}"),
                SafeText(mark_text(grade.mark, grade.out_of), style="bold"),
                text(format_number(grade.coefficient)),
                text(mark_text(grade.class_average) if grade.class_average.published else ""),
                text(span),
            )
            self.row_objects.append(grade)
        if not report.grades:
            self._say_empty(_("Aucune note pour cette période."))

    def _fill_averages(self, table: DataTable, report: GradeReport, period: str) -> None:
        """The school's averages; where it publishes none, the one computed from the grades, marked."""
        for label in (_("Matière"), _("Moyenne"), _("Moy. classe"), _("Min/Max"), _("Évolution")):
            table.add_column(SafeText(label))
        new = self._new_grades(report, period)
        fresh_subjects = {g.subject.name for g in report.grades if id(g) in new}
        shown = shown_averages(report)
        for average in shown.subjects:
            style = "bold" if average.student.published and not average.computed else "dim italic"
            student = SafeText(average_text(average.student, average.computed), style=style)
            span = ""
            if average.class_min.published or average.class_max.published:
                span = f"{mark_text(average.class_min)}–{mark_text(average.class_max)}"
            # a sub-subject sits under its subject
            subject = text(("  ↳ " if average.subject.parent else "") + average.subject.name)
            if average.subject.name in fresh_subjects:
                subject = Text.assemble(new_mark(), " ", subject)
            recent = subject_trend(report, average.subject.name, last=8, with_class=False)
            points = [p.student for p in recent if p.student is not None]
            table.add_row(
                subject,
                student,
                text(mark_text(average.class_average) if average.class_average.published else ""),
                text(span),
                SafeText(trend(points), style="cyan"),
            )
            self.row_objects.append(average)
        table.add_row(
            SafeText(_("Moyenne générale"), style="bold"),
            SafeText(average_text(shown.overall, shown.overall_computed), style="bold"),
            text(mark_text(shown.class_overall) if shown.class_overall.published else ""),
            text(""),
            text(""),
        )
        self.row_objects.append(None)
        if shown.overall_computed or any(a.computed for a in shown.subjects):
            summary = self.query_one("#grades-summary", Static)
            summary.update(SafeText(computed_legend(), style="dim italic"))
            summary.display = True

    def _fill_competences(self, table: DataTable, evaluations: tuple[Evaluation, ...], period: str) -> None:
        fresh = new_objects(
            "evaluations", evaluations, period, evaluations, self.new_keys("evaluations", period, evaluations)
        )
        marks = {index: id(e) in fresh for index, e in enumerate(evaluations)}
        self.row_objects = list(fill_competences(table, evaluations, marks))
        if evaluations:
            summary = self.query_one("#grades-summary", Static)
            summary.update(SafeText(_("Niveaux : ")).append_text(level_summary(evaluations)))
            summary.display = True
        else:
            self._say_empty(_("Aucune évaluation de compétences pour cette période."))

    def _show_report(self, card: ReportCard, period: str) -> None:
        is_new = bool(new_objects("report", card, period, [card], self.new_keys("report", period, card)))
        self.query_one("#report-card", Static).update(report_card_renderable(card, period, is_new=is_new))

    # --- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "download":
            return self.mode == "report"
        if action in ("trend", "what_if"):
            return self.mode in ("grades", "averages")
        return True

    def action_period(self, step: int) -> None:
        names = self.periods()
        if not names:
            return
        current = self.current_period()
        index = names.index(current) if current in names else 0
        chosen = names[(index + step) % len(names)]
        if self.mode == "report":
            self.report_period = chosen
        else:
            self.period = chosen
        self.refresh_view()

    def action_toggle(self) -> None:
        order = [mode for mode, _, _ in MODES]
        self.mode = order[(order.index(self.mode) + 1) % len(order)]
        self.refresh_view()
        self.on_section_shown()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from espace_parents_tui.tui.screens.dialogs import InfoScreen

        row = event.cursor_row
        if not 0 <= row < len(self.row_objects):
            return
        chosen = self.row_objects[row]
        if isinstance(chosen, Evaluation):
            self.app.push_screen(
                InfoScreen(f"{chosen.name} — {chosen.day:%d/%m/%Y}", evaluation_details(chosen))
            )
        elif isinstance(chosen, Grade):
            self.app.push_screen(
                InfoScreen(f"{chosen.subject.name} — {chosen.day:%d/%m/%Y}", grade_details(chosen))
            )

    def _analysed(self) -> tuple[GradeReport, str, str] | None:
        """The period's report, the subject under the cursor and the period, for ``g`` and ``h``."""
        period = self.current_period()
        cached = self.read("grades", period) if period else None
        if cached is None or period is None:
            return None
        report: GradeReport = cached.value
        if not report.grades and not report.averages:
            self.app.notify(_("Aucune note pour cette période."), markup=False)
            return None
        row = self.query_one(DataTable).cursor_row
        chosen = self.row_objects[row] if 0 <= row < len(self.row_objects) else None
        if isinstance(chosen, Grade):
            subject = chosen.subject.name
        elif isinstance(chosen, ShownAverage):
            subject = chosen.subject.name
        else:
            subject = ""
        return report, subject, period

    def action_trend(self) -> None:
        from espace_parents_tui.tui.screens.grade_analytics import TrendScreen

        analysed = self._analysed()
        if analysed is not None:
            self.app.push_screen(TrendScreen(*analysed))

    def action_what_if(self) -> None:
        from espace_parents_tui.tui.screens.grade_analytics import WhatIfScreen

        analysed = self._analysed()
        if analysed is not None:
            self.app.push_screen(WhatIfScreen(*analysed, today=self.app.clock.today()))

    def action_download(self) -> None:
        if self.mode != "report" or self.portal is None or self.child is None:
            return
        period = self.current_period()
        cached = self.read("report", period) if period else None
        if cached is not None and not cached.value.published:
            self.app.notify(
                _("Le bulletin « {period} » n'est pas encore publié.").format(period=period), markup=False
            )
            return
        if period:
            self.app.notify(
                _("Téléchargement du bulletin « {period} »…").format(period=period), markup=False, timeout=3
            )
            self.download_report(period)

    def download_report(self, period: str) -> None:
        """In a worker of the app, so that a failure reaches the app's single error handler."""
        from espace_parents_tui.service.actions.reports import download_report_card

        portal, child = self.portal, self.child
        assert portal is not None and child is not None

        async def download() -> None:
            path = await download_report_card(portal, child, period)
            self.last_download = path
            self.app.notify(
                _("Bulletin enregistré : {path}").format(path=path),
                title=_("Téléchargement"),
                markup=False,
                timeout=10,
            )

        self.app.run_worker(
            download(), group="report-pdf", exclusive=True, exit_on_error=False, description="bulletin PDF"
        )


def grade_details(grade: Grade) -> Text:
    body = SafeText()
    body.append(_("Note : "), style="bold").append(mark_text(grade.mark, grade.out_of))
    if grade.out_of != 20 and grade.mark.value is not None:
        body.append(_(" (sur {out_of})").format(out_of=format_number(grade.out_of)))
    body.append("\n")
    body.append(_("Coefficient : "), style="bold").append(format_number(grade.coefficient) + "\n")
    if grade.class_average.published:
        body.append(_("Moyenne de la classe : "), style="bold").append(mark_text(grade.class_average) + "\n")
    if grade.class_min.published or grade.class_max.published:
        body.append(_("Note la plus basse / haute : "), style="bold")
        body.append(f"{mark_text(grade.class_min)} / {mark_text(grade.class_max)}\n")
    for flag, label in (
        (grade.is_bonus, _("Bonus : seuls les points au-dessus de la moyenne comptent.")),
        (grade.is_optional, _("Optionnelle : ne compte que si elle améliore la moyenne.")),
        (grade.scaled_to_20, _("Ramenée sur 20.")),
    ):
        if flag:
            body.append(label + "\n", style="italic")
    if grade.comment:
        body.append(_("\nCommentaire : "), style="bold").append(grade.comment + "\n")
    return body
