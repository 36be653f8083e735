"""The app's tables: Textual's ``DataTable``, keeping what it drew across section switches.

A section switch hides one view and shows another, and moves the focus to the new view's table.
``DataTable`` then forgets every rendered cell and line twice: on the ``Resize`` event Textual
sends to every widget shown again (even at the same size; also after its first drawing), and on
the style update of its focus change (the focused look tints the whole table). Coming back to a
section redrew its visible cells from scratch: on a big school a third of the switch
(``benchmarks/bigschool.py``).

``ListTable`` keeps them instead: a ``Resize`` that keeps its width changes nothing (what it draws
depends on its width, not its height), and what was drawn under one look (focused, not focused)
is put aside when the look changes and taken back when the table is drawn with that look again. The look is compared in full (the table's style and
every component style: cursor, header, rows), and ``DataTable``'s own cache keys still hold the
rest (rows and columns changed, cursor, hover, width), so a table never shows stale lines.

A page of a long list draws some 180 cells never drawn before. ``DataTable`` draws each through
Rich's whole chain (``Styled(Padding(cell))`` rendered by the console into lines, cropped twice):
most of the page's time. ``ListTable`` draws the common cell (a one-line ``Text`` that fits its
column, in a row one line high) with the same Rich steps done directly (:mod:`.cells`), in
``DataTable``'s cell cache under ``DataTable``'s key. Every other cell (headers, labels, text wider
than its column or on several lines, other renderables) goes through ``DataTable``. The cells are
equal, segment for segment, to ``DataTable``'s (``tests/test_list_table.py``). A row of a list
with a row cursor, no fixed column and no row label (every list of the app) is put together
directly too, in ``DataTable``'s row cache: its cells, then the rest of the width in the row's
look. While it draws, what every cell and row share (the component styles ``DataTable`` asks for
at each line, worked out from every ancestor; the columns' widths; the settings) is worked out once.

After a drawing that moved, the cells of the next page (the way it moved; both ways at first) are
drawn ahead into the same cache once the app has handled what waits (``call_later``; a few rows
at a time, so that a frame due meanwhile is not held back), with the keys
the next drawing will look for (the row's look, no cursor, the same focus state): a page down then
draws only the cursor's row (``tests/test_list_table.py``). The work is the same, but it is done
between two frames instead of inside one: a frame of a page down stays under Textual's 1/60 s.

Textual is pinned (``pyproject.toml``); ``tests/test_switch.py`` and ``tests/test_list_table.py``
check what this relies on.
"""

from __future__ import annotations

import asyncio
from typing import Any, NamedTuple

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.color import Color
from textual.coordinate import Coordinate
from textual.dom import DOMNode
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from espace_parents_tui.tui.widgets.cells import cell_line

ROWS_AT_A_TIME = 4  # rows drawn ahead between two turns of the event loop (≈ 0.5 ms)

# DataTable's render caches that its ``notify_style_update`` clears.
RENDER_CACHES = ("_row_render_cache", "_cell_render_cache", "_row_renderable_cache", "_line_cache")


class ListTable(DataTable):
    """A ``DataTable`` (same look, keys, messages) not redrawn when shown again unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Set first: DataTable's __init__ already clears its caches.
        self._width: int | None = None  # the width of the last Resize
        self._look: tuple | None = None  # the look the current caches were drawn with
        self._put_aside: dict[tuple, tuple[LRUCache, ...]] = {}  # caches drawn under other looks
        self._drawing_style: Style | None = None  # the table's style while it draws its lines
        self._drawing_background: tuple[Color, Color] | None = None
        self._row_styles: dict[tuple, Style] = {}
        self._components: dict[tuple[str, ...], DrawnStyles] = {}
        self._cell_setting: CellSetting | None = None  # what every cell of one drawing shares
        self._drawn_ahead: tuple | None = None  # where the pages around were last drawn ahead for
        super().__init__(*args, **kwargs)

    def _on_resize(self, event: events.Resize) -> None:
        width, self._width = self._width, event.size.width
        if width is None or width == event.size.width:
            # The first size (what was drawn already used it) or the same width: DataTable's own
            # handler would forget every drawn line. Its rows' drawing depends on the width only.
            event.prevent_default()
        # Otherwise DataTable's handler runs next (the message goes up the classes).

    def notify_style_update(self) -> None:
        # The look changed (the focus came or went): keep what was drawn under the old one.
        if self._look is not None and len(self._line_cache):
            self._put_aside[self._look] = tuple(getattr(self, name) for name in RENDER_CACHES)
            for name in RENDER_CACHES:
                setattr(self, name, LRUCache(getattr(self, name).maxsize))
            while len(self._put_aside) > 2:  # focused and not: one of each is enough
                del self._put_aside[next(iter(self._put_aside))]
        self._look = None
        super().notify_style_update()

    def _clear_caches(self) -> None:
        # A change DataTable's cache keys do not hold (zebra stripes, header, padding…): nothing
        # drawn before is good for any look.
        self._put_aside.clear()
        super()._clear_caches()

    def _update_dimensions(self, new_rows: Any) -> None:
        self._put_aside.clear()  # column widths may change
        super()._update_dimensions(new_rows)

    def _current_look(self) -> tuple:
        components = tuple(self.get_component_rich_style(name) for name in sorted(self.COMPONENT_CLASSES))
        return (self.rich_style, self.get_pseudo_class_state(), components)

    # While the table draws, what Textual works out from every ancestor at each call (once per line
    # or per row: most of a page's scroll on a long list) is worked out once.

    @property
    def background_colors(self) -> tuple[Color, Color]:
        if self._drawing_style is not None:
            if self._drawing_background is None:
                self._drawing_background = DOMNode.background_colors.fget(self)  # type: ignore[attr-defined]
            return self._drawing_background
        return DOMNode.background_colors.fget(self)  # type: ignore[attr-defined]

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        if self._drawing_style is None:
            return super()._get_row_style(row_index, base_style)
        kind = -1 if row_index == -1 else -2 if row_index < self.fixed_rows else row_index % 2
        key = (kind, base_style)
        style = self._row_styles.get(key)
        if style is None:
            style = self._row_styles[key] = super()._get_row_style(row_index, base_style)
        return style

    @property
    def rich_style(self) -> Style:
        # Textual works it out from every ancestor at each call, and DataTable asks once per line.
        if self._drawing_style is not None:
            return self._drawing_style
        return DOMNode.rich_style.fget(self)  # type: ignore[attr-defined]

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._look is None:  # the first drawing since the look changed: anything kept for it?
            self._look = self._current_look()
            kept = self._put_aside.pop(self._look, None)
            if kept is not None and not len(self._line_cache):
                for name, cache in zip(RENDER_CACHES, kept, strict=True):
                    setattr(self, name, cache)
        self._drawing_style = DOMNode.rich_style.fget(self)  # type: ignore[attr-defined]
        try:
            strips = super().render_lines(crop)
            if self._cell_setting is not None and self._cell_setting.row_cursor:
                self._ask_to_draw_ahead(self._drawing_style)
            return strips
        finally:
            self._drawing_style = self._drawing_background = self._cell_setting = None
            self._row_styles.clear()
            self._components.clear()

    def get_component_styles(self, *names: str) -> Any:
        # While drawing, DataTable asks for the Rich style of the header's, the fixed cells' or the
        # zebra rows' styles at each line.
        if self._drawing_style is None:
            return super().get_component_styles(*names)
        drawn = self._components.get(names)
        if drawn is None:
            drawn = self._components[names] = DrawnStyles(super().get_component_styles(*names))
        return drawn

    # A cell drawn directly (see the module's docstring).

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        if row_index >= 0 and column_index >= 0:
            drawn = self._one_line_cell(row_index, column_index, base_style, width, cursor, hover)
            if drawn is not None:
                return drawn
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def _one_line_cell(
        self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool, hover: bool
    ) -> list[list[Segment]] | None:
        """The cell's line as DataTable draws it, or None when DataTable must draw it."""
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return None
        # DataTable's own cache and key: what it drew stays valid, what it forgets is forgotten.
        key = (
            row_key,
            self._column_locations.get_key(column_index),
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        cells = self._get_row_renderables(row_index).cells
        if column_index >= len(cells):
            return None
        setting = self._cell_setting or self._shared_by_cells()
        component, post = self._get_styles_to_render_cell(
            False,  # not the header
            False,  # not a row label
            row_index < setting.fixed_rows or column_index < setting.fixed_columns,
            hover,
            cursor,
            setting.show_cursor,
            self._show_hover_cursor,
            setting.css_color,
            setting.css_background,
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        line = cell_line(cells[column_index], width, setting.padding, pre, post, setting.console)
        if line is None:
            return None
        cache[key] = lines = [line]
        return lines

    def _shared_by_cells(self) -> CellSetting:
        labels = self._labelled_row_exists and self.show_row_labels
        setting = CellSetting(
            padding=self.cell_padding,
            fixed_rows=self.fixed_rows,
            fixed_columns=self.fixed_columns,
            show_cursor=self.show_cursor,
            css_color=self.cursor_foreground_priority == "css",
            css_background=self.cursor_background_priority == "css",
            console=self.app.console,
            row_cursor=self.cursor_type == "row" and not self.fixed_columns and not labels,
            widths=[column.get_render_width(self) for column in self.ordered_columns],
            width=self.size.width,
        )
        if self._drawing_style is not None:
            self._cell_setting = setting
        return setting

    # A row drawn directly: a list with a row cursor, no fixed column and no row label (all ours).

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list, list]:
        setting = self._cell_setting or self._shared_by_cells()
        if not setting.row_cursor:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        # DataTable's own cache and key.
        key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            "row",
            setting.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._row_render_cache
        if key in cache:
            return cache[key]
        row_index = self._row_locations.get(row_key)
        if row_index is None:  # the header
            row_index = -1
        row_style = self._get_row_style(row_index, base_style)
        # A row cursor: every cell of the row is under it (or under the mouse) or none is.
        cursor, hover = cursor_location.row == row_index, hover_location.row == row_index
        render_cell = self._render_cell
        cells = [
            render_cell(row_index, column, row_style, width, cursor=cursor, hover=hover)[line_no]
            for column, width in enumerate(setting.widths)
        ]
        # The rest of the widget's width, in the row's look and its cursor's.
        extend, _post = self._get_styles_to_render_cell(
            row_index == -1,
            False,
            False,
            hover,
            cursor,
            setting.show_cursor,
            self._show_hover_cursor,
            False,
            False,
        )
        extend = row_style + extend + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        cells.append([Segment(" " * max(0, setting.width - sum(setting.widths)), extend)])
        cache[key] = drawn = ([], cells)
        return drawn

    # The pages around the one shown drawn ahead, while the app waits (see the module's docstring).

    def _ask_to_draw_ahead(self, base_style: Style) -> None:
        place = (int(self.scroll_y), self.size, base_style, self._update_count, self._pseudo_class_state)
        before = self._drawn_ahead
        if place != before:
            self._drawn_ahead = place
            # Going down (up), the page above (below) was just shown: only the other is drawn.
            moved = 0 if before is None or before[1:] != place[1:] else place[0] - before[0]
            self.call_later(self._draw_ahead, place, moved >= 0, moved <= 0)

    async def _draw_ahead(self, place: tuple, below: bool = True, above: bool = True) -> None:
        """The cells of the page below and the page above the one shown, into the cell cache.

        A few rows at a time, letting the event loop run in between: the screen's next frame is
        not held back (a frame started late by more than its period makes Textual's timer skip)."""
        top, size, base_style, update_count, _state = place
        page = max(1, size.height - (self.header_height if self.show_header else 0))  # rows shown
        lines = [
            *(range(top + page, top + 2 * page + 1) if below else ()),
            *(range(max(0, top - page - 1), top) if above else ()),
        ]
        row_styles: dict[int, Style] = {}
        for start in range(0, len(lines), ROWS_AT_A_TIME):
            if start:
                await asyncio.sleep(0)
            if (
                place != self._drawn_ahead  # moved since: the next drawing asks again
                or update_count != self._update_count  # rows changed since
                or self._look is None  # its look changed since (focus): the next drawing asks again
                or self.get_pseudo_class_state() != self._pseudo_class_state
                or not self.is_mounted
                or not self.display
            ):
                return
            setting = self._shared_by_cells()
            offsets = self._y_offsets
            cursor_row, hover_row = self.cursor_coordinate.row, self.hover_coordinate.row
            for y in lines[start : start + ROWS_AT_A_TIME]:
                if y >= len(offsets) or offsets[y][1] != 0:
                    continue
                row_index = self._row_locations.get(offsets[y][0])
                if row_index is None or row_index in (cursor_row, hover_row):
                    continue  # drawn with the cursor's or the mouse's look: left to the drawing
                kind = row_index % 2 if row_index >= setting.fixed_rows else -2
                row_style = row_styles.get(kind)
                if row_style is None:
                    row_style = row_styles[kind] = self._get_row_style(row_index, base_style)
                for column, width in enumerate(setting.widths):
                    self._render_cell(row_index, column, row_style, width, cursor=False, hover=False)


class CellSetting(NamedTuple):
    """What every cell and row of one drawing shares."""

    padding: int
    fixed_rows: int
    fixed_columns: int
    show_cursor: bool
    css_color: bool  # the cursor's colour and background: the CSS's over the cell's
    css_background: bool
    console: Console
    row_cursor: bool  # a row cursor, no fixed column, no row label: rows drawn directly
    widths: list[int]  # the columns' widths as drawn (with their padding)
    width: int  # the table's


class DrawnStyles:
    """A component's styles during one drawing: their Rich style worked out once."""

    __slots__ = ("rich_style", "styles")

    def __init__(self, styles: Any) -> None:
        self.styles = styles
        self.rich_style: Style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self.styles, name)
