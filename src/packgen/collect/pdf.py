"""Returned PDF forms: the AcroForm's fields by fully qualified name, and the form's identity."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from ..forms.spec import Identity
from .read import Control, Returned, Unreadable

MAX_DEPTH = 12
MAX_FIELDS = 5000


def read_pdf(data: bytes) -> Returned:
    """The fields of a returned PDF form; raises Unreadable for a damaged, locked or empty one."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        root = reader.trailer["/Root"].get_object()
        acro = root.get("/AcroForm")
        acro = acro.get_object() if acro is not None else None
        fields = acro.get("/Fields") if isinstance(acro, DictionaryObject) else None
        controls = _controls(fields.get_object()) if fields is not None else []
        identity = _identity(reader)
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(f"damaged PDF: {_short(exc)}") from None
    if not controls:
        raise Unreadable("a PDF with no form fields (printed to PDF, scanned or flattened?)")
    return Returned("pdf", identity, tuple(controls))


def _decrypt(reader: PdfReader) -> None:
    try:
        if reader.decrypt(""):  # forms locked only against editing open without a password
            return
    except (DependencyError, FileNotDecryptedError, NotImplementedError):
        pass
    raise Unreadable("encrypted with a password")


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _identity(reader: PdfReader) -> Identity | None:
    """From the document information, else its keywords, else the XMP keywords (what Acrobat syncs)."""
    info = reader.metadata or {}
    props = {key.lstrip("/"): str(value) for key, value in info.items() if isinstance(key, str)}
    found = Identity.from_properties(props) or Identity.from_keywords(props.get("Keywords"))
    if found is None and reader.xmp_metadata is not None:
        found = Identity.from_keywords(reader.xmp_metadata.pdf_keywords)
    return found


def _value(field: DictionaryObject) -> str:
    value: Any = field.get("/V")
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if value is None and "/Kids" in field:  # a button group some programs mark only by its buttons' states
        for kid in field["/Kids"]:
            state = kid.get_object().get("/AS")
            if state is not None and state != "/Off":
                value = state
                break
    if isinstance(value, NameObject) or (
        field.get("/FT") == "/Btn" and isinstance(value, str) and value.startswith("/")
    ):
        # A button's state is a name; some programs (pypdf among them) write it as a string "/Yes".
        return "" if value == "/Off" else str(value)[1:]
    if isinstance(value, ArrayObject):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str):
        return str(value)
    return ""


def _controls(fields: Any) -> list[Control]:
    """Every terminal field, named parent.child as the PDF specification builds full names."""
    out: list[Control] = []
    seen: set[int] = set()

    def walk(item: Any, prefix: str | None, depth: int) -> None:
        if depth > MAX_DEPTH or len(out) >= MAX_FIELDS:
            return
        if isinstance(item, IndirectObject):
            if item.idnum in seen:  # a damaged or hostile file may loop
                return
            seen.add(item.idnum)
        field = item.get_object()
        if not isinstance(field, DictionaryObject):
            return
        partial = field.get("/T")
        name = prefix if partial is None else (f"{prefix}.{partial}" if prefix else str(partial))
        kids = field.get("/Kids")
        named_kids = [k for k in kids if "/T" in k.get_object()] if isinstance(kids, ArrayObject) else []
        if named_kids:
            for kid in named_kids:
                walk(kid, name, depth + 1)
        elif name:
            title = field.get("/TU")
            out.append(Control(name, str(title) if title is not None else None, _value(field)))

    if isinstance(fields, ArrayObject):
        for item in fields:
            walk(item, None, 0)
    return out
