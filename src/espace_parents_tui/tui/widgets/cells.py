"""A table cell drawn without Rich's rendering chain, for the common cell: one line that fits.

``DataTable`` draws a cell by rendering ``Styled(Padding(cell, (0, padding)), pre, post)`` through
the Rich console into one line of its column's width. For a cell that is one line of ``Text`` that
fits inside its padding, what that chain does comes down to a few steps, done here directly with
Rich's own pieces (the text's rendering, the line's padding, the styles laid over):

- the text, rendered as ``Text.__rich_console__`` renders it when nothing needs wrapping,
  cropping or justifying: its style becomes a span under its own spans
  (``Text("\\n").join([text])``), then ``Text.render``;
- padded with spaces to the inner width, then ``padding`` spaces on each side, all in ``Padding``'s
  style (``"none"``: no style);
- ``pre`` laid under and ``post`` over every segment (``Segment.apply_style``, as ``Styled``).

Anything else (a cell wider than its column, several lines, a tab, wrapping or justifying asked by
the text, another renderable) returns None: the caller lets ``DataTable`` draw it.
``tests/test_list_table.py`` checks the lines are equal, segment for segment, to ``DataTable``'s.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

# What Text.__rich_console__ joins a text's lines with (one line: the line itself, its style as a span).
LINE_JOINER = Text("\n")


def fits_on_one_line(cell: object, inner: int) -> bool:
    """Whether ``cell`` is text drawn as itself on one line of ``inner`` cells (nothing cut or moved)."""
    if not isinstance(cell, Text) or inner < 1:
        return False
    plain = cell.plain
    return (
        cell.no_wrap is not False  # a wrapped cell shows its first line, which may not be all of it
        and cell.justify in (None, "default")
        and "\n" not in plain
        and "\t" not in plain
        and cell_len(plain) <= inner
    )


def cell_line(
    cell: object, width: int, padding: int, pre: Style, post: Style, console: Console
) -> list[Segment] | None:
    """The one line DataTable draws for ``cell`` in a column ``width`` wide, or None (see above)."""
    inner = width - 2 * padding
    space_style = console.get_style("none")
    if space_style:
        return None
    if inner == 0 and padding:
        # No room inside the padding: Rich renders nothing there and pads the line with "".
        line = [Segment("", space_style)]
    elif fits_on_one_line(cell, inner):
        assert isinstance(cell, Text)
        line = text_segments(cell, console)
        length = cell_len(cell.plain)
        if length < inner:
            line.append(Segment(" " * (inner - length), space_style))
    else:
        return None
    if padding:
        side = Segment(" " * padding, space_style)
        line = [side, *line, side]
    # As Segment.apply_style(line, pre, post), each style worked out once.
    laid: dict[Style | None, Style | None] = {}
    drawn = []
    for text, style, _control in line:
        if style not in laid:
            combined = pre + style if pre else style
            if post:
                combined = combined + post if combined else post
            laid[style] = combined
        drawn.append(Segment(text, laid[style]))
    return drawn


def text_segments(cell: Text, console: Console) -> list[Segment]:
    """What Text.__rich_console__ yields for a text drawn as itself on one line (without its end)."""
    if cell._spans or (cell.style and not cell.plain):
        return list(LINE_JOINER.join([cell]).render(console))
    if not cell.style:
        return [Segment(cell.plain)]
    # Its style alone as a span: the style on the whole text.
    style = console.get_style("", default=Style.null()) + console.get_style(cell.style, default=Style.null())
    return [Segment(cell.plain, style)]
