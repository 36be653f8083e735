"""Rich tables of ``show livret``: each class's livret (server text as ``Text``, never markup), then
each subject's competences across the years."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from espace_parents_tui.models.livret import Livret, LivretYear, level_words
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean


def _t(value: object = "", style: str = "") -> Text:
    return Text(clean(value), style=style)


def _level(level: int | None, label: str) -> Text:
    words = level_words(level, label)
    return _t(_(words) if level in (1, 2, 3, 4) else words or "—")


def _year_title(year: LivretYear) -> str:
    return f"{year.class_name} ({year.year})" if year.year else year.class_name


def _year(year: LivretYear, title: str) -> Table:
    table = Table(
        title=_t(f"{title} — {_year_title(year)} — {year.publication}".rstrip(" —")), title_justify="left"
    )
    for column in (_("Matière / domaine"), _("Compétence"), _("Niveau"), _("Appréciation")):
        table.add_column(_t(column))
    for subject in year.subjects:
        first = True
        for competence in subject.competences or ():
            table.add_row(
                _t(subject.subject if first else ""),
                _t(competence.name),
                _level(competence.level, competence.level_label),
                _t(subject.appreciation if first else ""),
            )
            first = False
        if first:
            table.add_row(_t(subject.subject), _t(""), _t(""), _t(subject.appreciation))
    for domain in year.domains:
        table.add_row(_t(domain.name), _t(""), _level(domain.level, domain.level_label), _t(""))
    if year.appreciation:
        table.add_row(_t(_("Appréciation générale"), "bold"), _t(""), _t(""), _t(year.appreciation))
    return table


def _across(livret: Livret) -> Table:
    years = list(livret.years)
    table = Table(title=_t(_("Compétences sur les années")), title_justify="left")
    table.add_column(_t(_("Matière")))
    table.add_column(_t(_("Compétence")))
    for year in years:
        table.add_column(_t(_year_title(year)))
    for subject in livret.subjects():
        names: list[str] = []
        for year in years:
            item = year.subject(subject)
            names.extend(c.name for c in (item.competences if item else ()) if c.name not in names)
        for position, name in enumerate(names):
            cells = [_t(subject if position == 0 else ""), _t(name)]
            for year in years:
                item = year.subject(subject)
                found = next((c for c in item.competences if c.name == name), None) if item else None
                cells.append(_level(found.level, found.level_label) if found else _t("—"))
            table.add_row(*cells)
    for name in livret.domains():
        cells = [_t(name), _t("")]
        for year in years:
            domain = year.domain(name)
            cells.append(_level(domain.level, domain.level_label) if domain else _t("—"))
        table.add_row(*cells)
    return table


def render_livret(livret: Livret, title: str) -> RenderableType:
    if not livret.offered or not livret.years:
        return _t(livret.message or _("Aucun livret scolaire pour cet enfant."))
    parts: list[RenderableType] = [_year(year, title) for year in livret.years]
    if len(livret.years) > 1:
        parts.append(_across(livret))
    return Group(*parts)
