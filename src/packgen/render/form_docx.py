"""DOCX: the application form with a Word content control per answer, each tagged with its field name.

Single answers are plain-text controls showing placeholder text, the statement a multi-line
one, yes/no and choices drop-down lists, the hub answer filled in and locked. The template
(tools/make_form_docx_template.py) protects everything else for "filling in forms", and the
form's identity goes into docProps/custom.xml so a returned file names its programme, year and hub.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar
from .xmltext import escape, quoteattr

import jinja2
from markupsafe import Markup

from ..forms import spec
from ..forms.spec import Identity
from ..model import pack as p
from ..model.pack import Pack
from .base import FORM_IGNORES
from . import ooxml
from .docx import WordTemplate, docx_env

CUSTOM_PART = "docProps/custom.xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user-defined properties


def _control_id(name: str) -> int:
    """A stable w:id for a field's control: Word wants a unique integer, we want reproducible bytes."""
    value = 0
    for ch in name.encode("utf-8"):
        value = (value * 131 + ch) % 2_000_000_000
    return value + 1


def _placeholder_run(text: str) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>{ooxml.t(text)}</w:r>'


def content_control(field: p.FormField) -> str:
    """A run-level content control for one answer: tagged with its name, titled with its label."""
    props = (
        f"<w:alias w:val={quoteattr(field.label_text[:spec.TITLE_MAX])}/>"
        f"<w:tag w:val={quoteattr(field.name)}/>"
        f'<w:id w:val="{_control_id(field.name)}"/>'
    )
    kind = spec.kind(field)
    control = kind.word_control
    if control == "locked":
        props += '<w:lock w:val="sdtContentLocked"/><w:text/>'
        content = f"<w:r>{ooxml.t(field.value or '')}</w:r>"
    else:
        props += '<w:lock w:val="sdtLocked"/><w:showingPlcHdr/>'
        if control == "dropdown":
            items = "".join(f"<w:listItem w:displayText={quoteattr(o)} w:value={quoteattr(o)}/>" for o in kind.choices(field))
            props += f'<w:dropDownList w:lastValue="">{items}</w:dropDownList>'
        elif control == "multiline":
            props += '<w:text w:multiLine="1"/>'
        else:
            props += "<w:text/>"
        content = _placeholder_run(kind.prompt(field))
    return f"<w:sdt><w:sdtPr>{props}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def answer_cell(field: p.FormField) -> str:
    """The answer cell of the form's tables: the control, then the field's hint if it has one."""
    xml = f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{content_control(field)}</w:p>'
    if field.hint:
        xml += ooxml.text_paragraph(field.hint, "FieldHint")
    return xml


def custom_properties(identity: Identity) -> bytes:
    """docProps/custom.xml naming the form's programme, year and hub."""
    props = "".join(
        f'<property fmtid="{CUSTOM_FMTID}" pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(identity.as_properties().items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>'
    ).encode("utf-8")


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


class ApplicationFormDocx:
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "docx"
    template_name: ClassVar[str] = "application-form.docx"
    reads: ClassVar[tuple[str, ...]] = (template_name,)
    ignores: ClassVar[tuple[str, ...]] = FORM_IGNORES

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.template = WordTemplate(templates / self.template_name, form_env(), root)

    def render(self, pack: Pack) -> bytes:
        identity = spec.identity(pack)
        context = {"pack": pack, "identity": identity, "answers": spec.answers(pack.form)}
        return self.template.render(context, {CUSTOM_PART: custom_properties(identity)})
