"""Rich tables for the command line's ``show``. Server text is always wrapped in ``Text``: never markup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from espace_parents_tui.models import Child, GradeReport, Lesson
from espace_parents_tui.service.wording import mark_text
from espace_parents_tui.util.i18n import format_day, t


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
            Text(format_day(lesson.start)),
            Text(f"{lesson.start:%H:%M}–{lesson.end:%H:%M}"),
            subject,
            Text(", ".join(lesson.teachers)),
            Text(", ".join(lesson.rooms)),
            Text(status),
        )
    return table


def _name(value: Any) -> str:
    return str(getattr(value, "name", value) or "")


def render_homework(items: list, title: str) -> RenderableType:
    table = _table(title, "Pour le", t("col.subject"), "Travail", "Fait")
    for hw in sorted(items, key=lambda h: (h.due, _name(h.subject))):
        extra = f" [{len(hw.attachments)} pièce(s) jointe(s)]" if hw.attachments else ""
        table.add_row(
            Text(f"{hw.due:%d/%m}"),
            Text(_name(hw.subject)),
            Text(hw.description + extra),
            Text("oui" if hw.done else ""),
        )
    return table


def render_absences(life: Any, title: str) -> RenderableType:
    table = _table(title, "Quoi", "Quand", "Détail", "Justification")
    for a in life.absences:
        state = (
            "justifiée" if a.justified else ("à justifier" if a.to_justify_by_parents else "non justifiée")
        )
        table.add_row(
            Text("Absence"),
            Text(f"{a.start:%d/%m %H:%M} → {a.end:%d/%m %H:%M}"),
            Text(", ".join(a.reasons) or (a.hours or "")),
            Text(state),
        )
    for d in life.delays:
        table.add_row(
            Text("Retard"),
            Text(f"{d.when:%d/%m %H:%M}"),
            Text(f"{d.minutes} min " + ", ".join(d.reasons)),
            Text(
                "justifié" if d.justified else ("à justifier" if d.to_justify_by_parents else "non justifié")
            ),
        )
    for p in life.punishments:
        table.add_row(
            Text("Punition"),
            Text(f"{p.given:%d/%m}"),
            Text(f"{p.nature} — " + ", ".join(p.reasons)),
            Text(""),
        )
    for o in life.observations:
        table.add_row(Text("Observation"), Text(f"{o.day:%d/%m}"), Text(f"{o.title} : {o.comment}"), Text(""))
    return table


def render_messages(box: Any, title: str) -> RenderableType:
    table = _table(title, "Date", "Objet", "De", "Non lus")
    for d in box.discussions:
        table.add_row(
            Text(f"{d.date:%d/%m}" if d.date else d.date_label),
            Text(d.subject + (" (fermée)" if d.closed else "")),
            Text(d.initiator or ""),
            Text(str(d.unread) if d.unread else ""),
        )
    return table


def render_news(feed: Any, title: str) -> RenderableType:
    table = _table(title, "Date", "Titre", "Catégorie", "Auteur", "Lu")
    for item in feed.items:
        kind = " (sondage)" if item.is_survey else ""
        table.add_row(
            Text(f"{item.start:%d/%m}" if item.start else ""),
            Text(item.title + kind),
            Text(item.category or ""),
            Text(item.author or ""),
            Text("oui" if item.read else "non"),
        )
    return table


def render_menus(menus: list, title: str) -> RenderableType:
    table = _table(title, t("col.date"), "Repas", "Plats")
    for menu in sorted(menus, key=lambda m: m.day):
        dishes = " / ".join(dish.name for course in menu.courses for dish in course.dishes)
        table.add_row(Text(f"{menu.day:%d/%m}"), Text(menu.name or ""), Text(dishes))
    return table


def render_team(members: tuple, title: str) -> RenderableType:
    table = _table(title, t("col.name"), "Matières / fonction", "E-mail")
    for member in members:
        what = ", ".join(_name(s) for s in member.subjects) or (member.function or "")
        if member.is_main_teacher:
            what += " (professeur principal)"
        table.add_row(Text(member.name), Text(what), Text(member.email or ""))
    return table


def render_evaluations(evaluations: tuple, title: str) -> RenderableType:
    table = _table(title, t("col.date"), t("col.subject"), "Évaluation", "Niveaux")
    for e in sorted(evaluations, key=lambda e: e.day, reverse=True):
        levels = ", ".join(f"{a.abbreviation or a.level}" for a in e.acquisitions)
        table.add_row(Text(f"{e.day:%d/%m}"), Text(_name(e.subject)), Text(e.name), Text(levels))
    return table


def render_report(card: Any, title: str) -> RenderableType:
    if not card.published:
        return Text(f"{title} : {card.message or 'pas encore publié'}")
    table = _table(title, t("col.subject"), t("col.student_avg"), t("col.class_avg"), "Appréciation")
    for subject in card.subjects:
        table.add_row(
            Text(_name(subject.subject)),
            Text(mark_text(subject.student_average)),
            Text(mark_text(subject.class_average) if subject.class_average.published else ""),
            Text(" ".join(subject.appraisals)),
        )
    for appraisal in card.appraisals:
        table.add_row(Text(appraisal.title), Text(""), Text(""), Text(appraisal.text))
    return table


def render_calendar(data: Any, title: str) -> RenderableType:
    table = _table(title, "Du", "Au", "Quoi")
    for period in data.calendar.periods:
        table.add_row(Text(f"{period.start:%d/%m/%Y}"), Text(f"{period.end:%d/%m/%Y}"), Text(period.name))
    for holiday in data.calendar.holidays:
        table.add_row(Text(f"{holiday.start:%d/%m/%Y}"), Text(f"{holiday.end:%d/%m/%Y}"), Text(holiday.name))
    for event in data.events:
        table.add_row(Text(f"{event.start:%d/%m/%Y}"), Text(f"{event.end:%d/%m/%Y}"), Text(event.title))
    return table


Renderer = Callable[[Any, str], RenderableType]

# show SECTION -> (the portal section holding the data, the renderer)
RENDERERS: dict[str, tuple[str, Renderer]] = {
    "grades": ("grades", render_grades),
    "averages": ("grades", render_averages),
    "evaluations": ("evaluations", render_evaluations),
    "report": ("report", render_report),
    "timetable": ("timetable", render_timetable),
    "homework": ("homework", render_homework),
    "absences": ("school_life", render_absences),
    "messages": ("messages", render_messages),
    "news": ("news", render_news),
    "menus": ("menus", render_menus),
    "team": ("team", render_team),
    "calendar": ("calendar", render_calendar),
}
