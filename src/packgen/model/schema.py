"""Input models: what a hub file and a programme-year file may say. Unknown keys are errors."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)
from pydantic import Strict as PydanticStrict

from ..forms.kinds import KINDS
from ..schools.eligibility import PHASES, TYPE_GROUPS, TYPES
from . import blocks as block_kinds
from .base import WEBSITE, AssetPath, Count, Slug, Strict, Text, WebAddress
from .blocks import Block, NoticeBlock

HUB_CODE = r"^[A-Z]{2}[0-9]{1,2}$"
YEAR_ID = r"^[0-9]{4}-[0-9]{2}$"
EMAIL = (
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
"""An address as HTML's email inputs take it, with a dotted domain: no brackets, spaces or markup."""
HubCode = Annotated[str, StringConstraints(pattern=HUB_CODE)]
YearId = Annotated[str, StringConstraints(pattern=YEAR_ID)]


class SectionSpec(Strict):
    id: Slug | None = Field(
        default=None, description="A name hubs and checks refer to, e.g. expectations.", examples=["eligibility"]
    )
    heading: Text | None = Field(
        default=None,
        description="The section's heading (H2 in HTML and PDF, Heading 1 in Word).",
        examples=["Who can apply?"],
    )
    style: Literal["normal", "notice"] = Field(
        default="normal", description="notice: a boxed call-out.", examples=["notice"]
    )
    body: list[Block] = Field(
        min_length=1,
        description="The section's blocks, in order (see Blocks).",
        examples=[["Any state-funded primary school may apply."]],
    )


class Logo(Strict):
    """A logo in the masthead, from the project's assets/ folder."""

    src: AssetPath = Field(
        description="The file (PNG or JPEG), from the project root.", examples=["assets/central-maths-hub.png"]
    )
    alt: Text = Field(description="Alt text: whose logo it is (required).", examples=["Central Maths Hub logo"])


# --- hubs -------------------------------------------------------------------------------


class Placement(Strict):
    """Blocks of the hub's own, placed by the id of a section or block of the national wording."""

    before: Slug | None = Field(
        default=None, description="Put the blocks before the section or block with this id.", examples=["eligibility"]
    )
    after: Slug | None = Field(
        default=None, description="Put the blocks after the section or block with this id.", examples=["eligibility"]
    )
    replace: Slug | None = Field(
        default=None,
        description="Put the blocks instead of the section or block with this id (no blocks: leave it out).",
        examples=["funding"],
    )
    end_of: Slug | None = Field(
        default=None,
        description="Put the blocks at the end of the section (or notice) with this id.",
        examples=["how-to-apply"],
    )
    blocks: list[Block] = Field(
        default_factory=list,
        description="The hub's blocks, any kind (see Blocks).",
        examples=[[{"notice": ["Our information evening is on **12 February**."], "heading": "Come and meet us"}]],
    )

    @model_validator(mode="after")
    def _one_place(self) -> Placement:
        where = [key for key, value in self if key in PLACES and value is not None]
        if len(where) != 1:
            raise ValueError(
                f"a placement says where with exactly one of {', '.join(PLACES)}"
                + (f"; this one has {', '.join(where)}" if where else "")
            )
        if not self.blocks and where[0] != "replace":
            raise ValueError(f"a placement {where[0]}: a section or block needs blocks to put there")
        return self

    @property
    def position(self) -> tuple[str, str]:
        """(before | after | replace | end_of, the id it refers to)."""
        return next((key, value) for key, value in self if key in PLACES and value is not None)


PLACES = ("before", "after", "replace", "end_of")

WORDING_ID = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$"
WordingId = Annotated[str, StringConstraints(pattern=WORDING_ID)]
"""A paragraph's or list item's id: its own id:, or one made from its section and first words (wording/ids.py)."""
EDITS = ("replace", "remove", "after")


class Edit(Strict):
    """A hub's own wording of a national paragraph or list item by its id: reworded, left out, or followed by more."""

    replace: WordingId | None = Field(
        default=None,
        description="Word the paragraph or list item with this id as text: says (a list item keeps any list under it).",
        examples=["eligibility/any-state-funded-primary-school"],
    )
    remove: WordingId | None = Field(
        default=None,
        description="Leave out the paragraph or list item with this id (and any list under the item).",
        examples=["benefits/no-charge-for-participation"],
    )
    after: WordingId | None = Field(
        default=None,
        description="Put add:'s paragraphs after the paragraph with this id, or its items after the list item.",
        examples=["benefits/high-quality-support-for-teacher"],
    )
    text: Text | None = Field(
        default=None,
        description="With replace: the paragraph's or item's wording in this hub's pack.",
        examples=["Any state-funded primary school in **Stoke-on-Trent** may apply."],
    )
    add: list[Text] = Field(
        default_factory=list,
        description="With after: the hub's paragraphs (after a paragraph) or list items (after an item), in order.",
        examples=[["A visit to your school from one of our Work Group leads"]],
    )

    @property
    def _given(self) -> dict[str, str]:
        """The one of replace, remove and after given (more when the edit is wrong), with its id."""
        ids = {"replace": self.replace, "remove": self.remove, "after": self.after}
        return {key: target for key, target in ids.items() if target is not None}

    @model_validator(mode="after")
    def _one_edit(self) -> Edit:
        what = list(self._given)
        if len(what) != 1:
            raise ValueError(
                f"an edit says what with exactly one of {', '.join(EDITS)}"
                + (f"; this one has {', '.join(what)}" if what else "")
            )
        if what[0] == "replace" and (self.text is None or self.add):
            raise ValueError("an edit replace: gives the new wording as text: (and no add:)")
        if what[0] == "after" and (not self.add or self.text is not None):
            raise ValueError("an edit after: gives what to add as a list, add: (and no text:)")
        if what[0] == "remove" and (self.text is not None or self.add):
            raise ValueError("an edit remove: takes no text: or add:")
        return self

    @property
    def action(self) -> tuple[str, str]:
        """(replace | remove | after, the id it refers to)."""
        return next(iter(self._given.items()))


RULES = ("first_come", "priority_areas", "review")
"""The rules ``allocation:`` may name, each a way packgen allocate gives places."""
RULE_WORDS = {
    "first_come": "first come first served",
    "priority_areas": "with priority to the areas above",
    "review": "given after the hub reviews every application",
}
"""What a pack says of each rule: ``{{ offer.allocation }}``."""
CAP_WORDS = {"local_authority": "local authority", "trust": "trust"}


class CapSpec(Strict):
    """At most so many places for the schools of any one local authority (the register's) or trust."""

    per: Literal["local_authority", "trust"] = Field(
        description="local_authority: the school's local authority in the register; trust: its trust.",
        examples=["local_authority"],
    )
    places: Count = Field(description="The most places schools of one of them are offered.", examples=[5])


class AllocationSpec(Strict):
    """How places are given, as a rule that packgen allocate applies and the pack states in words."""

    rule: Literal["first_come", "priority_areas", "review"] = Field(
        description="first_come: by the time each application was received (online: when it was sent; a returned "
        "form: when it arrived); priority_areas: schools whose local authority is one of the offer's areas (or else "
        "the hub's) first, then the rest, each by time received; review: the hub decides each application (allocate "
        "proposes them in the order received).",
        examples=["first_come"],
    )
    waiting_list: Annotated[int, PydanticStrict(), Field(ge=0)] | None = Field(
        default=None,
        description="How many schools the waiting list holds after the places are given; 0: none; omitted: every "
        "school not offered a place.",
        examples=[10],
    )
    cap: CapSpec | None = Field(
        default=None,
        description="At most so many places per local authority or per trust.",
        examples=[{"per": "local_authority", "places": 5}],
    )

    @property
    def words(self) -> str:
        """The rule as the pack says it: "first come first served", with the cap and waiting list if any."""
        words = RULE_WORDS[self.rule]
        if self.cap is not None:
            per = CAP_WORDS[self.cap.per]
            places = f"{self.cap.places} place{'s' * (self.cap.places != 1)}"
            words += f", at most {places} for the schools of any one {per}"
        if self.waiting_list:
            words += f", with a waiting list of {self.waiting_list} school{'s' * (self.waiting_list != 1)}"
        return words


def _allocation_tag(value: object) -> str:
    return "words" if isinstance(value, str) else "allocation rule"


Allocation = Annotated[
    Annotated[AllocationSpec, Tag("allocation rule")] | Annotated[Text, Tag("words")],
    Discriminator(_allocation_tag),
]
"""An offer's ``allocation:``: a rule (by name, or a mapping), or words of the hub's own."""


class ApplyLink(Strict):
    """Where schools apply when the pack takes no form: a page of another service."""

    url: WebAddress = Field(
        description="The address of the page schools apply on.", examples=["https://forms.example.org/apply"]
    )
    label: Text = Field(
        description="The words of the link, naming where it goes (as written).",
        examples=["the NCETM's application page"],
    )


class Offer(Strict):
    """What one hub offers for one programme-year; every key is optional."""

    @field_validator("allocation", mode="before")
    @classmethod
    def _rule_by_name(cls, value: object) -> object:
        """``allocation: first_come``: the short form of ``allocation: {rule: first_come}``."""
        return {"rule": value} if isinstance(value, str) and value in RULES else value

    @property
    def rule(self) -> AllocationSpec | None:
        """The rule packgen allocate applies: as written, ``review`` for words of the hub's own (the
        wording of offers written before allocation was a rule), None without ``allocation:``."""
        if isinstance(self.allocation, str):
            return AllocationSpec(rule="review")
        return self.allocation

    @property
    def allocation_words(self) -> str | None:
        """How places are given, as the pack says it: the rule's words, or the words written."""
        return self.allocation if isinstance(self.allocation, str) else (self.allocation and self.allocation.words)

    @field_validator("closing_date", mode="before")
    @classmethod
    def _none_in_any_case(cls, value: object) -> object:
        """``closing_date: none`` (or None, NONE): no closing date, on purpose."""
        return "none" if isinstance(value, str) and value.strip().lower() == "none" else value

    @property
    def closes(self) -> dt.date | None:
        """The closing date, or None when there is none (on purpose or not)."""
        return self.closing_date if isinstance(self.closing_date, dt.date) else None

    @property
    def open_ended(self) -> bool:
        """The offer says on purpose that it has no closing date (``closing_date: none``)."""
        return self.closing_date == "none"

    title: Text | None = Field(
        default=None,
        description="The hub's own title for the programme, in place of the national one: the pack's heading, the "
        "site's and the web server's pages and every document's metadata use it (wording).",
        examples=["Mastering Number in the North East"],
    )
    apply: ApplyLink | None = Field(
        default=None,
        description="Schools apply to this hub through a link to another service, in place of the application "
        "form: no form is built, and the pack and the site link to the address.",
        examples=[{"url": "https://forms.example.org/mastering-number", "label": "the hub's application service"}],
    )
    places: Count | None = Field(default=None, description="Places the hub has for schools.", examples=[50])
    allocation: Allocation | None = Field(
        default=None,
        description="How places are given: a rule packgen allocate applies and the pack states "
        '({{ offer.allocation }}: first_come says "first come first served", priority_areas "with priority to '
        "the areas above\"), by name or with a waiting list and a cap (see AllocationSpec). Words of the hub's own "
        "still show in the pack, but count as review (the hub decides each place), with a warning "
        "(offer.allocation-words).",
        examples=[
            "first_come",
            {"rule": "priority_areas", "waiting_list": 10, "cap": {"per": "local_authority", "places": 5}},
        ],
    )
    opening_date: dt.date | None = Field(
        default=None,
        description="The first day the online form (packgen serve) takes applications.",
        examples=["2024-01-08"],
    )
    closing_date: dt.date | Literal["none"] | None = Field(
        default=None,
        description="The last day applications are taken (to the end of that day, UK time), shown with its weekday; "
        "or the word none, written on purpose, for an offer that takes applications with no closing date (the online "
        "form stays open). Without either, the online form (packgen serve) takes no applications for the offer.",
        examples=["2024-03-01", "none"],
    )
    confirmation_date: dt.date | None = Field(
        default=None, description="When schools hear whether they have a place.", examples=["2024-03-07"]
    )
    first_session: dt.date | None = Field(
        default=None,
        description="The day of the first session, as decision letters tell schools with a place "
        "({{ offer.first_session }}).",
        examples=["2024-09-26"],
    )
    areas: list[Text] | None = Field(
        default=None,
        description="Areas whose schools may apply, if narrower than the hub's.",
        examples=[["Birmingham", "Sandwell"]],
    )
    extra: dict[Slug, list[Text]] = Field(
        default_factory=dict,
        description="Paragraphs of the hub's own, appended to the section with that id (a shorthand for placements "
        "with end_of).",
        examples=[{"how-to-apply": ["Our information evening is on **12 February** at the lead school."]}],
    )
    placements: list[Placement] = Field(
        default_factory=list,
        description="Blocks of the hub's own (paragraphs, lists, headings, notices…), each placed before, after, "
        "instead of or at the end of a section or block of the national wording, by its id.",
        examples=[
            [
                {
                    "after": "eligibility",
                    "blocks": [
                        {"notice": ["Schools in Stoke-on-Trent are a priority this year."], "heading": "Local priority"}
                    ],
                }
            ]
        ],
    )
    edits: list[Edit] = Field(
        default_factory=list,
        description="The hub's own wording of national paragraphs and list items, by their ids (`packgen ids "
        "PROGRAMME YEAR` lists them): each replaced, removed, or followed by the hub's own.",
        examples=[
            [
                {"replace": "eligibility/any-state-funded-primary-school", "text": "Any school in Stoke may apply."},
                {"remove": "benefits/no-charge-for-participation"},
                {"after": "benefits/high-quality-support-for-teacher", "add": ["A visit from a Work Group lead"]},
            ]
        ],
    )


class HubFile(Strict):
    """hubs/<CODE>.yaml: one Maths Hub's details and what it offers each year."""

    code: HubCode = Field(
        description="The hub's code: two capital letters and a number; the file is named after it.", examples=["WM1"]
    )
    name: Text = Field(description="The hub's name as its packs show it.", examples=["Central Maths Hub"])
    region: Text = Field(
        description="One of England's nine regions (or packgen.toml's list).", examples=["West Midlands"]
    )
    email: Annotated[str, StringConstraints(pattern=EMAIL)] | None = Field(
        default=None, description="Where schools send applications.", examples=["mathshub@example.sch.uk"]
    )
    lead_school: Text | None = Field(
        default=None, description="The hub's lead school.", examples=["Bishop Challoner Catholic College"]
    )
    areas: list[Text] = Field(
        default_factory=list,
        description="Local authority areas the hub serves.",
        examples=[["Birmingham", "Sandwell", "Dudley"]],
    )
    website: Annotated[str, StringConstraints(pattern=WEBSITE)] | None = Field(
        default=None, description="The hub's website.", examples=["https://example.org"]
    )
    logo: Logo | None = Field(
        default=None,
        description="The hub's logo, shown in the masthead of its packs.",
        examples=[{"src": "assets/central-maths-hub.png", "alt": "Central Maths Hub logo"}],
    )
    offers: dict[Slug, dict[YearId, Offer]] = Field(
        default_factory=dict,
        description="programme slug -> academic year (e.g. 2024-25) -> offer",
        examples=[{"mastering-number": {"2024-25": {"places": 50, "closing_date": "2024-03-01"}}}],
    )


# --- the application form ---------------------------------------------------------------


def _field_types(schema: dict[str, Any]) -> None:
    """The JSON Schema of ``type``: the field types registered when the schema is written."""
    schema["enum"] = list(KINDS)
    schema["description"] = "; ".join(f"{name}: {kind.description.rstrip('.')}" for name, kind in KINDS.items())


AUTOFILL = (
    r"^(?:off|(?:(?:home|work|mobile) )?(?:email|tel)|(?:name|given-name|family-name|honorific-prefix|organization"
    r"|organization-title|street-address|address-line[123]|address-level[1-4]|postal-code|country-name|url))$"
)
"""The HTML autofill tokens a form field may have (WHATWG's, those a school's own details use)."""


class FormFieldSpec(Strict):
    """One answer the form asks for."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="The answer's name: with its group's id (and role) it names the answer in every format and the "
        "spreadsheet.",
        examples=["urn"],
    )
    label: Text = Field(description="The question (wording).", examples=["School URN"])
    type: str = Field(
        default="text",
        description="The field type: see Field types.",
        json_schema_extra=_field_types,
        examples=["date"],
    )
    required: bool = Field(
        default=True, description="A returned form without this answer is flagged.", examples=[False]
    )
    word_limit: Count | None = Field(
        default=None, description="The most words a multiline answer may have.", examples=[250]
    )
    hint: Text | None = Field(
        default=None, description="Help shown under the answer.", examples=["Your 7-digit TRN is on your payslip."]
    )
    choices: list[Text] | None = Field(
        default=None,
        description="The answers offered by a choice or checkboxes field.",
        examples=[["Infant", "Primary", "All-through"]],
    )
    other: Text | None = Field(
        default=None,
        description="A choice or checkboxes field's extra answer the school words itself, with a box to say it.",
        examples=["Other (please say)"],
    )
    value: Text | None = Field(
        default=None, description="A pre-filled, read-only answer (wording).", examples=["The {{ hub.name }}"]
    )
    beside: bool = Field(default=False, description="Sit on the same row as the field before it.", examples=[True])
    layout: Literal["row", "stacked"] = Field(
        default="row",
        description="row: label beside answer; stacked: the answer below its label.",
        examples=["stacked"],
    )
    autocomplete: Annotated[str, StringConstraints(pattern=AUTOFILL)] | None = Field(
        default=None,
        description="The HTML autofill token of an answer about the person filling in the form or their school "
        "(organization, work email…); without it, off: browsers do not fill in other people's details or signatures.",
        examples=["organization"],
    )

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in KINDS:
            close = difflib.get_close_matches(value, list(KINDS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"unknown field type {value!r}{hint}; known: {', '.join(KINDS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> FormFieldSpec:
        kind = KINDS[self.type]
        if kind.needs_choices and not self.choices:
            raise ValueError(f"a {self.type} field needs a list of choices")
        if self.choices and not kind.needs_choices:
            takers = " or ".join(k.name for k in KINDS.values() if k.needs_choices)
            raise ValueError(f"only a {takers} field takes choices, not a {self.type} field")
        if self.word_limit and not kind.takes_word_limit:
            takers = " or ".join(k.name for k in KINDS.values() if k.takes_word_limit)
            raise ValueError(f"only a {takers} field takes a word limit, not a {self.type} field")
        if self.other and not kind.takes_other:
            takers = " or ".join(k.name for k in KINDS.values() if k.takes_other)
            raise ValueError(f"only a {takers} field takes an other answer, not a {self.type} field")
        answers = [*(self.choices or ()), *([self.other] if self.other else [])]
        repeated = sorted({a for a in answers if answers.count(a) > 1})
        if repeated:
            raise ValueError(f"each answer may be offered once; repeated: {', '.join(repeated)}")
        if kind.joins_answers:
            joined = [a for a in answers if kind.joins_answers in a]
            if joined:
                raise ValueError(
                    f"a {self.type} field's answers are listed with {kind.joins_answers!r}, so no answer may hold it: "
                    f"{joined[0]!r}"
                )
        return self


class Role(Strict):
    """One of the roles a repeated group is asked for."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")] = Field(
        description="The role's part of its answers' names.", examples=["reception"]
    )
    label: Text = Field(description="The role as wording shows it: {{ role.label }}.", examples=["Reception"])


class FieldGroupSpec(Strict):
    """A group of answers under a heading; one table in the pack's copy of the form."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] | None = Field(
        default=None, description="The first part of its answers' names.", examples=["school"]
    )
    heading: Text = Field(
        description="May use {{ role.label }} in a repeated group.",
        examples=["Details of lead teacher ({{ role.label }})"],
    )
    body: list[Block] = Field(
        default_factory=list,
        description="Blocks before the answers (see Blocks).",
        examples=[["Each school must still apply on its own."]],
    )
    repeat: list[Role] | None = Field(
        default=None,
        description="Repeat the group once per role.",
        examples=[[{"key": "reception", "label": "Reception"}]],
    )
    fields: list[FormFieldSpec] = Field(
        min_length=1, description="The answers, in order.", examples=[[{"name": "name", "label": "Name of school"}]]
    )

    @model_validator(mode="after")
    def _repeat_needs_id(self) -> FieldGroupSpec:
        if self.repeat and not self.id:
            raise ValueError("a repeated group needs an id to name its fields")
        return self


class SignatureSpec(Strict):
    """A typed signature the form asks for (its answer is signature.<name>)."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="The signature's answer name after signature.", examples=["headteacher"]
    )
    role: Text = Field(description="Who signs, beside the signature.", examples=["Headteacher"])
    label: Text = Field(description="The prompt in the signature box.", examples=["Signature of headteacher"])


class CommitmentsSpec(Strict):
    """The confirmation the school signs: a list of commitments and signature rows."""

    heading: Text = Field(
        description="Its heading.", examples=["Confirmation of school commitment (electronic signatures)"]
    )
    intro: Text = Field(
        description="The sentence before the list.",
        examples=["If we are chosen to participate, we commit to the following:"],
    )
    items: list[Text] = Field(
        min_length=1,
        description="The commitments (compared with the section with id expectations).",
        examples=[["The lead teachers will attend every workshop."]],
    )
    signatures: list[SignatureSpec] = Field(
        min_length=1,
        description="The signature rows.",
        examples=[[{"name": "headteacher", "role": "Headteacher", "label": "Signature of headteacher"}]],
    )
    note: Text | None = Field(
        default=None,
        description="A note under the signatures.",
        examples=["(Please copy all those above when emailing the form.)"],
    )


class FormSpec(Strict):
    """The application form: in the pack, and as fillable PDF, Word and HTML forms."""

    heading: Text = Field(description="The form's heading.", examples=["Mastering Number Application Form"])
    body: list[Block] = Field(
        default_factory=list,
        description="Blocks before the first group (see Blocks).",
        examples=[["Please complete and return by email."]],
    )
    groups: list[FieldGroupSpec] = Field(
        min_length=1,
        description="The groups of answers, in order.",
        examples=[
            [{"heading": "School details", "id": "school", "fields": [{"name": "name", "label": "Name of school"}]}]
        ],
    )
    commitments: CommitmentsSpec | None = Field(
        default=None, description="The signed confirmation at the end.", examples=[None]
    )


class AppendixSpec(Strict):
    """The appendix listing every hub by region."""

    heading: Text = Field(
        default="Appendix: Names of Maths Hubs", description="Its heading.", examples=["Appendix: Names of Maths Hubs"]
    )
    body: list[Block] = Field(
        default_factory=list,
        description="Blocks before the list (see Blocks).",
        examples=[["Below is a list of the {{ hubs | length }} Maths Hubs."]],
    )


class Eligible(Strict):
    """Which schools may apply, by the register's (GIAS's) own names; every key optional, an omitted key is "any"."""

    phases: list[str] = Field(
        default=[],
        description="PhaseOfEducation (name) values of schools that may apply; omitted, any phase.",
        examples=[["Primary", "Middle deemed primary", "All-through"]],
    )
    types: list[str] = Field(
        default=[], description="TypeOfEstablishment (name) values: only these types may apply.", examples=[[]]
    )
    exclude_types: list[str] = Field(
        default=[],
        description="TypeOfEstablishment (name) values that may not apply.",
        examples=[["Other independent school"]],
    )
    type_groups: list[str] = Field(
        default=[],
        description="EstablishmentTypeGroup (name) values: only these groups may apply.",
        examples=[["Academies", "Local authority maintained schools"]],
    )
    exclude_type_groups: list[str] = Field(
        default=[],
        description="EstablishmentTypeGroup (name) values that may not apply.",
        examples=[["Independent schools"]],
    )
    status: Literal["open", "any"] = Field(
        default="open",
        description="open: a closed school, or one yet to open, may not apply; any: the status is not checked.",
        examples=["open"],
    )

    @field_validator("phases", "types", "exclude_types", "type_groups", "exclude_type_groups")
    @classmethod
    def _gias_names(cls, value: list[str], info: Any) -> list[str]:
        known = {"phases": PHASES, "type_groups": TYPE_GROUPS, "exclude_type_groups": TYPE_GROUPS}.get(
            info.field_name, TYPES
        )
        for item in value:
            if item not in known:
                close = difflib.get_close_matches(item, list(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ValueError(f"{item!r} is not one of GIAS's names{hint}")
        return value


LETTER_KINDS = ("offered", "waiting", "not_offered", "place_freed")
"""The decision letters, in the order ``letters:`` lists them (packgen/letter.py says which a decision gets)."""


class LetterSpec(Strict):
    """One decision letter's national wording: the email's subject and the letter's blocks."""

    subject: Text = Field(
        description="The letter's heading and its email's subject (wording; may use school, decision).",
        examples=["Your place on {{ programme.title }}"],
    )
    body: list[Block] = Field(
        min_length=1,
        description="The letter's blocks after the greeting, in order (see Blocks); hubs place their own by id.",
        examples=[["We are pleased to offer {{ school.name }} a place."]],
    )


class LettersSpec(Strict):
    """The decision letters of a programme-year, one per outcome (packgen letters)."""

    offered: LetterSpec = Field(
        description="To a school offered a place.",
        examples=[{"subject": "A place for {{ school.name }}", "body": ["We are pleased to offer you a place."]}],
    )
    waiting: LetterSpec = Field(
        description="To a school on the waiting list.",
        examples=[{"subject": "The waiting list", "body": ["{{ school.name }} is number {{ decision.rank }}."]}],
    )
    not_offered: LetterSpec = Field(
        description="To a school not offered a place.",
        examples=[{"subject": "Your application", "body": ["We cannot offer a place this year."]}],
    )
    place_freed: LetterSpec = Field(
        description="To a school offered a place freed by a withdrawal, after it was on the waiting list.",
        examples=[{"subject": "A place has come free", "body": ["A place has come free for your school."]}],
    )


class ProgrammeYearFile(Strict):
    """programmes/<programme>/<year>.yaml: a programme's national wording for one academic year."""

    title: Text = Field(
        description="The programme's name, the pack's title.",
        examples=["Mastering Number at Reception and Key Stage 1"],
    )
    tagline: Text | None = Field(
        default=None,
        description="A line under the title, before the subtitle.",
        examples=["Developing teaching for mastery in primary schools"],
    )
    subtitle: Text | None = Field(
        default=None,
        description="The line that names the pack and its year.",
        examples=["Information and Application 2024/25"],
    )
    logo: Logo | None = Field(
        default=None,
        description="The programme's logo, in the masthead beside any hub logo.",
        examples=[{"src": "assets/ncetm.png", "alt": "NCETM logo"}],
    )
    hubs: list[HubCode] | Literal["all"] | None = Field(
        default=None,
        description="Hubs that run it: omitted, the hubs whose files have an offer for this programme-year; a list, "
        "those hubs; all, every hub.",
        examples=[["WM1", "SE3"]],
    )
    phase: Literal["primary", "secondary"] | None = Field(
        default=None,
        description="The phase of schools it is for; wording naming the other phase is a warning (programme.phase).",
        examples=["primary"],
    )
    sections: list[SectionSpec] = Field(
        min_length=1,
        description="The information sections, in order.",
        examples=[[{"id": "background", "heading": "Background", "body": ["Since 2014, …"]}]],
    )
    form: FormSpec | None = Field(
        default=None,
        description="The application form; omitted when schools apply through a link (apply:) or the document "
        "takes no applications (an expression of interest, which check points out).",
        examples=[
            {
                "heading": "Application Form",
                "groups": [
                    {
                        "heading": "School details",
                        "id": "school",
                        "fields": [{"name": "name", "label": "Name of school"}],
                    }
                ],
            }
        ],
    )
    apply: ApplyLink | None = Field(
        default=None,
        description="Schools apply through a link to another service, in place of a form: no form is built, the "
        "pack says to follow the link and the site links to it (a hub's offer may say its own).",
        examples=[{"url": "https://forms.example.org/apply", "label": "the programme's application service"}],
    )
    eligible: Eligible | None = Field(
        default=None,
        description="Which schools may apply, checked against the schools register on the online form and in "
        "collect; omitted, any school with a URN.",
        examples=[{"phases": ["Primary", "All-through"], "exclude_types": ["Other independent school"]}],
    )
    hub_appendix: AppendixSpec | None = Field(
        default=None,
        description="Include the list of all hubs.",
        examples=[{"heading": "Appendix: Names of Maths Hubs"}],
    )
    letters: LettersSpec | None = Field(
        default=None,
        description="The decision letters' wording (packgen letters): offered, waiting, not_offered, place_freed; "
        "wording may also use school (name, urn, address, headteacher) and decision (outcome, reference, rank, "
        "reason).",
        examples=[
            {
                "offered": {"subject": "A place for {{ school.name }}", "body": ["We are pleased to offer a place."]},
                "waiting": {"subject": "The waiting list", "body": ["You are number {{ decision.rank }}."]},
                "not_offered": {"subject": "Your application", "body": ["We cannot offer a place this year."]},
                "place_freed": {"subject": "A place has come free", "body": ["A place has come free."]},
            }
        ],
    )

    @field_validator("hubs", mode="before")
    @classmethod
    def _hubs_list_or_all(cls, value: Any) -> Any:
        if value is None or value == "all" or isinstance(value, list):
            return value
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise ValueError(f"a list of hub codes like [WM1, SE3], or all, not {shown}")

    @model_validator(mode="after")
    def _form_or_link(self) -> ProgrammeYearFile:
        if self.form is not None and self.apply is not None:
            raise ValueError("a programme-year has a form or an apply: link, not both")
        return self

    def block_lists(self) -> Iterator[tuple[tuple[Any, ...], list[Any]]]:
        """(path, blocks) of every list of blocks in the file, in reading order, notices' own included."""
        lists: list[tuple[tuple[Any, ...], list[Any]]] = [
            (("sections", i, "body"), s.body) for i, s in enumerate(self.sections)
        ]
        if self.form is not None:
            lists.append((("form", "body"), self.form.body))
            lists += [(("form", "groups", i, "body"), g.body) for i, g in enumerate(self.form.groups)]
        if self.hub_appendix:
            lists.append((("hub_appendix", "body"), self.hub_appendix.body))
        if self.letters:
            lists += [(("letters", kind, "body"), getattr(self.letters, kind).body) for kind in LETTER_KINDS]
        for loc, blocks in lists:
            yield from nested_lists(loc, blocks)

    def ids(self) -> Iterator[tuple[tuple[Any, ...], str]]:
        """(path of the id, id) of every section and block that has one, in reading order."""
        for i, s in enumerate(self.sections):
            if s.id:
                yield ("sections", i, "id"), s.id
        for loc, blocks in self.block_lists():
            for i, block in enumerate(blocks):
                block_id = block_kinds.block_id(block)
                if block_id:
                    yield loc + (i, "id"), block_id
                for key in ("bullets", "numbered"):
                    if isinstance(block, (block_kinds.Bullets, block_kinds.Numbered)) and hasattr(block, key):
                        yield from _item_ids(loc + (i, key), getattr(block, key))


def _item_ids(loc: tuple[Any, ...], items: list[Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path of the id, id) of every list item written with one, nested ones too."""
    for k, item in enumerate(items):
        if isinstance(item, block_kinds.ListItemSpec):
            if item.id:
                yield loc + (k, "id"), item.id
            if item.sublist is not None:
                yield from _item_ids(loc + (k, item.sublist[0]), item.sublist[1])


def nested_lists(loc: tuple[Any, ...], blocks: list[Any]) -> Iterator[tuple[tuple[Any, ...], list[Any]]]:
    """(path, blocks) of a list of blocks and of every notice's blocks in it."""
    yield loc, blocks
    for i, block in enumerate(blocks):
        if isinstance(block, NoticeBlock):
            yield from nested_lists(loc + (i, "notice"), block.notice)


def _rebuild() -> None:
    """The models that hold blocks, built again after a kind of block is registered (model/blocks.py)."""
    for model in [v for v in globals().values() if isinstance(v, type) and issubclass(v, Strict)]:
        if model.__module__ == __name__:
            model.model_rebuild(force=True)


block_kinds.on_change(_rebuild)
