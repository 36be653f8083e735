"""Rich tables for the command line's ``show``. Server text is always wrapped in ``Text``: never markup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from espace_parents_tui.i18n import t
from espace_parents_tui.models import Child, GradeReport, Lesson, Mark

SPECIAL_FR = {
    1: "Absent",
    2: "Dispensé",
    3: "Non noté",
    4: "Inapte",
    5: "Non rendu",
    6: "Absent (0)",
    7: "Non rendu (0)",
    8: "Félicitations",
}


def mark_text(mark: Mark, out_of: float | None = None) -> str:
    if mark.special is not None:
        return SPECIAL_FR.get(int(mark.special), str(mark.special))
    if mark.value is None:
        return t("not_published")
    text = f"{mark.value:g}".replace(".", ",")
    if out_of is not None and out_of != 20:
        text += f"/{out_of:g}"
    return text


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title), title_justify="left", show_lines=False, expand=False)
    for column in columns:
        table.add_column(Text(column))
    return table


def render_children(children: list[Child]) -> RenderableType:
    table = _table(t("section.children"), t("col.name"), t("col.class"), t("col.school"))
    for child in children:
        table.add_row(Text(child.name), Text(child.class_name), Text(child.school))
    return table


def render_grades(report: GradeReport, title: str) -> RenderableType:
    table = _table(
        title,
        t("col.subject"),
        t("col.date"),
        t("col.grade"),
        t("col.coef"),
        t("col.class_avg"),
        t("col.min"),
        t("col.max"),
        t("col.comment"),
    )
    for grade in sorted(report.grades, key=lambda g: (g.subject.name, g.day)):
        table.add_row(
            Text(grade.subject.name),
            Text(f"{grade.day:%d/%m}"),
            Text(mark_text(grade.mark, grade.out_of)),
            Text(f"{grade.coefficient:g}"),
            Text(mark_text(grade.class_average) if grade.class_average.published else ""),
            Text(mark_text(grade.class_min) if grade.class_min.published else ""),
            Text(mark_text(grade.class_max) if grade.class_max.published else ""),
            Text(grade.comment),
        )
    return table


def render_averages(report: GradeReport, title: str) -> RenderableType:
    table = _table(
        title, t("col.subject"), t("col.student_avg"), t("col.class_avg"), t("col.min"), t("col.max")
    )
    for average in sorted(report.averages, key=lambda a: a.subject.name):
        table.add_row(
            Text(average.subject.name),
            Text(mark_text(average.student)),
            Text(mark_text(average.class_average) if average.class_average.published else ""),
            Text(mark_text(average.class_min) if average.class_min.published else ""),
            Text(mark_text(average.class_max) if average.class_max.published else ""),
        )
    table.add_section()
    table.add_row(
        Text(t("overall")), Text(mark_text(report.overall)), Text(mark_text(report.class_overall)), "", ""
    )
    return table


def render_timetable(lessons: list[Lesson], title: str) -> RenderableType:
    table = _table(
        title,
        t("col.date"),
        t("col.time"),
        t("col.subject"),
        t("col.teachers"),
        t("col.room"),
        t("col.status"),
    )
    for lesson in sorted(lessons, key=lambda les: les.start):
        status = (
            t("cancelled") + (f" ({lesson.status})" if lesson.status else "")
            if lesson.cancelled
            else lesson.status
        )
        subject = Text(lesson.subject or "")
        if lesson.cancelled:
            subject.stylize("strike")
        table.add_row(
            Text(f"{lesson.start:%a %d/%m}"),
            Text(f"{lesson.start:%H:%M}–{lesson.end:%H:%M}"),
            subject,
            Text(", ".join(lesson.teachers)),
            Text(", ".join(lesson.rooms)),
            Text(status),
        )
    return table


Renderer = Callable[[Any, str], RenderableType]

# show SECTION -> (the portal section holding the data, the renderer)
RENDERERS: dict[str, tuple[str, Renderer]] = {
    "grades": ("grades", render_grades),
    "averages": ("grades", render_averages),
    "timetable": ("timetable", render_timetable),
}
