"""Parcours: the child's school years side by side, one line per subject with its trend across the
years, and the past years' report cards as PDF. Entrée on a subject shows it across the years;
``t`` lists the report cards to download (through the downloads service)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from espace_parents_tui.models.records import PastReportCard, SchoolRecord
from espace_parents_tui.service.actions import records as actions_records
from espace_parents_tui.tui.screens.attachments import run_download
from espace_parents_tui.tui.screens.base import SectionView, line, text
from espace_parents_tui.tui.screens.dialogs import InfoScreen
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import N_, _

TRENDS = {"hausse": ("↗", "green", N_("hausse")), "baisse": ("↘", "red", N_("baisse")), "stable": ("→", "", N_("stable"))}


def average_text(value: float | None) -> str:
    return f"{value:.2f}".replace(".", ",") if value is not None else "—"


def trend_cell(trend: str) -> Text:
    mark, style, word = TRENDS.get(trend, ("", "", ""))
    return SafeText(f"{mark} {_(word)}" if mark else "", style=style)


def subject_history(record: SchoolRecord, subject: str) -> Text:
    """One subject across the years: the child's average, the class's, and the trend."""
    body = SafeText()
    for year in record.years:
        item = year.subject(subject)
        body.append(f"{year.year} ", style="bold").append_text(line(f"({year.classes})"))
        if item is None or item.average is None:
            body.append(" : " + _("pas de moyenne") + "\n", style="dim")
            continue
        body.append(f" : {average_text(item.average)}")
        if item.class_average is not None:
            body.append(" — " + _("classe") + f" {average_text(item.class_average)}", style="dim")
        body.append("\n")
    trend = record.trend(subject)
    if trend:
        body.append(_("Tendance : "), style="bold").append_text(trend_cell(trend))
    return body


class PastCardsScreen(ModalScreen[PastReportCard | None]):
    """The past years' report cards: Entrée downloads one."""

    BINDINGS = [Binding("escape", "dismiss", _("Fermer"), id="record.cards.close", tooltip=_("Fermer"))]
    DEFAULT_CSS = """
    PastCardsScreen { align: center middle; }
    PastCardsScreen > Vertical { width: 60; height: auto; max-height: 20; border: round $accent;
        background: $surface; padding: 0 1; }
    """

    def __init__(self, cards: list[PastReportCard]) -> None:
        super().__init__()
        self.cards = cards

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(SafeText(_("Bulletins des années précédentes"), style="bold"))
            yield OptionList(*[Option(line(f"{c.year} — {c.period}")) for c in self.cards], id="record-cards")
            yield Static(SafeText(_("Entrée : télécharger le PDF · Échap : fermer"), style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.cards[event.option_index])


class RecordView(SectionView):
    key = "record"
    letter = "u"
    title_text = N_("Parcours")
    sections = ("record",)

    BINDINGS = [
        Binding(
            "t",
            "cards",
            _("Bulletins PDF"),
            id="record.cards",
            tooltip=_("Télécharger un bulletin d'une année précédente (PDF)"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.subjects: list[str] = []
        self.record: SchoolRecord | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="record-title")
        yield DataTable(id="record-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="record-empty")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        name = self.child.name if self.child else ""
        self.query_one("#record-title", Static).update(
            text(_("Parcours — {name}   (Entrée : détail, t : bulletins PDF)").format(name=name))
        )
        table = self.query_one(DataTable)
        empty = self.query_one("#record-empty", Static)
        row = table.cursor_row
        table.clear(columns=True)
        self.subjects, self.record = [], None
        cached = self.read("record", "all")
        if cached is None:
            empty.update(text(_("Chargement du parcours…")))
            empty.display = True
            if getattr(self.app, "current", None) == self.key:
                self.want("record", "all")
            return
        record = cached.value
        if not record.years:
            empty.update(text(record.message or _("Aucun suivi pluriannuel pour cet enfant.")))
            empty.display = True
            return
        self.record = record
        years = list(record.years)[-3:]  # 80 columns: the last three years side by side
        table.add_column(SafeText(_("Matière")))
        for year in years:
            table.add_column(line(f"{year.year[2:4]}-{year.year[7:9]} {year.classes}", 12))
        table.add_column(SafeText(_("Tendance")))
        for subject in record.subjects():
            cells = [line(subject, 20)]
            for year in years:
                item = year.subject(subject)
                cells.append(SafeText(average_text(item.average if item else None)))
            cells.append(trend_cell(record.trend(subject)))
            table.add_row(*cells)
            self.subjects.append(subject)
        table.add_row(
            SafeText(_("Moyenne générale"), style="bold"),
            *[SafeText(average_text(y.average), style="bold") for y in years],
            SafeText(""),
        )
        empty.display = False
        table.move_cursor(row=min(max(row, 0), len(self.subjects)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.record is None or not 0 <= event.cursor_row < len(self.subjects):
            return
        subject = self.subjects[event.cursor_row]
        self.app.push_screen(InfoScreen(subject, subject_history(self.record, subject)))

    def action_cards(self) -> None:
        record, portal, child = self.record, self.portal, self.child
        cards = record.report_cards() if record else []
        if not cards or portal is None or child is None:
            self.app.notify(_("Aucun bulletin d'une année précédente n'est proposé."), markup=False)
            return

        def chosen(card: PastReportCard | None) -> None:
            if card is None:
                return
            run_download(
                self.app,
                _("Bulletin {period} {year}").format(period=card.period, year=card.year),
                lambda: actions_records.download_past_report_card(portal, child, card.year, card.period),
            )

        self.app.push_screen(PastCardsScreen(cards), chosen)
