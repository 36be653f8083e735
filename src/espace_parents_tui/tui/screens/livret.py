"""The livret scolaire inside Parcours (``o`` switches the view): one class's livret at a time
(``,`` and ``.`` choose the class among those the child has been in), one line per subject with its
competence levels and its appreciation, then the socle's domains and the general appreciation.
Entrée shows a subject (or a domain) across the years: each competence's level in each class."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from espace_parents_tui.models.livret import LEVEL_MARKS, Livret, LivretYear, level_words
from espace_parents_tui.tui.screens.base import line
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import N_, _

LEVEL_STYLES = {1: "red", 2: "yellow", 3: "green", 4: "bold green"}
# The levels in few letters, for the grid of a subject across the years (13 columns a year).
SHORT_LEVELS = {1: N_("insuffisante"), 2: N_("fragile"), 3: N_("satisfaisante"), 4: N_("très bonne")}
GENERAL = "\x00general"  # the row of the general appreciation
DOMAIN = "\x00domain:"  # prefix of a domain's row


def year_label(year: LivretYear) -> str:
    """``6e B 24-25``: the class and the short school year."""
    short = f"{year.year[2:4]}-{year.year[7:9]}" if len(year.year) == 9 else year.year
    return f"{year.class_name} {short}".strip()


def level_mark(level: int | None) -> Text:
    return SafeText(LEVEL_MARKS.get(level or 0, "·"), style=LEVEL_STYLES.get(level or 0, "dim"))


def level_text(level: int | None, label: str = "", short: bool = False) -> Text:
    words = SHORT_LEVELS.get(level or 0) if short else None
    shown = _(words) if words else (_(level_words(level, label)) if level in LEVEL_MARKS else label or "—")
    return SafeText(shown, style=LEVEL_STYLES.get(level or 0, "dim"))


def picker(livret: Livret, index: int) -> Text:
    """The class picker's line: every class, the chosen one highlighted."""
    body = SafeText()
    for position, year in enumerate(livret.years):
        if position:
            body.append(" │ ", style="dim")
        body.append_text(line(year_label(year), style="reverse bold" if position == index else ""))
    return body


def fill_year(table: DataTable, year: LivretYear) -> list[str]:
    """The table of one class's livret; the rows' keys (subject, DOMAIN + name, GENERAL)."""
    table.add_column(SafeText(_("Matière / domaine")))
    table.add_column(SafeText(_("Compétences")))
    table.add_column(SafeText(_("Appréciation")))
    rows: list[str] = []
    for subject in year.subjects:
        marks = SafeText(" ").join(level_mark(c.level) for c in subject.competences)
        table.add_row(line(subject.subject, 22), marks, line(subject.appreciation or "—", 38))
        rows.append(subject.subject)
    for domain in year.domains:
        table.add_row(
            line(domain.name, 22), level_text(domain.level, domain.level_label, short=True), SafeText("")
        )
        rows.append(DOMAIN + domain.name)
    if year.appreciation:
        table.add_row(
            SafeText(_("Appréciation générale"), style="bold"), SafeText(""), line(year.appreciation, 38)
        )
        rows.append(GENERAL)
    return rows


def _grid_header(livret: Livret) -> Text:
    head = SafeText(" " * 26)
    for year in livret.years[-3:]:
        head.append(f"{year_label(year):<14}"[:14], style="bold")
    return head.append("\n")


def subject_across_years(livret: Livret, subject: str) -> Text:
    """A subject across the years: each competence's level in each class (the last three), then
    each year's appreciation."""
    years = livret.years[-3:]
    body = _grid_header(livret)
    names: list[str] = []
    for year in years:
        item = year.subject(subject)
        names.extend(c.name for c in (item.competences if item else ()) if c.name not in names)
    for name in names:
        body.append_text(line(name, 24)).append(" " * max(2, 26 - min(len(name), 24)))
        for year in years:
            item = year.subject(subject)
            found = next((c for c in item.competences if c.name == name), None) if item else None
            cell = (
                level_text(found.level, found.level_label, short=True)
                if found
                else SafeText("—", style="dim")
            )
            cell.truncate(13)
            body.append_text(cell).append(" " * (14 - cell.cell_len))
        body.append("\n")
    for year, item in livret.history(subject):
        if item is not None and item.appreciation:
            body.append(f"\n{year_label(year)} : ", style="bold").append_text(line(item.appreciation))
    return body


def domain_across_years(livret: Livret, name: str) -> Text:
    body = SafeText()
    for year, domain in livret.domain_history(name):
        body.append(f"{year_label(year)} : ", style="bold")
        body.append_text(
            level_text(domain.level, domain.level_label) if domain else SafeText(_("non évalué"), style="dim")
        )
        body.append("\n")
    return body


def general_across_years(livret: Livret) -> Text:
    body = SafeText()
    for year in livret.years:
        if year.appreciation:
            body.append(f"{year_label(year)} : ", style="bold").append_text(line(year.appreciation)).append(
                "\n"
            )
    return body


def detail(livret: Livret, row: str) -> tuple[str, Text]:
    """The title and the text of a row's detail (Entrée)."""
    if row == GENERAL:
        return _("Appréciation générale — sur les années"), general_across_years(livret)
    if row.startswith(DOMAIN):
        name = row[len(DOMAIN) :]
        return _("{name} — sur les années").format(name=name), domain_across_years(livret, name)
    return _("{name} — sur les années").format(name=row), subject_across_years(livret, row)
