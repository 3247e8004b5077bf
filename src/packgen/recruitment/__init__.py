"""Recruitment at a glance (issue 25): each hub's places, applications and decisions for a
programme-year, and days to its closing date. figures.py computes them (the one source of the
numbers); chart.py lays them out as the /admin charts draw them; workbook.py writes them as the
XLSX `packgen report` makes."""

from .figures import (
    OUTCOMES,
    Day,
    Decided,
    Figures,
    HubFigures,
    Received,
    Totals,
    closing_words,
    figures,
    london_today,
    programme_year,
)

__all__ = [
    "OUTCOMES",
    "Day",
    "Decided",
    "Figures",
    "HubFigures",
    "Received",
    "Totals",
    "closing_words",
    "figures",
    "london_today",
    "programme_year",
]
