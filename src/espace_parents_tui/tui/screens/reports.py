"""Notes beyond the grades, drawn for the Notes view: competences (a table, one line per item, the
level in its colour) and the report card (subjects, averages, appraisals, general appraisals).

Every text from the server is plain ``Text``; special grades stay in words and unpublished averages
say "non publiée" (``render.mark_text``).
"""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable

from espace_parents_tui.models.reports import Acquisition, Evaluation, ReportCard
from espace_parents_tui.service.wording import mark_text
from espace_parents_tui.tui.screens.novelty import new_mark
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _, format_number

# PRONOTE's EGenreNiveauDAcquisition: 1 expert … 6 non acquis, 7 absent, 8 non évalué, 9 dispensé.
LEVEL_STYLES = {
    1: "bold green",
    2: "green",
    3: "cyan",
    4: "yellow",
    5: "dark_orange",
    6: "bold red",
    7: "magenta",
    8: "dim",
    9: "dim",
}
# When the server gives no kind: the usual abbreviations.
ABBREVIATION_KINDS = {"A+": 1, "A": 2, "B": 3, "C": 4, "D": 5, "E": 6, "Abs": 7, "NE": 8, "Disp": 9}


def level_kind(acquisition: Acquisition) -> int | None:
    if acquisition.kind is not None:
        return acquisition.kind
    return ABBREVIATION_KINDS.get(acquisition.abbreviation.strip())


def level_text(acquisition: Acquisition, *, short: bool = False) -> Text:
    """The level as the school names it ("A+ Très bonne maîtrise"; "A+" when short), in its colour."""
    parts = (
        (acquisition.abbreviation,)
        if short and acquisition.abbreviation
        else (
            acquisition.abbreviation,
            acquisition.level,
        )
    )
    label = " ".join(part for part in parts if part)
    return SafeText(label or "?", style=LEVEL_STYLES.get(level_kind(acquisition) or 0, ""))


def level_summary(evaluations: tuple[Evaluation, ...]) -> Text:
    """How many items at each level over the period, best level first, with the levels' names."""
    counts: Counter[tuple[int, str]] = Counter()
    samples: dict[tuple[int, str], Acquisition] = {}
    for evaluation in evaluations:
        for acquisition in evaluation.acquisitions:
            key = (level_kind(acquisition) or 99, acquisition.abbreviation or acquisition.level)
            counts[key] += 1
            samples.setdefault(key, acquisition)
    line = SafeText()
    for key in sorted(counts):
        if line:
            line.append(" · ")
        line.append_text(level_text(samples[key])).append(f" {counts[key]}")
    return line


def _short(value: str, size: int) -> Text:
    value = " ".join(value.split())
    return SafeText(value if len(value) <= size else value[: size - 1] + "…")


def fill_competences(
    table: DataTable, evaluations: tuple[Evaluation, ...], new_keys: dict[int, bool]
) -> list[Evaluation]:
    """One line per competence item (the evaluation named on its first line); returns the
    evaluation of each line, in order, for Enter."""
    for label in (_("Date"), _("Matière"), _("Évaluation"), _("Niv."), _("Compétence"), _("Professeur")):
        table.add_column(SafeText(label))
    rows: list[Evaluation] = []
    ordered = sorted(
        enumerate(evaluations), key=lambda pair: (pair[1].day, pair[1].subject.name), reverse=True
    )
    for index, evaluation in ordered:
        name = _short(evaluation.name, 20)
        if new_keys.get(index):
            name = Text.assemble(new_mark(), " ", name)
        items = evaluation.acquisitions or (None,)
        for n, acquisition in enumerate(items):
            first = n == 0
            table.add_row(
                SafeText(f"{evaluation.day:%d/%m}") if first else SafeText(""),
                _short(evaluation.subject.name, 14) if first else SafeText(""),
                name if first else SafeText(""),
                level_text(acquisition, short=True) if acquisition else SafeText("—", style="dim"),
                _short((acquisition.item or acquisition.domain or "") if acquisition else "", 48),
                SafeText(evaluation.teacher) if first else SafeText(""),
            )
            rows.append(evaluation)
    return rows


def evaluation_details(evaluation: Evaluation) -> Text:
    body = SafeText()
    body.append(_("Matière : "), style="bold").append(evaluation.subject.name + "\n")
    body.append(_("Date : "), style="bold").append(f"{evaluation.day:%d/%m/%Y}\n")
    if evaluation.teacher:
        body.append(_("Professeur : "), style="bold").append(evaluation.teacher + "\n")
    if evaluation.coefficient != 1:
        body.append(_("Coefficient : "), style="bold").append(format_number(evaluation.coefficient) + "\n")
    if evaluation.levels:
        body.append(_("Palier : "), style="bold").append(", ".join(evaluation.levels) + "\n")
    if evaluation.description:
        body.append("\n").append(evaluation.description + "\n")
    body.append(_("\nCompétences évaluées\n"), style="bold underline")
    for acquisition in sorted(evaluation.acquisitions, key=lambda a: a.order):
        body.append("  ").append_text(level_text(acquisition)).append("  ")
        body.append(acquisition.item or acquisition.domain or "")
        if acquisition.pillar_prefix or acquisition.pillar:
            prefix = f"{acquisition.pillar_prefix} " if acquisition.pillar_prefix else ""
            body.append(f"\n      {prefix}{acquisition.pillar}", style="dim")
        body.append("\n")
    if not evaluation.acquisitions:
        body.append(_("  Aucune compétence détaillée.\n"), style="dim")
    return body


def _average(mark) -> Text:
    return SafeText(mark_text(mark), style="bold" if mark.published else "dim italic")


def report_card_renderable(card: ReportCard, period: str, *, is_new: bool = False) -> RenderableType:
    """The whole report card, wrapped to the width (read with the arrows or PgUp/PgDn)."""
    head = SafeText()
    if is_new:
        head.append_text(new_mark()).append(" ")
    if not card.published:
        head.append(_("Bulletin {period} : pas encore publié.").format(period=period), style="bold")
        if card.message and "pas encore publié" not in card.message:
            head.append("\n").append(card.message, style="dim")
        return head
    longest = max((len(line.subject.name) for line in card.subjects), default=10)
    table = Table(expand=True, show_lines=True, pad_edge=False, box=box.SIMPLE_HEAD)
    table.add_column(SafeText(_("Matière")), min_width=min(22, longest), ratio=2, overflow="fold")
    table.add_column(SafeText(_("Élève")), justify="right", no_wrap=True)
    table.add_column(SafeText(_("Classe")), justify="right", no_wrap=True)
    table.add_column(SafeText(_("Appréciation")), ratio=5, overflow="fold")
    for line in card.subjects:
        subject = SafeText(line.subject.name, style="bold")
        if line.teachers:
            subject.append("\n").append(", ".join(line.teachers), style="dim")
        classe = SafeText(mark_text(line.class_average) if line.class_average.published else "")
        if line.class_min.published or line.class_max.published:
            classe.append(f"\n{mark_text(line.class_min)}–{mark_text(line.class_max)}", style="dim")
        table.add_row(
            subject,
            _average(line.student_average),
            classe,
            SafeText("\n".join(line.appraisals)),
        )
    parts: list[RenderableType] = []
    if head:
        parts.append(head)
    # The general appraisals first: what a parent reads first, visible without scrolling.
    for appraisal in card.appraisals:
        block = SafeText()
        block.append(f"{appraisal.title}\n", style="bold underline")
        block.append(appraisal.text + "\n")
        parts.append(block)
    if card.subjects:
        parts.append(table)
    if not card.subjects and not card.appraisals:
        parts.append(SafeText(_("Bulletin publié sans contenu détaillé."), style="dim"))
    return Group(*parts)
