"""Read returned application forms (PDF, DOCX) back into one checked spreadsheet."""

from .applications import Collection, Rejected, UnknownWanted, Wanted, collect
from .read import Limits
from .sheet import write_sheet

__all__ = [
    "Collection",
    "Limits",
    "Rejected",
    "UnknownWanted",
    "Wanted",
    "collect",
    "write_sheet",
]
