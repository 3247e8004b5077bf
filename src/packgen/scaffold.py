"""Starting files for a new hub and a new programme's first year: commented, and valid as written.

Each function returns the file's text; it refuses a code, name or year the project could not
load, so what it gives validates. Writing is the caller's (``packgen new``), never over a file.
Next year of an existing programme is ``rollover``'s work, not this module's.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from .dates import AcademicYear
from .errors import PackgenError, Problem

HUB_CODE = re.compile(r"^[A-Z]{2}[0-9]{1,2}$")
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def _problem(message: str, code: str) -> PackgenError:
    return PackgenError([Problem("command line", 0, 0, message, code)])


def _quoted(text: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted strings are YAML too."""
    return json.dumps(text, ensure_ascii=False)


def hub_file(code: str, name: str, region: str, regions: tuple[str, ...], email: str | None = None) -> str:
    """hubs/<CODE>.yaml for a new hub: its details, and where its offers go, explained in comments."""
    if not HUB_CODE.match(code):
        raise _problem(f"{code!r} is not a hub code like WM1 (two capital letters and a number)", "hub.code")
    if region not in regions:
        close = difflib.get_close_matches(region, regions, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise _problem(f"unknown region {region!r}{hint}; known: {', '.join(regions)}", "hub.region")
    if not name.strip():
        raise _problem("a hub needs a name", "hub.name")
    email_line = (
        f"email: {email}"
        if email
        else "# email: mathshub@example.sch.uk      # where schools send their forms: packs name it"
    )
    return f"""# yaml-language-server: $schema=../schema/hub.schema.json
# {name}: details and yearly offers. Only code, name and region are required.
code: {code}
name: {_quoted(name)}
region: {_quoted(region)}
{email_line}
# lead_school: The Lead School              # named where the pack names the hub
# website: https://example.org
# areas: [Area One, Area Two]              # local authorities the hub serves

# What the hub offers, per programme and academic year. Copy an offer from another hub's file,
# or let `packgen rollover` copy last year's. For example:
#
# offers:
#   mastering-number:
#     2025-26:
#       places: 50
#       allocation: first_come             # or priority_areas, review: the pack says "first come first served"
#       closing_date: 2025-03-14           # a date: the pack shows "Friday 14th March 2025"
#       confirmation_date: 2025-03-20
offers: {{}}
"""


def programme_file(programme: str, year_id: str, title: str | None = None, phase: str = "primary") -> str:
    """programmes/<programme>/<year>.yaml for a programme's first year: a short pack and form to edit."""
    if not SLUG.match(programme):
        raise _problem(
            f"{programme!r} is not a programme name like mastering-number (lower case, dashes)", "programme.name"
        )
    try:
        year = AcademicYear.parse(year_id)
    except ValueError as exc:
        raise _problem(str(exc), "year.unknown") from None
    if phase not in ("primary", "secondary"):
        raise _problem(f"phase must be primary or secondary, not {phase!r}", "programme.phase")
    title = title or programme.replace("-", " ").capitalize()
    return f"""# yaml-language-server: $schema=../../schema/programme-year.schema.json
# {title}, {year.label}: the national wording, written once for every hub.
# Hub facts come from hubs/<CODE>.yaml through {{{{ hub.* }}}} and {{{{ offer.* }}}}; never type them in.
# Replace each piece of wording below with the programme's own; `packgen check` finds what was missed.
title: {_quoted(title)}
subtitle: Information and Application {year.label}
phase: {phase}
# hubs: [WM1, SE3]          # these hubs run it (or hubs: all); without this line, the hubs with an offer for it

sections:
  - id: introduction
    body:
      - >-
        In {year.label}, Maths Hubs will run {title} Work Groups for {phase} schools. This
        document explains the programme and how your school can apply to {{{{ hub.name }}}}.

  - id: expectations            # the form's confirmation list repeats these
    heading: What is expected of participating schools?
    body:
      - bullets:
          - The headteacher will support the lead teacher to attend every Work Group session
          - The lead teacher will share what they learn with colleagues

  - id: how-to-apply
    heading: How to apply
    body:
      - >-
        Complete the application form below and return it to {{{{ hub.name }}}}{{% if hub.email %}}
        at {{{{ hub.email | mailto }}}}{{% endif %}}{{% if offer.closing_date %}}
        by {{{{ offer.closing_date }}}}{{% endif %}}.

form:
  heading: {_quoted(title + " Application Form")}
  groups:
    - heading: Maths Hub
      fields:
        - {{name: hub, type: hub, label: Which Maths Hub are you applying to?}}

    - id: school
      heading: School details
      fields:
        - {{name: name, label: Name of school}}
        - {{name: urn, type: urn, label: School URN}}
        - {{name: telephone, type: telephone, label: Telephone number, beside: true}}
        - {{name: headteacher, label: Name of headteacher}}
        - {{name: email, type: email, label: Email, beside: true}}

    - id: lead_teacher
      heading: Lead teacher
      fields:
        - {{name: name, label: Name}}
        - {{name: email, type: email, label: Email}}
        - {{name: trn, type: trn, label: Teacher reference number}}

  commitments:
    heading: Confirmation of school commitment
    intro: "By signing below, the headteacher confirms that:"
    items:
      - The headteacher will support the lead teacher to attend every Work Group session
      - The lead teacher will share what they learn with colleagues
    signatures:
      - {{name: headteacher, role: Headteacher, label: Signature}}
"""


def years_before(programmes: Path, year_id: str) -> list[str]:
    """The programme's year files (e.g. 2024-25) earlier than ``year_id``, oldest first."""
    new = AcademicYear.parse(year_id)
    years = []
    for path in programmes.glob("*.yaml"):
        try:
            year = AcademicYear.parse(path.stem)
        except ValueError:
            continue
        if year < new:
            years.append(year)
    return [y.id for y in sorted(years)]
