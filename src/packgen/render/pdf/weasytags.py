"""Which HTML element each of WeasyPrint's structure elements came from: the one place we use its internals.

WeasyPrint (69, 70) builds the PDF structure tree page by page in ``weasyprint.pdf.tags``: an HTML
element split by a page break becomes one structure element per page, and nothing in the PDF says
that the pieces belong together. ``pdfua.py`` joins them again, and for that it needs to know
where each structure element came from. WeasyPrint calls ``_build_box_tree(box, parent, ...)``
once per box, recursively through the module attribute, and yields the structure elements it
made (pydyf dictionaries, whose ``number`` is their object number in the written PDF). We wrap
that function for the duration of one ``write_pdf`` and note, per object number, the HTML element
(and, for table headers, their ``scope``). Nothing else of WeasyPrint's is replaced or copied.

If WeasyPrint changes these internals, ``check_internals`` raises (at import, and a test calls it),
and a tagged PDF whose structure went unrecorded is an error rather than a silently unfixed PDF.

What would retire this module: WeasyPrint keeping one structure element per HTML element across
page breaks (a /StructElem whose /K lists its marked content on every page it spans, as PDF/UA
allows), or at least saying which HTML element each structure element came from (an /ID from the
element's id, or a hook called per structure element). Either upstream change lets pdfua.py join
split elements, or not need to, from the PDF alone; then this module goes.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import weasyprint
from weasyprint.pdf import tags as _tags

SUPPORTED_MAJOR = (69, 70)
EXPECTED_PARAMETERS = ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags")


class WeasyPrintInternalsChanged(RuntimeError):
    """WeasyPrint no longer builds its structure tree the way this module expects."""


@dataclass(frozen=True)
class Origin:
    """Where a structure element came from: an HTML element (by an id unique within one
    document); for a table header cell its ``scope`` attribute, for a list its list-style-type."""

    element: int
    pseudo: str  # WeasyPrint's element tag, e.g. "li" or "li::marker"
    scope: str | None = None
    list_style: str | None = None


def check_internals() -> None:
    """Raise WeasyPrintInternalsChanged unless ``_build_box_tree`` is the function we wrap."""
    major = int(weasyprint.__version__.split(".")[0])
    if major not in SUPPORTED_MAJOR:
        raise WeasyPrintInternalsChanged(
            f"WeasyPrint {weasyprint.__version__}: render/weasytags.py supports {SUPPORTED_MAJOR}"
        )
    function = getattr(_tags, "_build_box_tree", None)
    if function is None or not inspect.isgeneratorfunction(inspect.unwrap(function)):
        raise WeasyPrintInternalsChanged("weasyprint.pdf.tags._build_box_tree is gone or no longer a generator")
    parameters = tuple(inspect.signature(function).parameters)
    if parameters != EXPECTED_PARAMETERS:
        raise WeasyPrintInternalsChanged(
            f"weasyprint.pdf.tags._build_box_tree{parameters}: expected {EXPECTED_PARAMETERS}"
        )


check_internals()
_ORIGINAL = inspect.unwrap(_tags._build_box_tree)


class _Recording(threading.local):
    """This thread's record while recording() is active (None otherwise), and its element ids."""

    def __init__(self) -> None:
        self.record: dict[int, Origin] | None = None
        self.ids: dict[int, int] = {}


_local = _Recording()


def _recording_build_box_tree(
    box: Any, parent: Any, pdf: Any, page_number: Any, nums: Any, annotations: Any, tags: Any
) -> Iterator[Any]:
    record = _local.record
    for element in _ORIGINAL(box, parent, pdf, page_number, nums, annotations, tags):
        # Every box has .element (an AbsolutePlaceholder passes it on), every pydyf object .number.
        if record is not None and box.element is not None:
            number = element.number
            if number is not None and number not in record:  # the innermost box that made it
                record[number] = _origin(box)
        yield element


def _origin(box: Any) -> Origin:
    tag = box.element_tag
    scope = box.element.get("scope") if tag == "th" else None
    style = box.style["list_style_type"] if tag in ("ul", "ol") else None
    key = _local.ids.setdefault(id(box.element), len(_local.ids))
    return Origin(key, tag, scope, style if isinstance(style, str) else None)


_recording_build_box_tree.__wrapped__ = _ORIGINAL
_tags._build_box_tree = _recording_build_box_tree  # passes straight through unless recording()


@contextmanager
def recording() -> Iterator[dict[int, Origin]]:
    """While active, every structure element WeasyPrint makes is noted by object number."""
    record: dict[int, Origin] = {}
    _local.record, _local.ids = record, {}
    try:
        yield record
    finally:
        _local.record, _local.ids = None, {}
