"""A subject's average over time as a bar chart in the terminal, drawn with Rich text.

Rich rather than a plotting widget: the chart is a dozen points on a fixed 0–20 scale, which eighth
blocks draw at a quarter of a point per step; it adds no dependency, nothing to the start-up, and
its cells are plain characters that the 80×24 snapshots compare exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from espace_parents_tui.service.averages import TrendPoint
from espace_parents_tui.util.i18n import _, format_number

EIGHTHS = " ▁▂▃▄▅▆▇█"
STUDENT_STYLE = "bold cyan"
CLASS_STYLE = "yellow"
RANGE_STYLE = "dim"


def trend_chart(points: Sequence[TrendPoint], *, rows: int = 10, columns: int = 16) -> Text:
    """Bars: the child's average after each day of grades (oldest left); beside each bar, ``─`` at the
    class average and ``·`` from the lowest to the highest mark's average. Scale 0–20, labels left."""
    shown = list(points)[-columns:]
    levels = rows * 8
    chart = Text(no_wrap=True, overflow="crop")
    for row in range(rows - 1, -1, -1):
        top = (row + 1) * 20 / rows
        label = format_number(top, 0) if row % 2 == 1 else ""
        chart.append(f"{label:>3}│", style="dim")
        for point in shown:
            chart.append_text(_bar_cell(point.student, row, levels))
            chart.append_text(_class_cell(point, row, rows))
        chart.append("\n")
    chart.append("  0└" + "───" * len(shown), style="dim")
    if shown:
        chart.append("\n    ")
        first, last = shown[0].day, shown[-1].day
        span = max(3 * len(shown), 11)
        chart.append(
            f"{first:%d/%m}".ljust(span - 5) + (f"{last:%d/%m}" if last != first else ""), style="dim"
        )
    return chart


def _bar_cell(value: float | None, row: int, levels: int) -> Text:
    if value is None:
        return Text("  ")
    filled = round(value / 20 * levels)
    eighths = max(0, min(8, filled - row * 8))
    return Text(EIGHTHS[eighths] * 2, style=STUDENT_STYLE)


def _class_cell(point: TrendPoint, row: int, rows: int) -> Text:
    def row_of(value: float | None) -> int | None:
        return None if value is None else min(rows - 1, int(value / 20 * rows))

    if row_of(point.class_average) == row:
        return Text("─", style=CLASS_STYLE)
    low, high = row_of(point.class_min), row_of(point.class_max)
    if low is not None and high is not None and low <= row <= high:
        return Text("·", style=RANGE_STYLE)
    return Text(" ")


def legend() -> Text:
    return Text.assemble(
        ("██", STUDENT_STYLE),
        " " + _("moyenne de l'enfant") + "  ",
        ("─", CLASS_STYLE),
        " " + _("moyenne de la classe") + "  ",
        ("·", RANGE_STYLE),
        " " + _("min.–max."),
    )
