"""Parcours: the child's school years side by side, one line per subject with its trend across the
years, and the past years' report cards as PDF. Entrée on a subject shows it across the years;
``t`` lists the report cards to download (through the downloads service). Where the school offers
the livret scolaire (tab 83), ``o`` switches to it (:mod:`.livret`)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from espace_parents_tui.models.livret import Livret
from espace_parents_tui.models.records import PastReportCard, SchoolRecord
from espace_parents_tui.service.actions import records as actions_records
from espace_parents_tui.tui.screens import livret as livret_view
from espace_parents_tui.tui.screens.attachments import run_download
from espace_parents_tui.tui.screens.base import SectionView, line, text
from espace_parents_tui.tui.screens.dialogs import InfoScreen
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _

TRENDS = {
    "hausse": ("↗", "green", N_("hausse")),
    "baisse": ("↘", "red", N_("baisse")),
    "stable": ("→", "", N_("stable")),
}


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
    sections = ("record", "livret")

    DEFAULT_CSS = """
    RecordView #record-picker { height: 1; }
    """

    BINDINGS = [
        Binding(
            "t",
            "cards",
            _("Bulletins PDF"),
            id="record.cards",
            tooltip=_("Télécharger un bulletin d'une année précédente (PDF)"),
        ),
        Binding(
            "o", "toggle", _("Livret/moy."), id="record.toggle", tooltip=_("Moyennes ou livret scolaire")
        ),
        Binding(
            "comma",
            "klass(-1)",
            _("Classe préc."),
            id="record.class_previous",
            tooltip=_("Classe précédente"),
        ),
        Binding("full_stop", "klass(1)", _("Classe suiv."), id="record.class", tooltip=_("Classe suivante")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.subjects: list[str] = []
        self.record: SchoolRecord | None = None
        self.mode = "averages"  # or "livret"
        self.livret: Livret | None = None
        self.class_index: int | None = None  # the livret's class; None: this year's (the last)
        self.rows: list[str] = []  # the livret table's row keys

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="record-title")
        yield Static(id="record-picker")
        yield ListTable(id="record-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="record-empty")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def bind_data(self, portal, child) -> None:
        if child != self.child:
            self.class_index = None  # another child: this year's class first
        super().bind_data(portal, child)

    def livret_offered(self) -> bool:
        return self.portal is not None and self.portal.offers("livret", self.child)

    def record_offered(self) -> bool:
        return self.portal is not None and self.portal.offers("record", self.child)

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        picker = self.query_one("#record-picker", Static)
        picker.display = False
        if self.livret_offered() and (self.mode == "livret" or not self.record_offered()):
            self.mode = "livret"  # a school may offer the livret without the record over the years
            self._show_livret(picker)
            return
        self.mode = "averages"
        name = self.child.name if self.child else ""
        hint = _("Parcours — {name}   (Entrée : détail, t : bulletins PDF)").format(name=name)
        if self.livret_offered():
            hint = _("Parcours — {name}   (Entrée : détail, t : bulletins, o : livret)").format(name=name)
        self.query_one("#record-title", Static).update(text(hint))
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
        if not any(y.subjects or y.average is not None for y in record.years):
            # Tabs 227/228 without the suivi (tab 44): the school gives the past report cards only.
            cards = _(
                "L'établissement ne donne pas les moyennes des années passées, seulement leurs bulletins"
                " : t pour les voir ({count})."
            )
            empty.update(text(cards.format(count=len(record.report_cards()))))
            empty.display = True
            return
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

    def _show_livret(self, picker: Static) -> None:
        name = self.child.name if self.child else ""
        self.query_one("#record-title", Static).update(
            text(_("Livret — {name}  (o : moyennes · , . : classe · Entrée : années)").format(name=name))
        )
        table = self.query_one(DataTable)
        empty = self.query_one("#record-empty", Static)
        row = table.cursor_row
        table.clear(columns=True)
        cached = self.read("livret", "all")
        self.livret, self.rows = None, []
        if cached is None or not cached.value.years:
            empty.update(text(cached.value.message if cached else _("Chargement du livret…")))
            empty.display = True
            if cached is None and getattr(self.app, "current", None) == self.key:
                self.want("livret", "all")
            return
        livret = self.livret = cached.value
        last = len(livret.years) - 1
        index = last if self.class_index is None else min(max(self.class_index, 0), last)
        self.class_index = index
        year = livret.years[index]
        picker.update(
            livret_view.picker(livret, index).append("   ").append_text(line(year.publication, style="dim"))
        )
        picker.display = True
        self.rows = livret_view.fill_year(table, year)
        empty.display = False
        table.move_cursor(row=min(max(row, 0), max(len(self.rows) - 1, 0)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle":
            return self.livret_offered() and self.record_offered()
        if action == "klass":
            return self.mode == "livret"
        if action == "cards":
            return self.mode == "averages"
        return True

    def action_toggle(self) -> None:
        if not (self.livret_offered() and self.record_offered()):
            return
        self.mode = "averages" if self.mode == "livret" else "livret"
        self.refresh_view()
        self.refresh_bindings()

    def action_klass(self, step: int) -> None:
        if self.livret is None or not self.livret.years:
            return
        count = len(self.livret.years)
        self.class_index = ((self.class_index if self.class_index is not None else count - 1) + step) % count
        self.refresh_view()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.mode == "livret":
            if self.livret is not None and 0 <= event.cursor_row < len(self.rows):
                title, body = livret_view.detail(self.livret, self.rows[event.cursor_row])
                self.app.push_screen(InfoScreen(title, body))
            return
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
