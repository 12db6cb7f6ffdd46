"""The dashboard's numbers as CSV, XLSX and JSON — suppressed exactly as on the page."""

import csv
import io
import json

from django.http import HttpResponse
from openpyxl import Workbook

from tarjotin.indicators.filters import IndicatorFilter
from tarjotin.indicators.tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def response(tables: list[Table], f: IndicatorFilter, kind: str) -> HttpResponse:
    name = f"tarjotin-indicators-{f.start}-{f.end}"
    if kind == "csv":
        body, content_type = as_csv(tables), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        body, content_type = as_xlsx(tables), XLSX
    else:
        body, content_type = as_json(tables, f), "application/json; charset=utf-8"
    result = HttpResponse(body, content_type=content_type)
    result["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return result


def as_csv(tables: list[Table]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:
        writer.writerow([table.key, inert(str(table.title))])
        writer.writerow([inert(str(column)) for column in table.columns])
        writer.writerows([_csv_cell(cell) for cell in row] for row in table.shown_rows())
        writer.writerow([])
    return "\ufeff" + out.getvalue()  # a BOM so that spreadsheet programs read UTF-8


def as_xlsx(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append([str(table.title)])
        sheet.append([str(column) for column in table.columns])
        for row in table.shown_rows():
            sheet.append([cell if isinstance(cell, int | float) else _text(cell) for cell in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl makes "=…" a formula; text stays text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_json(tables: list[Table], f: IndicatorFilter) -> str:
    data = {"filters": f.as_params(), "licence": "CC BY 4.0",
            "tables": [table.as_json() for table in tables]}  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def _text(cell) -> str:
    return "" if cell is None else str(cell)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a spreadsheet will not run: a leading ' before what could start a formula (OWASP CSV
    injection). Search words and service names come from anyone; a manager opens the file."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(cell) -> str:
    return _text(cell) if isinstance(cell, int | float) else inert(_text(cell))
