"""The workbook's sheets and cells hold the figures, and the same figures give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace

from openpyxl import load_workbook

from packgen.recruitment import Day, Figures, HubFigures
from packgen.recruitment.workbook import COLUMNS, ZIP_TIME, to_xlsx

HUB = HubFigures(
    code="AA1",
    name="Alpha Maths Hub",
    region="North",
    places=None,
    online=3,
    returned=1,
    offered=2,
    waiting=1,
    not_offered=0,
    withdrawn=0,
    opens=dt.date(2024, 2, 28),
    closes=None,
    open_ended=True,
    days_to_close=None,
    per_day=(Day(dt.date(2024, 2, 28), 1), Day(dt.date(2024, 2, 29), 0), Day(dt.date(2024, 3, 1), 3)),
)
FIGURES = Figures("p", "2024-25", "Programme", "2024/25", dt.date(2024, 3, 1), (HUB,))


def test_the_summary_and_the_hubs_sheet_hold_its_figures() -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(FIGURES)))
    assert wb.sheetnames == ["Summary", "AA1"]
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    assert summary[2] == list(COLUMNS)
    assert summary[3] == ["Alpha Maths Hub", "AA1", "North", None, 4, 3, 1, 2, 1, 0, 0, 1, None, "no closing date"]
    hub = [[c.value for c in row] for row in wb["AA1"].iter_rows()]
    assert hub[11] == ["Opening date", dt.datetime(2024, 2, 28)]
    assert hub[13] == ["Days to the closing date", "no closing date"]
    assert hub[15:] == [
        ["Day", "Applications"],
        [dt.datetime(2024, 2, 28), 1],
        [dt.datetime(2024, 2, 29), 0],
        [dt.datetime(2024, 3, 1), 3],
    ]
    assert wb.properties.created == wb.properties.modified == dt.datetime(2024, 3, 1)


def test_the_same_figures_give_the_same_bytes() -> None:
    first = to_xlsx(FIGURES)
    assert to_xlsx(FIGURES) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}


def test_a_name_that_looks_like_a_formula_stays_text() -> None:
    odd = replace(FIGURES, hubs=(replace(HUB, name='=HYPERLINK("http://x")'),))
    wb = load_workbook(io.BytesIO(to_xlsx(odd)))
    cell = wb["Summary"]["A4"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")
