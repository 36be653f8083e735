"""Notes, compétences, bulletins: a child's grades, skills and report card for a period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from espace_parents_tui.models import Child, GradeReport
from espace_parents_tui.models.reports import Evaluation, ReportCard
from espace_parents_tui.pronote.tabs import TAB_EVALUATIONS, TAB_GRADES, TAB_REPORT_CARD
from espace_parents_tui.service.sections.base import (
    Context,
    Section,
    current_period_name,
    elapsed_period_names,
    subject_name,
)
from espace_parents_tui.service.wording import mark_text
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_, _, format_number


async def _fetch_grades(client: Any, child: Child | None, scope: str) -> GradeReport:
    return await client.grades(child, scope or None)


def _grade_items(report: GradeReport) -> Iterable[Item]:
    seen: dict[tuple, int] = {}
    for grade in report.grades:
        base = (grade.subject.name, grade.day.isoformat(), grade.out_of, grade.coefficient)
        n = seen.get(base, 0)
        seen[base] = n + 1
        mark = grade.mark
        # What the sync says of it ("MATHÉMATIQUES : 16,5/20"): numbers as the language writes them.
        shown = (
            f"{format_number(mark.value)}/{format_number(grade.out_of)}"
            if mark.value is not None
            else (mark_text(mark) if mark.special else "")
        )
        yield Item(
            f"{base[0]}|{base[1]}|{base[2]:g}|{base[3]:g}|{n}",
            grade,
            f"{grade.subject.name} : {shown} ({grade.day:%d/%m})",
            grade.day,
        )


def _grade_scopes(ctx: Context) -> list[tuple[str, int]]:
    current = current_period_name(ctx, TAB_GRADES)
    return [(current, 0)] + [(name, 1) for name in elapsed_period_names(ctx, TAB_GRADES)]


GRADES = Section(
    name="grades",
    title_fr=N_("Notes"),
    value_type=GradeReport,
    fetch=_fetch_grades,
    scopes=_grade_scopes,
    default_scope=lambda ctx: current_period_name(ctx, TAB_GRADES),
    items=_grade_items,
    tab=TAB_GRADES,
    max_age=timedelta(hours=20),
)


async def _fetch_evaluations(client: Any, child: Child | None, scope: str) -> tuple[Evaluation, ...]:
    return await client.evaluations(child, scope or None)


def _evaluation_items(evaluations: tuple[Evaluation, ...]) -> Iterable[Item]:
    for e in evaluations:
        subject = subject_name(e.subject)
        yield Item(
            f"{subject}|{e.day.isoformat()}|{e.name}",
            e.acquisitions,
            _("Compétences : {name} ({subject})").format(name=e.name, subject=subject),
        )


EVALUATIONS = Section(
    name="evaluations",
    title_fr=N_("Compétences"),
    value_type=tuple[Evaluation, ...],
    fetch=_fetch_evaluations,
    scopes=lambda ctx: [(current_period_name(ctx, TAB_EVALUATIONS), 1)],
    default_scope=lambda ctx: current_period_name(ctx, TAB_EVALUATIONS),
    items=_evaluation_items,
    tab=TAB_EVALUATIONS,
)


async def _fetch_report(client: Any, child: Child | None, scope: str) -> ReportCard:
    return await client.report_card(child, scope or None)


def _report_items(card: ReportCard) -> Iterable[Item]:
    yield Item(
        "bulletin",
        card.published,
        _("Bulletin publié") if card.published else _("Bulletin pas encore publié"),
    )


REPORT = Section(
    name="report",
    title_fr=N_("Bulletin"),
    value_type=ReportCard,
    fetch=_fetch_report,
    scopes=lambda ctx: (
        [(current_period_name(ctx, TAB_REPORT_CARD), 1)]
        + [(name, 1) for name in elapsed_period_names(ctx, TAB_REPORT_CARD)]
    ),
    default_scope=lambda ctx: (
        elapsed_period_names(ctx, TAB_REPORT_CARD) or [current_period_name(ctx, TAB_REPORT_CARD)]
    )[-1],
    items=_report_items,
    baseline="scope",
    scoped_keys=True,
    tab=TAB_REPORT_CARD,
    max_age=timedelta(hours=20),
)
