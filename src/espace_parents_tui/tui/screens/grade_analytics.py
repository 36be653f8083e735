"""Two windows over a period's grades: a subject's average over time (``g``) and "what if" (``h``):
a grade the parent imagines, with the subject's and the overall averages it would give.

Both work on the report already read from the cache; the hypothetical grade lives in this window
only: it is never sent to the school, never written to the cache.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from espace_parents_tui.models import GradeReport
from espace_parents_tui.service.averages import hypothetical_grade, shown_averages, subject_trend, what_if
from espace_parents_tui.service.wording import average_text, computed_legend, mark_text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.trend_chart import legend, trend_chart
from espace_parents_tui.util.i18n import _, format_number


def subjects_of(report: GradeReport, *, gradable: bool = False) -> list[str]:
    """The report's subjects in the order shown; ``gradable``: those a grade goes in (a subject with
    sub-subjects gets its grades in them)."""
    subjects = [a.subject for a in shown_averages(report).subjects]
    parents = {s.parent for s in subjects if s.parent}
    return [s.name for s in subjects if not (gradable and s.name in parents)]


class TrendScreen(ModalScreen[None]):
    """A subject's average after each day of grades, with the class average, lowest and highest."""

    BINDINGS = [
        Binding("escape,q", "dismiss", _("Fermer"), id="trend.close", tooltip=_("Revenir aux notes")),
        Binding(
            "left", "subject(-1)", _("Matière préc."), id="trend.previous", tooltip=_("Matière précédente")
        ),
        Binding("right", "subject(1)", _("Matière suiv."), id="trend.next", tooltip=_("Matière suivante")),
    ]
    DEFAULT_CSS = """
    TrendScreen { align: center middle; }
    TrendScreen > Vertical { width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    TrendScreen .dialog-title { text-style: bold; color: $accent; }
    TrendScreen Horizontal { height: auto; }
    #trend-chart { width: 52; height: auto; }
    #trend-side { width: 1fr; height: auto; padding-left: 1; }
    """

    def __init__(self, report: GradeReport, subject: str, period: str) -> None:
        super().__init__()
        self.report = report
        self.names = subjects_of(report) or [subject]
        self.subject = subject if subject in self.names else self.names[0]
        self.period = period

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(classes="dialog-title", id="trend-title")
            with Horizontal():
                yield Static(id="trend-chart")
                yield Static(id="trend-side")
            yield Static(legend(), id="trend-legend")
            yield Static(SafeText(_("← → : matière   Échap : fermer"), style="dim"))

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        points = subject_trend(self.report, self.subject, last=16)  # as many as the chart shows
        self.query_one("#trend-title", Static).update(
            SafeText(_("Évolution — {subject} — {period}").format(subject=self.subject, period=self.period))
        )
        chart = self.query_one("#trend-chart", Static)
        if not any(p.student is not None for p in points):
            chart.update(
                SafeText(_("Aucune note qui compte dans cette matière pour cette période."), style="italic")
            )
        else:
            chart.update(trend_chart(points))
        self.query_one("#trend-side", Static).update(self.side(points))

    def side(self, points) -> Text:
        shown = shown_averages(self.report).subject(self.subject)
        body = SafeText()
        if shown is not None:
            rows = [
                (_("Moyenne"), average_text(shown.student, shown.computed)),
                (_("Classe"), mark_text(shown.class_average) if shown.class_average.published else "—"),
                (_("Min."), mark_text(shown.class_min) if shown.class_min.published else "—"),
                (_("Max."), mark_text(shown.class_max) if shown.class_max.published else "—"),
            ]
            for label, value in rows:
                body.append(f"{label:<9}", style="bold").append(value + "\n")
            if shown.computed:
                body.append(computed_legend() + "\n", style="dim italic")
        counted = [p for p in points if p.student is not None]
        if counted:
            body.append("\n" + _("Après chaque note :") + "\n", style="bold")
            for point in counted[-6:]:
                body.append(f"{point.day:%d/%m} ").append(format_number(point.student, 2), style="cyan")
                if point.class_average is not None:
                    body.append(" / ").append(format_number(point.class_average, 2), style="yellow")
                body.append("\n")
        return body

    def action_subject(self, step: int) -> None:
        index = self.names.index(self.subject)
        self.subject = self.names[(index + step) % len(self.names)]
        self.draw()


def read_number(raw: str) -> float | None:
    """A number as a parent types it: "15,5" or "15.5"; None when it is not one."""
    text = raw.strip().replace(",", ".").replace(" ", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


class WhatIfScreen(ModalScreen[None]):
    """A grade the parent imagines, and the averages it would give. Nothing is sent or kept."""

    BINDINGS = [
        Binding("escape", "dismiss", _("Fermer"), id="whatif.close", tooltip=_("Fermer (rien n'est gardé)"))
    ]
    DEFAULT_CSS = """
    WhatIfScreen { align: center middle; }
    WhatIfScreen > Vertical { width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    WhatIfScreen .dialog-title { text-style: bold; color: $accent; }
    WhatIfScreen Horizontal { height: auto; }
    WhatIfScreen Label { padding: 1 1 0 0; }
    WhatIfScreen Input { width: 12; }
    #whatif-subject { width: 100%; }
    #whatif-result { height: auto; margin-top: 1; }
    """

    def __init__(self, report: GradeReport, subject: str, period: str, today: date) -> None:
        super().__init__()
        self.report = report
        self.names = subjects_of(report, gradable=True) or [subject]
        self.subject = subject if subject in self.names else self.names[0]
        self.period = period
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                SafeText(_("Et si… — une note imaginée ({period})").format(period=self.period)),
                classes="dialog-title",
            )
            yield Select(
                [(SafeText(name), name) for name in self.names],
                value=self.subject,
                allow_blank=False,
                id="whatif-subject",
            )
            with Horizontal():
                yield Label(_("Note"))
                yield Input(placeholder="15,5", id="whatif-value")
                yield Label(_("sur"))
                yield Input("20", id="whatif-out-of")
                yield Label(_("Coef."))
                yield Input("1", id="whatif-coef")
            yield Static(id="whatif-result")
            yield Static(
                SafeText(_("Rien n'est envoyé ni enregistré.   Échap : fermer"), style="dim"),
            )

    def on_mount(self) -> None:
        self.query_one("#whatif-value", Input).focus()
        self.recompute()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.recompute()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.subject = event.value
            self.recompute()

    def recompute(self) -> None:
        result = self.query_one("#whatif-result", Static)
        raw = {key: self.query_one(f"#whatif-{key}", Input).value for key in ("value", "out-of", "coef")}
        if not raw["value"].strip():
            result.update(
                SafeText(_("Tapez une note pour voir les moyennes qu'elle donnerait."), style="italic")
            )
            return
        value, out_of, coefficient = (read_number(raw[k]) for k in ("value", "out-of", "coef"))
        if out_of is None or out_of <= 0:
            result.update(SafeText(_("Le barème doit être un nombre plus grand que 0."), style="red"))
            return
        if value is None or not 0 <= value <= out_of:
            result.update(
                SafeText(
                    _("La note doit être un nombre entre 0 et {out_of}.").format(
                        out_of=format_number(out_of)
                    ),
                    style="red",
                )
            )
            return
        if coefficient is None or coefficient <= 0:
            result.update(SafeText(_("Le coefficient doit être un nombre plus grand que 0."), style="red"))
            return
        subject = next(
            (a.subject for a in shown_averages(self.report).subjects if a.subject.name == self.subject), None
        )
        if subject is None:
            return
        outcome = what_if(self.report, hypothetical_grade(subject, value, out_of, coefficient, self.today))
        body = SafeText()
        body.append(
            _("Avec {mark}/{out_of} (coef. {coef}) :").format(
                mark=format_number(value), out_of=format_number(out_of), coef=format_number(coefficient)
            )
            + "\n",
            style="bold",
        )
        lines = [(self.subject, outcome.subject_before, outcome.subject_after)]
        if outcome.parent:
            lines.append((outcome.parent, outcome.parent_before, outcome.parent_after))
        lines.append((_("Moyenne générale"), outcome.overall_before, outcome.overall_after))
        for label, before, after in lines:
            body.append(f"  {label} : ").append(mark_text(before)).append(" → ")
            body.append(mark_text(after), style="bold cyan")
            body.append(_delta(before.value, after.value) + "\n")
        if not outcome.agrees:
            body.append(
                _(
                    "Les moyennes de l'établissement ne sont pas celles que l'application calcule avec "
                    "ces notes : la variation n'est qu'une estimation."
                )
                + "\n",
                style="yellow",
            )
        result.update(body)


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return ""
    change = round(after - before, 2)
    if change == 0:
        return " (=)"
    return f" ({'+' if change > 0 else '−'}{format_number(abs(change), 2)})"
