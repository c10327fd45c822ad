"""Shortlist and candidate exports as CSV and XLSX, safe against formula injection.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an
apostrophe, and XLSX cells are written as text, so no spreadsheet evaluates them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = [
    "name",
    "email",
    "phone",
    "headline",
    "years_experience",
    "skills",
    "score",
    "status",
    "added_by",
    "added_at",
]
# the header row people read; a column without one keeps its key
HEADERS = {
    "name": "Name",
    "email": "E-mail",
    "phone": "Phone",
    "headline": "Headline",
    "years_experience": "Years of experience",
    "skills": "Skills",
    "tags": "Tags",
    "stage": "Stage",
    "score": "Score",
    "status": "Review status",
    "added_by": "Added by",
    "added_at": "Added",
}


def header(column: str) -> str:
    """A column's header in an export ("years_experience" -> "Years of experience")."""
    return HEADERS.get(column, column.replace("_", " ").capitalize())


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would run as a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def to_csv(rows: list[dict[str, Any]], columns: Sequence[str] = COLUMNS) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so spreadsheets detect the encoding)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(
    rows: list[dict[str, Any]], columns: Sequence[str] = COLUMNS, title: str = "Shortlist"
) -> bytes:
    """An XLSX workbook whose text cells are stored as strings, never formulas."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([header(c) for c in columns])
    for index, row in enumerate(rows, start=2):
        for column, key in enumerate(columns, start=1):
            value = safe_cell(row.get(key))
            cell = sheet.cell(row=index, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
