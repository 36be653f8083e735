"""Rich tables for the command line's ``show``.

Server text is always wrapped in ``Text`` (never markup) and cleaned of escape sequences and control
characters (:func:`espace_parents_tui.util.textsafe.clean`): ``_t`` builds every cell. Formatted texts
(homework) show as plain text: lists as bullets, tables as "a | b" rows, links with their address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from espace_parents_tui.cli.render_livret import render_livret
from espace_parents_tui.cli.render_records import (
    render_internships,
    render_orientation,
    render_record,
    render_textbooks,
)
from espace_parents_tui.models import Child, GradeReport, Lesson
from espace_parents_tui.service.averages import shown_averages
from espace_parents_tui.service.wording import average_text, computed_legend, mark_text
from espace_parents_tui.util.i18n import _, format_day, format_number, ngettext
from espace_parents_tui.util.textsafe import clean


def _t(value: object = "", style: str = "") -> Text:
    """A table cell or title: server text as text, never markup, nothing a terminal acts on."""
    return Text(clean(value), style=style)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=_t(title), title_justify="left", show_lines=False, expand=False)
    for column in columns:
        table.add_column(_t(column))
    return table


def render_children(children: list[Child]) -> RenderableType:
    table = _table(_("Enfants"), _("Nom"), _("Classe"), _("Établissement"))
    for child in children:
        table.add_row(_t(child.name), _t(child.class_name), _t(child.school))
    return table


def render_grades(report: GradeReport, title: str) -> RenderableType:
    table = _table(
        title,
        _("Matière"),
        _("Date"),
        _("Note"),
        _("Coef."),
        _("Moy. classe"),
        _("Min."),
        _("Max."),
        _("Commentaire"),
    )
    for grade in sorted(report.grades, key=lambda g: (g.subject.name, g.day)):
        table.add_row(
            _t(grade.subject.name),
            _t(f"{grade.day:%d/%m}"),
            _t(mark_text(grade.mark, grade.out_of)),
            _t(format_number(grade.coefficient)),
            _t(mark_text(grade.class_average) if grade.class_average.published else ""),
            _t(mark_text(grade.class_min) if grade.class_min.published else ""),
            _t(mark_text(grade.class_max) if grade.class_max.published else ""),
            _t(grade.comment),
        )
    return table


def render_averages(report: GradeReport, title: str) -> RenderableType:
    """The school's averages; where it publishes none, the one computed from the grades (``*``)."""
    shown = shown_averages(report)
    table = _table(title, _("Matière"), _("Moyenne"), _("Moy. classe"), _("Min."), _("Max."))
    for average in shown.subjects:
        table.add_row(
            _t(average.subject.name),
            _t(average_text(average.student, average.computed)),
            _t(mark_text(average.class_average) if average.class_average.published else ""),
            _t(mark_text(average.class_min) if average.class_min.published else ""),
            _t(mark_text(average.class_max) if average.class_max.published else ""),
        )
    table.add_section()
    table.add_row(
        _t(_("Moyenne générale")),
        _t(average_text(shown.overall, shown.overall_computed)),
        _t(mark_text(shown.class_overall)),
        "",
        "",
    )
    if shown.overall_computed or any(a.computed for a in shown.subjects):
        table.caption = computed_legend()
    return table


def render_timetable(lessons: list[Lesson], title: str) -> RenderableType:
    table = _table(
        title,
        _("Date"),
        _("Horaire"),
        _("Matière"),
        _("Professeurs"),
        _("Salle"),
        _("Statut"),
    )
    for lesson in sorted(lessons, key=lambda les: les.start):
        status = (
            _("annulé") + (f" ({lesson.status})" if lesson.status else "")
            if lesson.cancelled
            else lesson.status
        )
        subject = _t(lesson.subject or "")
        if lesson.cancelled:
            subject.stylize("strike")
        table.add_row(
            _t(format_day(lesson.start)),
            _t(f"{lesson.start:%H:%M}–{lesson.end:%H:%M}"),
            subject,
            _t(", ".join(lesson.teachers)),
            _t(", ".join(lesson.rooms)),
            _t(status),
        )
    return table


def _name(value: Any) -> str:
    return str(getattr(value, "name", value) or "")


def render_homework(items: list, title: str) -> RenderableType:
    table = _table(title, _("Pour le"), _("Matière"), _("Travail"), _("Fait"))
    for hw in sorted(items, key=lambda h: (h.due, _name(h.subject))):
        count = len(hw.attachments)
        extra = (
            ngettext(" [{len} pièce jointe]", " [{len} pièces jointes]", count).format(len=count)
            if count
            else ""
        )
        table.add_row(
            _t(f"{hw.due:%d/%m}"),
            _t(_name(hw.subject)),
            _t(hw.description + extra),
            _t("oui" if hw.done else ""),
        )
    return table


def render_absences(life: Any, title: str) -> RenderableType:
    table = _table(title, _("Quoi"), _("Quand"), _("Détail"), _("Justification"))
    for a in life.absences:
        state = (
            _("justifiée")
            if a.justified
            else (_("à justifier") if a.to_justify_by_parents else _("non justifiée"))
        )
        table.add_row(
            _t(_("Absence")),
            _t(f"{a.start:%d/%m %H:%M} → {a.end:%d/%m %H:%M}"),
            _t(", ".join(a.reasons) or (a.hours or "")),
            _t(state),
        )
    for d in life.delays:
        table.add_row(
            _t(_("Retard")),
            _t(f"{d.when:%d/%m %H:%M}"),
            _t(f"{d.minutes} min " + ", ".join(d.reasons)),
            _t(
                _("justifié")
                if d.justified
                else (_("à justifier") if d.to_justify_by_parents else _("non justifié"))
            ),
        )
    for p in life.punishments:
        table.add_row(
            _t(_("Punition")),
            _t(f"{p.given:%d/%m}"),
            _t(f"{p.nature} — " + ", ".join(p.reasons)),
            _t(""),
        )
    for o in life.observations:
        table.add_row(_t(_("Observation")), _t(f"{o.day:%d/%m}"), _t(f"{o.title} : {o.comment}"), _t(""))
    return table


def render_messages(box: Any, title: str) -> RenderableType:
    table = _table(title, _("Date"), _("Objet"), _("De"), _("Non lus"))
    for d in box.discussions:
        table.add_row(
            _t(f"{d.date:%d/%m}" if d.date else d.date_label),
            _t(d.subject + (_(" (fermée)") if d.closed else "")),
            _t(d.initiator or ""),
            _t(str(d.unread) if d.unread else ""),
        )
    return table


def render_news(feed: Any, title: str) -> RenderableType:
    table = _table(title, _("Date"), _("Titre"), _("Catégorie"), _("Auteur"), _("Lu"))
    for item in feed.items:
        kind = _(" (sondage)") if item.is_survey else ""
        table.add_row(
            _t(f"{item.start:%d/%m}" if item.start else ""),
            _t(item.title + kind),
            _t(item.category or ""),
            _t(item.author or ""),
            _t("oui" if item.read else "non"),
        )
    return table


def render_menus(menus: list, title: str) -> RenderableType:
    table = _table(title, _("Date"), _("Repas"), _("Plats"))
    for menu in sorted(menus, key=lambda m: m.day):
        dishes = " / ".join(dish.name for course in menu.courses for dish in course.dishes)
        table.add_row(_t(f"{menu.day:%d/%m}"), _t(menu.name or ""), _t(dishes))
    return table


def render_team(members: tuple, title: str) -> RenderableType:
    table = _table(title, _("Nom"), _("Matières / fonction"), _("E-mail"))
    for member in members:
        what = ", ".join(_name(s) for s in member.subjects) or (member.function or "")
        if member.is_main_teacher:
            what += _(" (professeur principal)")
        table.add_row(_t(member.name), _t(what), _t(member.email or ""))
    return table


def render_evaluations(evaluations: tuple, title: str) -> RenderableType:
    table = _table(title, _("Date"), _("Matière"), _("Évaluation"), _("Niveaux"))
    for e in sorted(evaluations, key=lambda e: e.day, reverse=True):
        levels = ", ".join(f"{a.abbreviation or a.level}" for a in e.acquisitions)
        table.add_row(_t(f"{e.day:%d/%m}"), _t(_name(e.subject)), _t(e.name), _t(levels))
    return table


def render_report(card: Any, title: str) -> RenderableType:
    if not card.published:
        return _t(f"{title} : {card.message or _('pas encore publié')}")
    table = _table(title, _("Matière"), _("Moyenne"), _("Moy. classe"), _("Appréciation"))
    for subject in card.subjects:
        table.add_row(
            _t(_name(subject.subject)),
            _t(mark_text(subject.student_average)),
            _t(mark_text(subject.class_average) if subject.class_average.published else ""),
            _t(" ".join(subject.appraisals)),
        )
    for appraisal in card.appraisals:
        table.add_row(_t(appraisal.title), _t(""), _t(""), _t(appraisal.text))
    return table


def render_calendar(data: Any, title: str) -> RenderableType:
    table = _table(title, _("Du"), _("Au"), _("Quoi"))
    for period in data.calendar.periods:
        table.add_row(_t(f"{period.start:%d/%m/%Y}"), _t(f"{period.end:%d/%m/%Y}"), _t(period.name))
    for holiday in data.calendar.holidays:
        table.add_row(_t(f"{holiday.start:%d/%m/%Y}"), _t(f"{holiday.end:%d/%m/%Y}"), _t(holiday.name))
    for event in data.events:
        table.add_row(_t(f"{event.start:%d/%m/%Y}"), _t(f"{event.end:%d/%m/%Y}"), _t(event.title))
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
    "orientation": ("orientation", render_orientation),
    "internships": ("internships", render_internships),
    "textbooks": ("textbooks", render_textbooks),
    "record": ("record", render_record),
    "livret": ("livret", render_livret),
}
