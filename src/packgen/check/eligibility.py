"""wording.eligibility: two places of one pack that disagree about who may apply.

Two kinds of statement are read, a clause at a time (a sentence is split at ";" and at "but",
"whereas", "however"), and a clause told in the past ("was open to", "were eligible") is history,
not a rule:

- **Which schools.** A kind of school named before "schools" ("primary and special schools",
  "middle schools deemed primary", "academies"), with what the clause says of it: open ("open
  to", "eligible", "may apply", "welcome", "is for"), closed ("not eligible", "cannot apply",
  "excluded"), only ("only", "exclusively") or all ("all schools", "any school"). Kinds nest
  (an infant school is a primary school, an academy is state-funded) and fall in three
  families: phase, funding and provision. A kind closed in one place and open in another (or
  a kind inside it: "middle schools are not eligible" / "middle schools deemed primary may
  apply") disagree; so do "only" one kind and open another kind of the same family that it
  does not hold ("only academies" / "maintained schools may apply too"), and "all schools"
  with "only" a kind. Closing a kind inside one that is open is a refinement, not a
  contradiction ("open to primary schools" / "infant schools are not eligible").
- **What a school must have done.** Taking part in something before is required ("must have
  completed the Development year"), not required ("no previous involvement in …", "do not
  need to have taken part in …"), excluded ("must not have taken part in …", "schools that
  have not taken part in …", "schools new to …", "schools that took part in … cannot apply") or
  allowed ("schools that have taken part in … are welcome"). Required disagrees with excluded
  and not required; excluded with allowed; when both name the same thing (the same words, or
  one's words inside the other's: "Teaching for Mastery" and "the Teaching for Mastery
  Development year"); "a Maths Hub programme" or "any programme" stands for every one, and
  "other programmes" for none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.sentences import spans

# kind -> the kind it is a part of (None: a family's top)
_PARENT: dict[str, str | None] = {
    "nursery": None,
    "primary": None,
    "infant": "primary",
    "junior": "primary",
    "first": "primary",
    "middle": None,
    "middle deemed primary": "middle",
    "middle deemed secondary": "middle",
    "secondary": None,
    "all-through": None,
    "state-funded": None,
    "academy": "state-funded",
    "maintained": "state-funded",
    "free": "state-funded",
    "independent": None,
    "special": None,
    "alternative provision": None,
}
_FAMILY = {
    **dict.fromkeys(("nursery", "primary", "infant", "junior", "first", "middle", "secondary", "all-through"), "phase"),
    **dict.fromkeys(("middle deemed primary", "middle deemed secondary"), "phase"),
    **dict.fromkeys(("state-funded", "academy", "maintained", "free", "independent"), "funding"),
    **dict.fromkeys(("special", "alternative provision"), "provision"),
}
_KIND_WORD = (
    r"nursery|primary|infant|junior|first|middle|secondary|all[- ]through|special|independent"
    r"|state[- ]funded|state|maintained|free|alternative\s+provision"
)
_KINDS = re.compile(
    rf"\b(?P<kinds>(?:{_KIND_WORD})(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s+)(?:{_KIND_WORD}))*)\s+schools?\b"
    r"(?:\s+deemed\s+(?P<deemed>primary|secondary))?"
    r"|\b(?P<academy>academies|academy\s+schools)\b",
    re.I,
)
_CLAUSE = re.compile(r";|,?\s+\bbut\b|,?\s+\bwhereas\b|,?\s+\bhowever\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had\s+been|used\s+to)\b", re.I)
_CLOSED = re.compile(
    r"\bnot\s+(?:\w+\s+)?(?:eligible|open|available|able\s+to\s+apply|for)\b|\bineligible\b|\bexcluded\b"
    r"|\b(?:cannot|can\s*not|can't|may\s+not|must\s+not)\s+(?:\w+\s+)?(?:apply|take\s+part|join)\b"
    r"|\bunable\s+to\s+apply\b",
    re.I,
)
_OPEN = re.compile(
    r"\b(?:open|available)\s+to\b|\beligible\b|\b(?:may|can|could)\s+(?:also\s+)?(?:apply|join|take\s+part)\b"
    r"|\bwelcomed?\b|\binvited?\b"
    r"|\b(?:is|are)\s+(?:only\s+|exclusively\s+|solely\s+)?(?:for|aimed\s+at|intended\s+for)\b",
    re.I,
)
_ONLY = re.compile(r"\b(?:only|exclusively|solely)\b", re.I)
_ALL = re.compile(r"\ball\s+schools\b|\bany\s+school\b|\bevery\s+school\b", re.I)

_DONE = (
    r"(?:taken\s+part\s+in|took\s+part\s+in|participated\s+in|completed|been\s+part\s+of|been\s+involved\s+in"
    r"|engaged\s+with|attended)"
)
_OBJ = r"(?P<obj>[^,.;:!?()]*)"
_PRIOR: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("excluded", re.compile(rf"\b(?:must|should)\s+not\s+have\s+(?:previously\s+)?{_DONE}\s+{_OBJ}", re.I)),
    (
        "excluded",
        re.compile(
            rf"\bschools?\s+(?:that|which|who)\s+ha(?:ve|s)\s+not\s+(?:yet\s+|previously\s+)?{_DONE}\s+{_OBJ}", re.I
        ),
    ),
    ("excluded", re.compile(rf"\bschools?\s+new\s+to\s+{_OBJ}", re.I)),
    (
        "not required",
        re.compile(
            rf"\b(?:do|does|did|need)\s*(?:not|n't)\s+need\s+to\s+have\s+(?:previously\s+)?{_DONE}\s+{_OBJ}", re.I
        ),
    ),
    ("not required", re.compile(rf"\bneed\s+not\s+have\s+{_DONE}\s+{_OBJ}", re.I)),
    (
        "not required",
        re.compile(
            r"\bno\s+(?:previous|prior)\s+(?:involvement|participation|experience|engagement)"
            rf"\s+(?:in|with|of)\s+{_OBJ}",
            re.I,
        ),
    ),
    ("required", re.compile(rf"\b(?:need|needs)\s+to\s+have\s+(?:previously\s+|already\s+)?{_DONE}\s+{_OBJ}", re.I)),
    ("required", re.compile(rf"\bmust\s+have\s+(?:previously\s+|already\s+)?{_DONE}\s+{_OBJ}", re.I)),
    (
        "done",  # "schools that took part in X": allowed or excluded, by what the clause says next
        re.compile(rf"\bschools?\s+(?:that|which|who)\s+(?:have\s+|has\s+)?(?:previously\s+)?{_DONE}\s+{_OBJ}", re.I),
    ),
)
_OBJ_END = re.compile(
    r"\s+(?:before|previously|again|already|is|are|was|were|may|can|cannot|can't|must|will|to|last|this|in\s+\d)\b"
    r"|\s+\d{4}",
    re.I,
)
_OBJ_DROP = frozenset("the a an our this that programme programmes".split())
_ANY = re.compile(r"\bmaths\s+hubs?\b|^\s*any\b", re.I)
_NONE = re.compile(r"\b(?:other|another|different)\b", re.I)


@dataclass(frozen=True)
class Rule:
    """A clause's statement of who may apply."""

    start: int
    text: str  # the clause as written
    sentence: int
    kinds: frozenset[str] = frozenset()
    say: str = ""  # open, closed, only or all; for prior: required, not required, excluded or allowed
    prior: frozenset[str] | None = None  # what must (not) have been done: its words; None: a rule on kinds
    any_prior: bool = False  # "a Maths Hub programme": stands for every one


def _kind(word: str) -> str:
    w = " ".join(word.lower().replace("-", " ").split())
    return {
        "all through": "all-through",
        "state funded": "state-funded",
        "state": "state-funded",
    }.get(w, w)


def _kinds(clause: str) -> list[tuple[int, frozenset[str]]]:
    found = []
    for m in _KINDS.finditer(clause):
        if m.group("academy"):
            found.append((m.start(), frozenset({"academy"})))
            continue
        words = re.split(r"\s*,\s*|\s+and\s+|\s+or\s+|\s+(?=\S)", m.group("kinds"))
        kinds = {_kind(w) for w in words if w.strip()}
        kinds = {"alternative provision" if k.startswith("alternative") else k for k in kinds}
        if m.group("deemed") and "middle" in kinds:
            kinds = (kinds - {"middle"}) | {f"middle deemed {m.group('deemed').lower()}"}
        found.append((m.start(), frozenset(k for k in kinds if k in _PARENT)))
    return [(at, k) for at, k in found if k]


def _object(raw: str) -> tuple[frozenset[str] | None, bool]:
    """The words of what was done, and whether it stands for every programme (None: for none)."""
    cut = _OBJ_END.search(raw)
    obj = raw[: cut.start()] if cut else raw
    if _NONE.search(obj):
        return None, False
    words = frozenset(w for w in re.findall(r"[a-z0-9]+", obj.lower()) if w not in _OBJ_DROP)
    return words, bool(_ANY.search(obj))


def rules(text: str) -> list[Rule]:
    """Every statement of who may apply in ``text`` (see the module docstring)."""
    found: list[Rule] = []
    for sentence, (a, b) in enumerate(spans(text)):
        begin = a
        cuts = [m for m in _CLAUSE.finditer(text, a, b)]
        bounds = [(begin, cuts[0].start())] if cuts else []
        bounds += [(cuts[i].end(), cuts[i + 1].start()) for i in range(len(cuts) - 1)]
        bounds += [(cuts[-1].end(), b)] if cuts else [(a, b)]
        for c0, c1 in bounds:
            clause = text[c0:c1]
            if _PAST.search(clause):
                continue
            found += _prior_rules(clause, c0, sentence)
            if _ALL.search(clause) and _OPEN.search(clause):
                found.append(Rule(c0, clause.strip(), sentence, say="all"))
            kinds = _kinds(clause)
            if not kinds:
                continue
            say = "closed" if _CLOSED.search(clause) else "open" if _OPEN.search(clause) else ""
            if not say:
                continue
            if say == "open" and _ONLY.search(clause):
                say = "only"
            named = frozenset().union(*(k for _at, k in kinds))
            found.append(Rule(c0 + kinds[0][0], clause.strip(), sentence, named, say))
    return found


def _prior_rules(clause: str, at: int, sentence: int) -> list[Rule]:
    for say, pattern in _PRIOR:
        m = pattern.search(clause)
        if m is None:
            continue
        words, every = _object(m.group("obj"))
        if words is None:
            return []
        if say == "done":
            rest = clause[m.start("obj") :]
            say = "excluded" if _CLOSED.search(rest) else "allowed" if _OPEN.search(rest) else ""
            if not say:
                return []
        elif say == "excluded" and "new to" in m.group().lower() and not _OPEN.search(clause):
            return []  # "a school new to X sends two teachers": a description, not a rule
        return [Rule(at + m.start(), clause.strip(), sentence, say=say, prior=words, any_prior=every)]
    return []


def _within(kind: str, outer: str) -> bool:
    """Whether ``kind`` is ``outer`` or a part of it."""
    k: str | None = kind
    while k is not None:
        if k == outer:
            return True
        k = _PARENT[k]
    return False


def _kinds_clash(a: Rule, b: Rule) -> bool:
    says = {a.say, b.say}
    if says == {"all", "only"}:
        return True
    if "closed" in says and says & {"open", "only"}:
        closed, opened = (a, b) if a.say == "closed" else (b, a)
        return any(_within(k, c) for k in opened.kinds for c in closed.kinds)
    if "only" in says and says <= {"only", "open"}:
        only, other = (a, b) if a.say == "only" else (b, a)
        families = {_FAMILY[k] for k in only.kinds}
        return any(
            _FAMILY[k] in families and not any(_within(k, o) for o in only.kinds if _FAMILY[o] == _FAMILY[k])
            for k in other.kinds
        )
    return False


_PRIOR_CLASH = {
    frozenset({"required", "excluded"}),
    frozenset({"required", "not required"}),
    frozenset({"excluded", "allowed"}),
}


def _same_thing(a: Rule, b: Rule) -> bool:
    assert a.prior is not None and b.prior is not None
    if a.any_prior or b.any_prior:
        return True
    if a.prior == b.prior:
        return True
    return bool(a.prior and b.prior) and (a.prior <= b.prior or b.prior <= a.prior)


def clash(a: Rule, b: Rule) -> bool:
    """Whether two statements of who may apply cannot both hold."""
    if (a.prior is None) != (b.prior is None):
        return False
    if a.prior is not None:
        return frozenset({a.say, b.say}) in _PRIOR_CLASH and _same_thing(a, b)
    return _kinds_clash(a, b)


def eligibility_conflicts(texts: Sequence[str]) -> list[tuple[int, Rule, int, Rule]]:
    """(i, rule, j, first) for each statement in ``texts[i]`` that an earlier ``first`` in ``texts[j]``
    contradicts, not in the same sentence."""
    seen: list[tuple[int, Rule]] = []
    found = []
    for i, text in enumerate(texts):
        for r in rules(text):
            first = next(((j, f) for j, f in seen if clash(f, r) and not (j == i and f.sentence == r.sentence)), None)
            if first is not None:
                found.append((i, r, first[0], first[1]))
            seen.append((i, r))
    return found
