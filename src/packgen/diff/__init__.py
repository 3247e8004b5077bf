"""Compare packs' wording: year on year, or hub against hub. Pure: returns a PackDiff."""

from .compare import compare
from .model import ItemDiff, PackDiff, PartDiff, Side, Stretch, Summary
from .output import FORMATS, render_diff
from .select import diff_hubs, diff_years, national_hub

__all__ = [
    "FORMATS",
    "compare",
    "diff_hubs",
    "diff_years",
    "national_hub",
    "render_diff",
    "ItemDiff",
    "PackDiff",
    "PartDiff",
    "Stretch",
    "Side",
    "Summary",
]
