"""ListTable draws its cells itself (``tui/widgets/cells.py``) for speed on long lists: what it draws
must be what DataTable draws, segment for segment (text, styles, the row and column a click reads),
and the keys must move through the rows as DataTable's do."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable

from espace_parents_tui.tui.widgets.cells import cell_line, fits_on_one_line
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from tui_helpers import press, settle

WIDTHS = (12, 8, 6, 10, 0)  # a column 0 wide: an empty column (Messagerie's « État »)


def rows() -> list[list[object]]:
    """Cells of every kind a list shows, and some it must leave to DataTable."""
    styled = SafeText("Sortie", style="bold")
    styled.append(" au musée", style="italic red")
    spans = Text("abc def ghi")
    spans.stylize("underline", 2, 6)
    spans.stylize(Style(color="green", bgcolor="black"), 4, 20)  # a span past the end
    return [
        [SafeText("24/11 08:30"), styled, SafeText("Mme DUPONT"), SafeText("●2", style="bold"), SafeText("")],
        [
            SafeText(""),
            SafeText("[bold]pas du markup[/]"),
            Text("lu", style="dim"),
            Text("x" * 6),
            Text("à traiter"),
        ],
        [spans, SafeText("éèà çù"), SafeText("漢字漢"), SafeText("un texte bien trop long pour sa colonne")],
        [
            Text("deux\nlignes"),
            Text("tab\tulé"),
            Text("à droite", justify="right"),
            Text("enroulé", no_wrap=False),
        ],
        ["chaîne [b]markup[/b]", 3.14159, None, 42],
        [Text("", style="reverse"), Text(" espaces "), SafeText("x" * 4), SafeText("fin")],
        # One cell wider than the column's inside: cut by each overflow rule.
        [
            SafeText("x" * 13),
            Text("y" * 9, overflow="ellipsis"),
            Text("z" * 7, overflow="crop"),
            SafeText("w" * 11),
        ],
    ]


class Tables(App):
    CSS = "DataTable { height: 8; }"

    def __init__(self, **options) -> None:
        super().__init__()
        self.options = options

    def compose(self) -> ComposeResult:
        yield ListTable(id="list", cursor_type="row", zebra_stripes=True, **self.options)
        yield DataTable(id="data", cursor_type="row", zebra_stripes=True, **self.options)

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            for index, width in enumerate(WIDTHS):
                table.add_column(SafeText(f"Col {index}"), width=width)
            for copy in range(3):  # enough rows to scroll
                for index, row in enumerate(rows()):
                    table.add_row(*row, key=f"{copy}-{index}")


def every_cell(table: DataTable, draw) -> list:
    """Every cell drawn with ``draw``, in every state (cursor, hover, zebra or not), from scratch."""
    drawn = []
    styles = [table.rich_style, table.rich_style + Style(bgcolor="blue", italic=True)]
    for row in range(table.row_count):
        for column, spec in enumerate(table.ordered_columns):
            for cursor in (False, True):
                for hover in (False, True):
                    for base in styles:
                        table._cell_render_cache.clear()
                        drawn.append(
                            draw(table, row, column, base, spec.get_render_width(table), cursor, hover)
                        )
    return drawn


@pytest.mark.parametrize(
    "options",
    [{}, {"cell_padding": 0}, {"cell_padding": 2}, {"fixed_columns": 1, "fixed_rows": 1}],
    ids=["padding-1", "padding-0", "padding-2", "fixed"],
)
async def test_every_cell_is_drawn_as_datatable_draws_it(options):
    app = Tables(**options)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one("#list", ListTable)
        table._pseudo_class_state = table.get_pseudo_class_state()
        ours = every_cell(table, ListTable._render_cell)
        theirs = every_cell(table, DataTable._render_cell)
        assert ours == theirs
        # The direct path drew most of them (not all left to DataTable), and left the rest.
        direct = sum(
            fits_on_one_line(cell, spec.get_render_width(table) - 2 * table.cell_padding)
            for row in range(table.row_count)
            for cell, spec in zip(table._get_row_renderables(row).cells, table.ordered_columns, strict=False)
        )
        assert table.row_count * len(WIDTHS) > direct > table.row_count


async def test_the_lines_drawn_are_datatables_lines_while_the_keys_move():
    app = Tables()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        ours, theirs = app.query_one("#list", ListTable), app.query_one("#data", DataTable)
        for keys in (
            [],
            ["down"],
            ["pagedown"],
            ["pagedown", "pagedown"],
            ["end"],
            ["pageup"],
            ["home"],
            ["mouse"],
        ):
            for key in keys:
                for table in (ours, theirs):
                    table.focus()
                    if key == "mouse":  # the mouse over the third row shown: its hover look
                        table.hover_coordinate = Coordinate(int(table.scroll_y) + 2, 1)
                        table._set_hover_cursor(True)
                    else:
                        await pilot.press(key)
            ours.focus()
            await pilot.pause()
            assert ours.cursor_coordinate == theirs.cursor_coordinate and ours.scroll_y == theirs.scroll_y
            region = Region(0, 0, ours.size.width, ours.size.height)
            # Both drawn unfocused (the same look): our lines are DataTable's.
            app.set_focus(None)
            await pilot.pause()
            assert ours.render_lines(region) == theirs.render_lines(region)
            assert [list(strip) for strip in ours.render_lines(region)] == [
                list(strip) for strip in theirs.render_lines(region)
            ]


async def test_the_pages_around_are_drawn_ahead_so_a_page_down_draws_only_the_cursor_row(monkeypatch):
    from espace_parents_tui.tui.widgets import table as table_module

    drawing, drawn = [], []  # the rows whose cells a drawing (not the drawing ahead) draws
    draw_cell, render_lines = table_module.cell_line, ListTable.render_lines

    def counted_cell(cell, width, padding, pre, post, console):
        if drawing:
            drawn.append(pre.meta["row"])
        return draw_cell(cell, width, padding, pre, post, console)

    def counted_lines(self, crop):
        drawing.append(self)
        try:
            return render_lines(self, crop)
        finally:
            drawing.pop()

    monkeypatch.setattr(table_module, "cell_line", counted_cell)
    monkeypatch.setattr(ListTable, "render_lines", counted_lines)
    app = Tables()
    async with app.run_test(size=(60, 20)) as pilot:
        ours = app.query_one("#list", ListTable)
        ours.focus()
        await pilot.pause()
        await pilot.pause()
        for key in ("pagedown", "pagedown", "pageup"):
            drawn.clear()
            await pilot.press(key)
            await pilot.pause()
            assert set(drawn) <= {ours.cursor_row}, key  # the rest was drawn ahead
        # What was drawn ahead is what DataTable draws (test above): compare the lines again here.
        theirs = app.query_one("#data", DataTable)
        for _ in range(2):
            theirs.action_page_down()
        theirs.action_page_up()
        app.set_focus(None)
        await pilot.pause()
        region = Region(0, 0, ours.size.width, ours.size.height)
        assert ours.scroll_y == theirs.scroll_y
        assert [list(strip) for strip in ours.render_lines(region)] == [
            list(strip) for strip in theirs.render_lines(region)
        ]


def test_a_cell_that_does_not_fit_is_left_to_datatable():
    from rich.console import Console

    console = Console()
    plain = Style()
    assert cell_line(SafeText("abcdef"), 8, 1, plain, plain, console) is not None
    assert cell_line(SafeText("abcdefg"), 8, 1, plain, plain, console) is None  # wider than 6
    assert cell_line(SafeText("ab\ncd"), 8, 1, plain, plain, console) is None
    # No room inside its padding: Rich draws nothing there ("").
    assert cell_line(SafeText("abc"), 2, 1, plain, plain, console) == [
        Segment(" ", plain),
        Segment("", plain),
        Segment(" ", plain),
    ]
    assert cell_line(SafeText("abc"), 1, 1, plain, plain, console) is None  # narrower than its padding
    assert not fits_on_one_line("abc", 10)  # not Text: DataTable formats it first


async def test_the_messagerie_list_draws_the_cells_datatable_draws(served):
    app = served.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        table = app.view("messages").query_one("#discussions-table", ListTable)
        assert table.row_count > 5
        table._pseudo_class_state = table.get_pseudo_class_state()
        assert every_cell(table, ListTable._render_cell) == every_cell(table, DataTable._render_cell)
        for row in range(table.row_count):  # every cell of the list takes the direct path
            cells = table._get_row_renderables(row).cells
            for cell, spec in zip(cells, table.ordered_columns, strict=True):
                width = spec.get_render_width(table) - 2 * table.cell_padding
                assert fits_on_one_line(cell, width) or width < 1
