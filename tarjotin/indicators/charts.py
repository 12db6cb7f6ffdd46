"""Charts drawn on the server as SVG: no script, readable without it, a data table beside.

A bar chart shows one or more numeric columns of a table (grouped bars with a legend when
several); a suppressed cell ("<5") gets no bar, only its text, so the chart never reveals
more than the table.
"""

from dataclasses import dataclass

from tarjotin.indicators.tables import Table

BAR_HEIGHT = 18
ROW_GAP = 8
LABEL_WIDTH = 260
BAR_WIDTH = 320
MAX_ROWS = 40


@dataclass
class Bar:
    label: str  # the row's label, on its first bar only
    shown: str
    y: int
    width: int
    series: int  # which charted column: colours and the legend


def bar_chart(table: Table) -> dict | None:
    if table.chart != "bar" or not table.rows:
        return None
    columns = table.chart_columns or _first_numeric_column(table)
    if not columns:
        return None
    rows = [table.rows[i] for i in table.chart_rows] if table.chart_rows else table.rows
    rows = rows[-MAX_ROWS:] if table.key == "searches_per_day" else rows[:MAX_ROWS]
    shown = [[table.shown(cell) for cell in row] for row in rows]
    values = [[_number(row[c]) for c in columns] for row in shown]
    top = table.chart_max or max((v for row in values for v in row), default=0) or 1
    row_height = len(columns) * BAR_HEIGHT + ROW_GAP
    bars = [
        Bar(str(row[0])[:40] if n == 0 else "", "–" if row[c] is None else str(row[c]),
            i * row_height + n * BAR_HEIGHT, round(BAR_WIDTH * min(value, top) / top), n)
        for i, (row, row_values) in enumerate(zip(shown, values, strict=True))
        for n, (c, value) in enumerate(zip(columns, row_values, strict=True))
    ]  # fmt: skip
    return {
        "bars": bars,
        "legend": [str(table.columns[c]) for c in columns] if len(columns) > 1 else [],
        "column": ", ".join(str(table.columns[c]) for c in columns),
        "height": len(rows) * row_height,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT - 2,
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
    }


def _number(cell) -> float:
    return cell if isinstance(cell, int | float) and not isinstance(cell, bool) else 0


def _first_numeric_column(table: Table) -> list[int]:
    for index in range(1, len(table.columns)):
        if any(isinstance(row[index], int | float) for row in table.rows):
            return [index]
    return []
