"""DOCX: the application form with a Word content control per answer, each tagged with its field name.

Single answers are plain-text controls showing placeholder text while empty (a prompt such as
"6-digit URN" where the answer has a form and no hint says it, else blank), the statement a multi-line
one, yes/no and choices drop-down lists, the hub answer filled in and locked. The template
(tools/make_form_docx_template.py) protects everything else for "filling in forms", and the
form's identity goes into docProps/custom.xml so a returned file names its programme, year and hub.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup

from .. import pack as p
from ..forms import spec
from ..forms.kinds import OTHER_BOX
from ..forms.spec import Identity
from ..pack import Pack
from .base import FORM_IGNORES
from .form_html import ApplicationFormHtml
from .word import ooxml
from .word.template import WORD_MEDIA_TYPE, WordRenderer, WordTemplate, docx_env
from .word.xmltext import escape, quoteattr

CUSTOM_PART = "docProps/custom.xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user-defined properties


def _control_id(name: str) -> int:
    """A stable w:id for a field's control: Word wants a unique integer, we want reproducible bytes."""
    value = 0
    for ch in name.encode("utf-8"):
        value = (value * 131 + ch) % 2_000_000_000
    return value + 1


BLANK = "\u2002" * 16
"""An empty answer with no prompt: en spaces, so the control has room to click and prints blank."""


def _placeholder_run(text: str) -> str:
    """Placeholder text: shown (in the Placeholder Text style) only while the answer is empty."""
    return f'<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>{ooxml.t(text or BLANK)}</w:r>'


BOX_FONT = '<w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr>'
UNCHECKED, CHECKED = "\u2610", "\u2612"


def _empty(field: p.FormField, kind: spec.FieldKind, props: str) -> tuple[str, str]:
    return props + '<w:lock w:val="sdtLocked"/><w:showingPlcHdr/>', _placeholder_run(spec.empty_prompt(field))


def _text(field: p.FormField, kind: spec.FieldKind, widget: spec.Widget) -> tuple[str, str]:
    props, content = _empty(field, kind, "")
    return props + "<w:text/>", content


def _multiline(field: p.FormField, kind: spec.FieldKind, widget: spec.Widget) -> tuple[str, str]:
    props, content = _empty(field, kind, "")
    return props + '<w:text w:multiLine="1"/>', content


def _dropdown(field: p.FormField, kind: spec.FieldKind, widget: spec.Widget) -> tuple[str, str]:
    props, content = _empty(field, kind, "")
    items = "".join(f"<w:listItem w:displayText={quoteattr(o)} w:value={quoteattr(o)}/>" for o in kind.choices(field))
    return props + f'<w:dropDownList w:lastValue="">{items}</w:dropDownList>', content


def _date(field: p.FormField, kind: spec.FieldKind, widget: spec.Widget) -> tuple[str, str]:
    props, content = _empty(field, kind, "")
    picker = (
        '<w:date><w:dateFormat w:val="dd/MM/yyyy"/><w:lid w:val="en-GB"/>'
        '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'
    )
    return props + picker, content


def _locked(field: p.FormField, kind: spec.FieldKind, widget: spec.Widget) -> tuple[str, str]:
    return '<w:lock w:val="sdtContentLocked"/><w:text/>', f"<w:r>{ooxml.t(field.value or '')}</w:r>"


def _checkbox(field: p.FormField, kind: spec.FieldKind, widget: spec.Widget) -> tuple[str, str]:
    box = (
        '<w:lock w:val="sdtLocked"/><w14:checkbox><w14:checked w14:val="0"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
    )
    return box, f"<w:r>{BOX_FONT}{ooxml.t(UNCHECKED)}</w:r>"


def _other(field: p.FormField, kind: spec.FieldKind, widget: spec.Widget) -> tuple[str, str]:
    return '<w:lock w:val="sdtLocked"/><w:showingPlcHdr/><w:text/>', _placeholder_run(spec.OTHER_PROMPT)


CONTROLS: dict[str, Callable[[p.FormField, spec.FieldKind, spec.Widget], tuple[str, str]]] = {
    "text": _text,
    "multiline": _multiline,
    "dropdown": _dropdown,
    "date": _date,
    "locked": _locked,
    "checkbox": _checkbox,
    OTHER_BOX: _other,
}
"""Each Word content control (a form control's ``Control.word``, the hub's locked answer, the box of an
"other" answer): its properties after the title, tag and id, and its first content."""


def content_control(field: p.FormField, widget: spec.Widget | None = None) -> str:
    """A run-level content control for one box of an answer: tagged with its name, titled with its label."""
    widget = widget if widget is not None else spec.widgets(field)[0]
    props = (
        f"<w:alias w:val={quoteattr(widget.title[: spec.TITLE_MAX])}/>"
        f"<w:tag w:val={quoteattr(widget.name)}/>"
        f'<w:id w:val="{_control_id(widget.name)}"/>'
    )
    more, content = CONTROLS[widget.control](field, spec.kind_of(field), widget)
    return f"<w:sdt><w:sdtPr>{props}{more}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def answer_cell(field: p.FormField) -> str:
    """The answer cell of the form's tables: a paragraph per box (a check box with its answer
    beside it), the box for an "other" answer, then the field's hint if it has one."""
    xml = ""
    for widget in spec.widgets(field):
        if widget.option is not None:
            label = f"<w:r>{ooxml.t(' ' + widget.option)}</w:r>"
            xml += f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{content_control(field, widget)}{label}</w:p>'
        elif widget.is_other:
            label = f"<w:r>{ooxml.t(field.other + ': ' if field.other else '')}</w:r>"
            xml += f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{label}{content_control(field, widget)}</w:p>'
        else:
            xml += f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{content_control(field, widget)}</w:p>'
    if field.hint:
        xml += ooxml.text_paragraph(field.hint, "FieldHint")
    return xml


def custom_properties(identity: Identity) -> bytes:
    """docProps/custom.xml naming the form's programme, year and hub."""
    props = "".join(
        f'<property fmtid="{CUSTOM_FMTID}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(identity.as_properties().items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>'
    ).encode()


def form_env() -> jinja2.Environment:
    env = docx_env()

    @jinja2.pass_context
    def _form_table(ctx: Any, group: p.FieldGroup) -> Markup:
        return Markup(ooxml.field_table(group, ctx["links"], answer=answer_cell))

    @jinja2.pass_context
    def _form_signatures(ctx: Any, commitments: p.Commitments) -> Markup:
        fields = {f.name: f for f in ctx["answers"]}
        return Markup(ooxml.signature_table(commitments, answer=lambda s: answer_cell(fields[s.name])))

    env.filters.update(form_table=_form_table, form_signatures=_form_signatures)
    return env


class ApplicationFormDocx(WordRenderer):
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "docx"
    template_name: ClassVar[str] = "application-form.docx"
    reads: ClassVar[tuple[str, ...]] = (template_name,)
    title: ClassVar[str] = ApplicationFormHtml.title
    format_title: ClassVar[str] = "DOCX"
    media_type: ClassVar[str] = WORD_MEDIA_TYPE
    ignores: ClassVar[tuple[str, ...]] = FORM_IGNORES

    @classmethod
    def makes(cls, pack: Pack) -> bool:
        return pack.form is not None

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        super().__init__(templates, root)
        self.template = WordTemplate(templates / self.template_name, form_env(), root)

    def filling(self, pack: Pack) -> tuple[dict[str, Any], dict[str, bytes]]:
        identity = spec.identity(pack)
        context = {"pack": pack, "identity": identity, "answers": spec.answers(pack.form)}
        return context, {CUSTOM_PART: custom_properties(identity)}
