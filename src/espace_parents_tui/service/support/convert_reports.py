"""Compétences and bulletins in the school file: a child's cached evaluations and report cards.

A report card's averages are computed by the server from the period's grades, as for the grades
page; its teachers are kept as the report card named them. A report card the school had not
published is simply absent (the server then says it is not published). The PDF is not in the cache.
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.reports import Evaluation, ReportCard
from espace_parents_tui.service.support.collect import Conversion, number


def _evaluations(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    found: dict[tuple, dict[str, Any]] = {}
    for period in conversion.scopes(child.name, "evaluations"):
        cached = conversion.portal.read("evaluations", child, period)
        for evaluation in cached.value if cached else ():
            key = (evaluation.name, evaluation.subject.name, evaluation.day, evaluation.teacher)
            found.setdefault(key, _evaluation(conversion, evaluation, period))
    if found:
        entry["evaluations"] = list(found.values())


def _evaluation(conversion: Conversion, evaluation: Evaluation, period: str) -> dict[str, Any]:
    conversion.names.subject(evaluation.subject.name, evaluation.subject.color)
    conversion.names.person(evaluation.teacher)
    result: dict[str, Any] = {
        "subject": evaluation.subject.name,
        "date": evaluation.day.isoformat(),
        "period": period,
        "name": evaluation.name,
        "teacher": evaluation.teacher,
    }
    if evaluation.description:
        result["description"] = evaluation.description
    if evaluation.coefficient != 1:
        result["coefficient"] = number(evaluation.coefficient)
    if evaluation.levels:
        result["levels"] = list(evaluation.levels)
    results = []
    for acquisition in sorted(evaluation.acquisitions, key=lambda a: a.order):
        item: dict[str, Any] = {
            "item": acquisition.item or "",
            "level": acquisition.abbreviation or "NE",
            "domain": acquisition.domain,
            "pillar": acquisition.pillar,
        }
        if acquisition.pillar_prefix:
            item["pillar_prefix"] = acquisition.pillar_prefix
        if acquisition.coefficient != 1:
            item["coefficient"] = int(acquisition.coefficient)
        results.append(item)
    if results:
        result["results"] = results
    return result


def _reports(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    cards = []
    for period in conversion.scopes(child.name, "report"):
        cached = conversion.portal.read("report", child, period)
        card: ReportCard | None = cached.value if cached else None
        if card is None or not card.published:
            continue
        subjects = []
        for line in card.subjects:
            conversion.names.subject(line.subject.name, line.subject.color)
            for teacher in line.teachers:
                conversion.names.person(teacher)
            subject: dict[str, Any] = {
                "subject": line.subject.name,
                "appraisal": line.appraisals[0] if line.appraisals else "",
                "teachers": list(line.teachers),
            }
            if line.coefficient is not None and line.coefficient != 1:
                subject["coefficient"] = number(line.coefficient)
            subjects.append(subject)
        result: dict[str, Any] = {"period": period, "subjects": subjects}
        if card.appraisals:
            result["appraisals"] = [{"title": a.title, "text": a.text} for a in card.appraisals]
        cards.append(result)
    if cards:
        entry["report_cards"] = cards


CHILD_REPORTS = {"evaluations": _evaluations, "report": _reports}
