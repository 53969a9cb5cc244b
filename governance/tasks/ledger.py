"""The ledger (整改台账) as files: rows in, bytes out (no clock, no database, no request).

Cells that a spreadsheet would read as a formula (=, +, -, @, or a leading tab or carriage
return, which some programs strip before looking) are written so they stay text: in CSV with
a leading apostrophe (the OWASP advice), in .xlsx as typed string cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

Cell = str | int
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A fixed document date: the same rows give the same workbook content.
EPOCH = datetime(2000, 1, 1)
WIDTHS = {"序号": 6, "完成进度（%）": 8, "预警": 6, "优先级": 6}


def safe_text(value: str) -> str:
    """`value` as a spreadsheet will show it, never as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(headings: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in headings])
    for row in rows:
        writer.writerow([safe_text(c) if isinstance(c, str) else c for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, headings: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    # Write-only mode streams rows: a ledger of 10,000 tasks takes seconds, not minutes.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, heading in enumerate(headings, 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(heading, 18)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top", wrap_text=True)
    sheet.append([_cell(sheet, h, centred, bold) for h in headings])
    for row in rows:
        sheet.append([_cell(sheet, value, top) for value in row])
    workbook.properties.created = EPOCH
    workbook.properties.modified = EPOCH
    workbook.properties.creator = "governance"
    out = io.BytesIO()
    # Not workbook.save(): it stamps "modified" with the clock, so the same rows saved a second
    # apart gave different files.
    ExcelWriter(workbook, ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True)).save()
    return out.getvalue()


def _cell(sheet: Any, value: Cell, alignment: Alignment, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    # openpyxl takes a string starting with "=" for a formula: keep every text a string.
    if isinstance(value, str):
        cell.data_type = "s"
    cell.alignment = alignment
    if font is not None:
        cell.font = font
    return cell
