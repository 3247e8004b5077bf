"""The collection as a spreadsheet: one row per file, as CSV or XLSX, written atomically and privately."""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
from pathlib import Path

from ..forms.safe import printable, shown_path
from .applications import Collection

FIXED = ("source", "modified", "programme", "year", "hub")
TAIL = ("status", "problems")
FORMATS = (".csv", ".xlsx")


def header(collection: Collection) -> list[str]:
    return [*FIXED, *collection.columns, *collection.extra_columns, *TAIL]


XLSX_CELL = 32_767  # the most characters a spreadsheet cell holds (Excel, LibreOffice)


def rows(collection: Collection, cell_limit: int | None = None) -> list[list[str]]:
    """Applications first, in the order read, then each rejected file with its reason, then
    each path skipped. An answer longer than ``cell_limit`` is cut to it and flags its row."""
    out = []
    for app in collection.applications:
        i = app.kind.identity
        values, problems = [], list(app.problems)
        for name in collection.columns:
            value = app.values.get(name, "")
            if cell_limit is not None and len(value) > cell_limit:
                problems.append(
                    f"{name}: {len(value):,} characters, cut to {cell_limit:,} in this spreadsheet "
                    "(a cell's limit); the CSV keeps every character"
                )
                value = value[:cell_limit]
            values.append(value)
        out.append(
            [
                shown_path(app.source),
                app.modified.isoformat(sep=" "),
                i.programme,
                i.year,
                i.hub,
                *values,
                *(printable(app.extra.get(c, "")) for c in collection.extra_columns),
                "problems" if problems else "ok",
                "; ".join(problems),
            ]
        )
    for r in [*collection.rejected, *collection.skipped]:
        modified = r.modified.isoformat(sep=" ") if r.modified else ""
        out.append(
            [
                shown_path(r.source),
                modified,
                "",
                "",
                "",
                *("" for _ in collection.columns),
                *("" for _ in collection.extra_columns),
                r.status,
                printable(r.reason),
            ]
        )
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
    # The BOM makes Excel read UTF-8; a lone surrogate from a damaged PDF string cannot be UTF-8.
    return buf.getvalue().encode("utf-8-sig", errors="backslashreplace")


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
    for row in rows(collection, cell_limit=XLSX_CELL):
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v)[:XLSX_CELL] for v in row])
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


def _current_umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_private(path: Path, data: bytes) -> None:
    """Write atomically (temporary file, then rename). The sheet holds personal data: a new
    file is 0600 within the umask, and a file already there keeps its mode."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o600 & ~_current_umask()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # 0600 from the start
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_sheet(collection: Collection, out: Path) -> None:
    """Write the spreadsheet; its format follows the file name (.csv or .xlsx)."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"the output must end in .csv or .xlsx, not {out.name!r}")
    write_private(out, to_csv(collection) if suffix == ".csv" else to_xlsx(collection))
