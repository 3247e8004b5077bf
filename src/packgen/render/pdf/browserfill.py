"""The blank fillable PDF made ready for the HTML form's "Download as PDF" (templates/form.js).

The browser writes a school's answers into the form as one incremental update appended to it, as
a PDF editor saves a filled form: each field it fills written again with its value (/V), a check
box or radio button with its state (/AS), a drop-down with the appearance of the answer chosen,
drawn here beforehand. What it needs is the plan: for each box by name, which object to write
and its dictionary without the value; and what the update's trailer says. The result is an
AcroForm that `packgen collect` reads like any other returned form.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .acroform import DA_FONT, FONT, text_appearance

RADIO = 1 << 15  # a button field's flag: radio buttons (else, without the push-button flag, a check box)
CHOICES = "/PackgenChoices"  # a drop-down's drawn answers, kept referenced until the update uses one


@dataclass(frozen=True)
class BrowserFill:
    """``pdf``: the blank form saved so that filling it is one update appended to it (no object
    streams, a classic cross-reference table, /NeedAppearances set so viewers draw typed answers).
    ``plan``: what the browser writes (above), as JSON."""

    pdf: bytes
    plan: dict[str, Any]


def _inherited(field: Dictionary, key: str) -> Any:
    while field is not None:
        if key in field:
            return field[key]
        field = field.get("/Parent")
    return None


def _without(obj: Dictionary, *keys: str) -> str:
    """The object's dictionary as PDF source, less ``keys``: the update writes it with new values."""
    return Dictionary({k: obj[k] for k in obj.keys() if k not in keys}).unparse().decode("latin-1")


def _named(states: list[Any]) -> list[list[str]]:
    """Each state as PDF writes it (/Other#20answer) and as the answer it stands for."""
    return [[Name(str(s)).unparse().decode("latin-1"), str(s)[1:]] for s in states]


def _states(widget: Dictionary) -> list[Any]:
    normal = widget.get("/AP", {}).get("/N")
    return [k for k in normal.keys() if k != "/Off"] if isinstance(normal, Dictionary) else []


def _terminals(fields: Any, prefix: str = "") -> Iterator[tuple[str, Dictionary]]:
    """(full name, field) of every field that holds a value: one whose kids, if any, are only widgets."""
    for field in fields:
        name = f"{prefix}.{field.T}" if prefix and "/T" in field else (str(field.T) if "/T" in field else prefix)
        kids = field.get("/Kids")
        if kids is not None and any("/T" in kid for kid in kids):
            yield from _terminals(kids, name)
        else:
            yield name, field


def _draw_choices(pdf: pikepdf.Pdf) -> None:
    """Each drop-down's answers drawn as it shows them once chosen: viewers that draw typed text
    anew (/NeedAppearances) do not all draw a drop-down's."""
    font = pdf.Root.AcroForm.get("/DR", {}).get("/Font", {}).get("/" + FONT)
    if font is None:
        return
    for _, field in _terminals(pdf.Root.AcroForm.Fields):
        if str(_inherited(field, "/FT")) != "/Ch" or "/Kids" in field:
            continue
        found = DA_FONT.search(str(field.get("/DA", "")))
        size = float(found.group(2)) if found else 10.0
        drawn = []
        for option in field.get("/Opt", []):
            shown = option[1] if isinstance(option, Array) else option
            field.V = pikepdf.String(str(shown))
            drawn.append(pdf.make_indirect(text_appearance(pdf, field, font, size)))
        if "/V" in field:
            del field["/V"]
        field[CHOICES] = Array(drawn)


def browser_fill(blank: bytes) -> BrowserFill:
    """The blank form ``blank`` (as `packgen build` writes it) made ready to be filled in the browser."""
    with pikepdf.open(io.BytesIO(blank)) as pdf:
        pdf.Root.AcroForm[Name.NeedAppearances] = True
        # Viewers that draw a check box anew look for ZapfDingbats, as the standard's default, in /DR.
        fonts = pdf.Root.AcroForm.DR.Font
        if "/ZaDb" not in fonts:
            fonts.ZaDb = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.ZapfDingbats))
        _draw_choices(pdf)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable, deterministic_id=True)
    data = out.getvalue()
    boxes: dict[str, Any] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:  # as saved: saving renumbers the objects
        for name, field in _terminals(pdf.Root.AcroForm.Fields):
            kind = str(_inherited(field, "/FT"))
            if kind not in ("/Btn", "/Tx", "/Ch"):
                continue
            button = kind == "/Btn"
            drop = ("/V", "/AS") if button else ("/V", "/AP", CHOICES)  # typed text is drawn again by the viewer
            kids = [k for k in field.get("/Kids", []) if k.objgen != field.objgen]
            opts = [(o[0], o[1]) if isinstance(o, Array) else (o, o) for o in field.get("/Opt", [])]
            boxes[name] = {
                "type": ("radio" if int(_inherited(field, "/Ff") or 0) & RADIO else "checkbox") if button else "text",
                "obj": list(field.objgen),
                "dict": _without(field, *drop),
                "states": _named(_states(field)),
                "widgets": [[*w.objgen, _without(w, *drop[1:]), _named(_states(w))] for w in kids],
                "drawn": {
                    # none drawn when the form has no field font: then no answer is
                    str(shown): "{} {} R".format(*a.objgen)
                    for (_, shown), a in zip(opts, field.get(CHOICES, []), strict=False)
                },
                # a drop-down's value is the option's own string, byte for byte: viewers compare bytes
                "options": {str(shown): export.unparse().decode("latin-1") for export, shown in opts},
            }
        trailer = pdf.trailer
        ends = f"/Root {pdf.Root.objgen[0]} {pdf.Root.objgen[1]} R /ID {trailer.ID.unparse().decode('latin-1')}"
        if "/Info" in trailer:
            ends += f" /Info {trailer.Info.objgen[0]} {trailer.Info.objgen[1]} R"
        size = int(trailer.Size)
    start = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if start is None:
        raise ValueError("the saved form has no startxref")
    return BrowserFill(data, {"boxes": boxes, "size": size, "trailer": ends, "prev": int(start.group(1))})
