"""Rich tables of ``show record`` and ``show textbooks`` (server text as ``Text``, never markup)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from espace_parents_tui.models.records import SchoolRecord, Textbooks
from espace_parents_tui.util.i18n import N_, _
from espace_parents_tui.util.textsafe import clean

TREND_MARKS = {"hausse": N_("↗ hausse"), "baisse": N_("↘ baisse"), "stable": N_("→ stable")}


def _t(value: object = "", style: str = "") -> Text:
    return Text(clean(value), style=style)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=_t(title), title_justify="left", show_lines=False, expand=False)
    for column in columns:
        table.add_column(_t(column))
    return table


def average_text(value: float | None) -> str:
    return f"{value:.2f}".replace(".", ",") if value is not None else "—"


def trend_text(trend: str) -> str:
    return _(TREND_MARKS[trend]) if trend in TREND_MARKS else ""


def render_record(record: SchoolRecord, title: str) -> RenderableType:
    if not record.offered:
        return _t(record.message or _("Aucun suivi pluriannuel pour cet enfant."))
    years = list(record.years)
    table = _table(title, _("Matière"), *[f"{y.year} ({y.classes})" for y in years], _("Tendance"))
    for subject in record.subjects():
        row = [_t(subject)]
        for year in years:
            item = year.subject(subject)
            row.append(_t(average_text(item.average if item else None)))
        row.append(_t(trend_text(record.trend(subject))))
        table.add_row(*row)
    table.add_row(
        _t(_("Moyenne générale"), "bold"), *[_t(average_text(y.average), "bold") for y in years], _t("")
    )
    cards = record.report_cards()
    if not cards:
        return table
    listing = _table(_("Bulletins des années précédentes (PDF)"), _("Année"), _("Période"))
    for card in cards:
        listing.add_row(_t(card.year), _t(card.period))
    if not record.subjects() and all(y.average is None for y in years):
        return listing  # the previous years' report cards without the suivi (tabs 227/228, no 44)
    return Group(table, listing)


def render_textbooks(books: Textbooks, title: str) -> RenderableType:
    if not books.offered:
        return _t(books.message or _("Aucun manuel numérique pour cet enfant."))
    table = _table(title, _("Manuel"), _("Matière"), _("Éditeur"), _("Lien"))
    for book in books.books:
        table.add_row(_t(book.title), _t(book.subject or ""), _t(book.publisher), _t(book.url or ""))
    return table


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def step_state(step, today) -> str:
    """Where a step of the family stands: open until…, opens on…, closed since…"""
    if not step.for_family:
        if not step.published:
            return _("pas encore publié")
        if step.acknowledgement_asked:
            return _("accusé de réception fait le {day}").format(day=_day(step.acknowledged_on)) if step.acknowledged else _("accusé de réception demandé")
        return _("publié")
    if step.opens and today < step.opens:
        return _("ouvre le {day}").format(day=_day(step.opens))
    if step.closes and today > step.closes:
        return _("close depuis le {day}").format(day=_day(step.closes))
    if step.editable or (step.closes and today <= step.closes):
        return _("ouverte jusqu'au {day}").format(day=_day(step.closes)) if step.closes else _("ouverte")
    return _("fermée")


def render_orientation(page, title: str, today=None) -> RenderableType:
    from datetime import date as _date

    today = today or _date.min
    if not page.offered:
        return _t(page.message or _("Aucune orientation pour cet enfant."))
    table = _table(f"{title} — {page.level}", _("Étape"), _("État"), _("Rang"), _("Voie"), _("Commentaire"))
    for step in page.steps:
        state = step_state(step, today)
        if step.max_wishes and step.for_family:
            state += " · " + _("{n} vœux au plus").format(n=step.max_wishes)
        rows = list(step.wishes) or [None]
        for index, wish in enumerate(rows):
            table.add_row(
                _t(step.title if index == 0 else ""),
                _t(state if index == 0 else ""),
                _t(str(wish.rank) if wish else ""),
                _t(wish.track if wish else "—"),
                _t(wish.comment if wish else (step.council_comment if index == 0 else "")),
            )
        if step.wishes and step.council_comment:
            table.add_row(_t(""), _t(""), _t(""), _t(""), _t(step.council_comment))
    tracks = _table(_("Voies proposées"), _("Voie"), _("Stage passerelle possible"))
    for track in page.tracks:
        tracks.add_row(_t(track.name), _t(_("oui") if track.with_internship else ""))
    return Group(table, tracks)


def render_internships(page, title: str) -> RenderableType:
    if not page.offered and not page.companies:
        return _t(page.message or _("Aucun stage pour cet enfant."))
    parts: list[RenderableType] = []
    if page.offered:
        table = _table(title, _("Stage"), _("Dates"), _("Entreprise"), _("Tuteur"), _("Horaires"))
        for item in page.internships:
            table.add_row(
                _t(item.subject),
                _t(f"{_day(item.start)} → {_day(item.end)}"),
                _t(item.company),
                _t(item.tutor),
                _t(item.schedule),
            )
        parts.append(table)
    else:
        parts.append(_t(page.message))
    if page.companies:
        firms = _table(_("Entreprises proposées par l'établissement"), _("Entreprise"), _("Activité"), _("Ville"), _("Offres"))
        for firm in page.companies:
            firms.add_row(_t(firm.name), _t(firm.activity), _t(firm.city), _t(", ".join(firm.offers)))
        parts.append(firms)
    return Group(*parts)
