"""Tables as CSV and XLSX downloads, the same way everywhere (survey results, the monitor).

CSV is semicolon-separated with a byte order mark and decimal commas, as Dutch Excel opens
it directly; XLSX is written row by row (xlsxwriter's constant_memory mode). Text never
becomes a formula: a cell starting with = + - @ (or a tab or return) is kept as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

Cell = str | int | float | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Cell) -> Cell:
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _csv_value(value: Cell) -> Cell:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")  # Dutch Excel reads a decimal comma
    return safe_text(value)


def to_csv(rows: Sequence[Sequence[Cell]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
    return out.getvalue()


def to_xlsx(rows: Sequence[Sequence[Cell]], *, sheet: str) -> bytes:
    """One sheet; numbers as numbers, text always as text, the header row in bold."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    decimal = workbook.add_format({"num_format": "0.0"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                worksheet.write_string(r, c, str(value), bold if r == 0 else None)
            elif isinstance(value, float):
                worksheet.write_number(r, c, value, decimal)
            else:
                worksheet.write_number(r, c, value)
    workbook.close()
    return buffer.getvalue()
