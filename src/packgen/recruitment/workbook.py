"""A programme-year's figures as an XLSX workbook for the national team (`packgen report`): a
summary sheet with a row per hub and the totals, then a sheet per hub with its figures and its
applications per day. The same figures give the same bytes: the workbook's dates are the
figures' day and every zip entry has one fixed time."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from .figures import Figures, HubFigures

SUMMARY = "Summary"
COLUMNS = (
    "Hub",
    "Code",
    "Region",
    "Places",
    "Applications",
    "Online",
    "Returned forms",
    "Offered",
    "Waiting",
    "Not offered",
    "Withdrawn",
    "Not yet decided",
    "Closing date",
    "Days to the closing date",
)
"""The summary sheet's columns, a row per hub."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can say


def summary_row(h: HubFigures) -> list[Any]:
    """A hub's row of the summary sheet, in COLUMNS' order: numbers as numbers, a missing one empty."""
    return [
        h.name,
        h.code,
        h.region,
        h.places,
        h.applications,
        h.online,
        h.returned,
        h.offered,
        h.waiting,
        h.not_offered,
        h.withdrawn,
        h.undecided,
        h.closes,
        h.days_to_close if h.days_to_close is not None else h.closing,
    ]


def hub_rows(h: HubFigures) -> list[tuple[str, Any]]:
    """The figures at the top of a hub's sheet, as (label, value)."""
    return [
        ("Hub", f"{h.name} ({h.code})"),
        ("Region", h.region),
        ("Places", h.places),
        ("Applications", h.applications),
        ("Online", h.online),
        ("Returned forms", h.returned),
        ("Offered", h.offered),
        ("Waiting", h.waiting),
        ("Not offered", h.not_offered),
        ("Withdrawn", h.withdrawn),
        ("Not yet decided", h.undecided),
        ("Opening date", h.opens),
        ("Closing date", h.closes),
        ("Days to the closing date", h.days_to_close if h.days_to_close is not None else h.closing),
    ]


def _fixed(data: bytes) -> bytes:
    """The zip again with one fixed time on every entry (zipfile stamps each with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()


def to_xlsx(figures: Figures) -> bytes:
    """The workbook: "Summary", then a sheet per hub named by its code."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY
    ws.append([f"{figures.title} {figures.year_label}: recruitment on {figures.today.isoformat()}"])
    ws["A1"].font = bold
    ws.append([])
    ws.append(list(COLUMNS))
    for cell in ws[3]:
        cell.font = bold
    for h in figures.hubs:
        ws.append(summary_row(h))
    t = figures.totals
    ws.append(["All hubs", "", "", t.places, t.applications, "", "", t.offered, t.waiting, t.not_offered, t.withdrawn])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for row in ws.iter_rows(min_row=4):
        row[12].number_format = "yyyy-mm-dd"
    for i, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(len(name), 10) + 2
    ws.column_dimensions["A"].width = max([len(h.name) for h in figures.hubs] + [10]) + 2
    ws.freeze_panes = "B4"

    for h in figures.hubs:
        sheet = wb.create_sheet(h.code)
        for label, value in hub_rows(h):
            sheet.append([label, value])
            sheet.cell(sheet.max_row, 1).font = bold
            if isinstance(value, dt.date):
                sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
        sheet.append([])
        sheet.append(["Day", "Applications"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for day in h.per_day:
            sheet.append([day.day, day.applications])
            sheet.cell(sheet.max_row, 1).number_format = "yyyy-mm-dd"
        sheet.column_dimensions["A"].width = 26
        sheet.column_dimensions["B"].width = max(len(h.name) + len(h.code) + 3, 14)

    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula, whatever a name starts with
    made = dt.datetime.combine(figures.today, dt.time(0))
    wb.properties.creator = "packgen"
    wb.properties.created = made
    wb.properties.modified = made  # openpyxl's save would stamp the clock here; ExcelWriter keeps it
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return _fixed(buf.getvalue())
