"""The collection as a spreadsheet: one row per file, as CSV or XLSX, written atomically."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..writer import atomic_write
from .applications import Collection

FIXED = ("source", "modified", "programme", "year", "hub")
TAIL = ("status", "problems")
FORMATS = (".csv", ".xlsx")


def header(collection: Collection) -> list[str]:
    return [*FIXED, *collection.columns, *TAIL]


def rows(collection: Collection) -> list[list[str]]:
    """Applications first, in the order read, then each rejected file with its reason."""
    out = []
    for app in collection.applications:
        i = app.kind.identity
        out.append([
            str(app.source), app.modified.isoformat(sep=" "), i.programme, i.year, i.hub,
            *(app.values.get(name, "") for name in collection.columns),
            app.status, "; ".join(app.problems),
        ])
    for r in collection.rejected:
        modified = r.modified.isoformat(sep=" ") if r.modified else ""
        out.append([str(r.source), modified, "", "", "", *("" for _ in collection.columns), r.status, r.reason])
    return out


def _defused(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection): =, +, -, @ get a leading '."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(collection: Collection) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header(collection))
    for row in rows(collection):
        writer.writerow([_defused(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(collection: Collection) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Applications"
    names = header(collection)
    ws.append(names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(name) for name in names]
    for row in rows(collection):
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in row])
        for i, cell in enumerate(ws[ws.max_row]):
            cell.data_type = "s"  # text, never a formula, whatever it starts with
            if "\n" in row[i]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[i] = max(widths[i], len(row[i].split("\n")[0]))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width, 8), 60) + 2
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_sheet(collection: Collection, out: Path) -> None:
    """Write the spreadsheet; its format follows the file name (.csv or .xlsx)."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"the output must end in .csv or .xlsx, not {out.name!r}")
    atomic_write(out, to_csv(collection) if suffix == ".csv" else to_xlsx(collection))
