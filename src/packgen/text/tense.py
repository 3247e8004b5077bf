"""Whether wording around a year or date speaks of the past: shared by rollover and check.

Read in this order, first match wins:

1. A forward phrase looks ahead: "by (the end of) X", "until X", "ready for X", "X and
   beyond", "X onwards".
2. A backward phrase looks back: "since X", "last/previous (academic) year X", "prior to X",
   "X ago".
3. Page metadata is history: "Created on X", "Last updated X", "Published: X", "© X".
4. The tense of the verbs near it. Each word is read as
   - ahead: will, shall, 'll, won't, a modal (can, should, must, may…) or a present form of
     "be" or "do" (is, are, am…), or "has"/"have" not followed by a participle;
   - past, firmly: a past form that is not also a participle (was, were, ran, began, showed,
     …, as the lemminflect word tables give them), "been" (has/had been), a participle after
     has/have/had, or any past form after "that", "who", "which" or a pronoun;
   - past, weakly: a form that may be past or participle (identified, made, brought, led…),
     unless a form of "be" comes just before it ("will be used"), "by" just after it
     ("led by"), an article or "-ly" adverb just before it ("the required", "locally led"),
     or it is one of a few words used as adjectives ("interested", "based", "experienced").
   The clause (between commas, semicolons and dashes) holding the reference is read first,
   then the whole sentence. In each, the nearest firm cue decides, looking back from the
   reference first and then forward; with no firm cue, the nearest weak one; with none, no
   cue. Looking forward stops first at a relative clause ("that", "who", "which"): a weak cue
   before it decides over a firm one inside it ("In 2021/22 Maths Hubs supported schools that
   are new…" looks back). So "Applications received after 1 March 2024 will not be considered" looks ahead
   ("will" is firm, "received" weak), and "In 2015-16, each Maths Hub identified…" looks back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

When = Literal["past", "ahead", "none"]

_FORWARD_BEFORE = re.compile(
    r"\b(?:by|before|until|till|ready for)\s+(?:the\s+)?"
    r"(?:(?:end|start|beginning|autumn|spring|summer)(?:\s+term)?\s+of\s+)?(?:the\s+)?"
    r"(?:(?:academic|school)\s+)?(?:years?\s+)?$",
    re.I,
)
_FORWARD_AFTER = re.compile(r"^\s*(?:(?:and|or)\s+(?:beyond|after|later)|onwards?)\b", re.I)
_BACKWARD_BEFORE = re.compile(
    r"\b(?P<phrase>since|last|previous|previously|prior to|earlier|in the "
    r"past)\s+(?:the\s+)?(?:(?:academic|school)\s+)?(?:years?\s+)?\(?$",
    re.I,
)
_BACKWARD_AFTER = re.compile(r"^\s*(?:years?\s+)?ago\b", re.I)
_METADATA = re.compile(
    r"(?:\b(?:created|(?:last\s+)?updated|(?:first\s+)?published|(?:last\s+)?reviewed|(?:last\s+)?modified|"
    r"posted|date\s+of\s+publication|copyright)(?:\s+on)?\s*:?\s*|©\s*)$",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")
_CLAUSE_END = re.compile(r"[,;:()–—]|\s-\s")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")

FUTURE = frozenset({"will", "shall", "won't", "won’t", "wont"})
PRESENT = frozenset(
    "is are am isn't aren't isn’t aren’t do does don't doesn't don’t doesn’t can cannot can't can’t "
    "should must may might need needs".split()
)
_BE = frozenset({"be", "being", "is", "are", "am", "get", "gets", "getting"})
_PERFECT = frozenset({"has", "have", "had", "having", "'ve", "’ve"})
_RELATIVE = frozenset("that who which whose whom".split())
_SUBJECT = frozenset("that who which they we he she it i you".split())
_ADJECTIVE_BEFORE = frozenset(
    "the a an their our your its his her my this these those very well more most less least newly state self".split()
)
_ADJECTIVES = frozenset(
    "interested based experienced dedicated qualified skilled talented related concerned detailed limited "
    "mixed advanced committed involved required supposed named listed attached enclosed".split()
)
_ADVERBS = frozenset("already also now not yet just recently successfully previously all both".split())


@lru_cache(maxsize=1)
def _lemminflect():
    import lemminflect  # imported on first use: its word tables take a moment to load

    return lemminflect


@lru_cache(maxsize=8192)
def past_form(word: str) -> Literal["firm", "weak", ""]:
    """'firm' for a past-only form (ran, showed), 'weak' for past-or-participle (made, identified), '' otherwise."""
    w = word.lower()
    if w in ("was", "were", "did", "had"):
        return "firm"
    li = _lemminflect()
    lemmas = li.getAllLemmas(w, upos="VERB").get("VERB", ())
    past = participle = present = False
    for lemma in lemmas:
        forms = li.getAllInflections(lemma, upos="VERB")
        if w in forms.get("VBD", ()):
            past = True
            # a regular verb's table leaves out the participle: it is the same word
            participle = participle or w in forms.get("VBN", (w,))
        present = present or w in forms.get("VB", ()) + forms.get("VBP", ())
    if not lemmas and len(w) > 4 and w.endswith("ed") and not w.endswith("eed"):
        past = participle = True  # a verb the tables do not know: "upskilled"
    if not past or (present and w not in ("saw", "found")):
        return ""  # "read", "put", "lay": present as much as past
    return "weak" if participle else "firm"


def participle(word: str) -> bool:
    """Whether ``word`` can be a past participle: been, given, made, identified."""
    w = word.lower()
    if w == "been":
        return True
    li = _lemminflect()
    for lemma in li.getAllLemmas(w, upos="VERB").get("VERB", ()):
        forms = li.getAllInflections(lemma, upos="VERB")
        if w in forms.get("VBN", ()) or (w in forms.get("VBD", ()) and "VBN" not in forms):
            return True
    return False


@dataclass(frozen=True)
class Reading:
    """How the wording around a reference reads: ``why`` says which words decided it."""

    when: When
    why: str = ""

    @property
    def back(self) -> bool:
        return self.when == "past"


def _cue(words: list[str], i: int) -> tuple[str, str] | None:
    """(strength, when) of word ``i``: strength 'firm' or 'weak', when 'past' or 'ahead'."""
    w = words[i]
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in FUTURE or w.endswith(("'ll", "’ll")):
        return "firm", "ahead"
    if w == "been":
        return ("firm", "ahead") if prev == "have" and i > 1 and words[i - 2] in FUTURE else ("firm", "past")
    if w in _PERFECT and w != "had":
        following = [x for x in words[i + 1 : i + 4] if x not in _ADVERBS]
        if following and participle(following[0]):
            return "firm", "past"
        return "firm", "ahead"
    if w in PRESENT:
        return "firm", "ahead"
    kind = past_form(w)
    if not kind:
        return None
    if prev in _PERFECT or prev in ("was", "were"):
        return "firm", "past"
    if kind == "firm":
        return "firm", "past"
    if (
        prev in _BE
        or prev in FUTURE
        or prev == "to"
        or nxt == "by"
        or prev in _ADJECTIVE_BEFORE
        or prev.endswith("ly")
        or w in _ADJECTIVES
    ):
        return None
    if prev in _SUBJECT:
        return "firm", "past"
    return "weak", "past"


def _decide(words: list[str], at: int) -> tuple[When, str] | None:
    """The nearest firm cue, looking back from ``at`` then forward; else the nearest weak one."""
    relative = next((i for i in range(at, len(words)) if words[i] in _RELATIVE), len(words))
    weak = None
    for part in (list(reversed(range(at))) + list(range(at, relative)), range(relative, len(words))):
        for i in part:
            cue = _cue(words, i)
            if cue is None:
                continue
            if cue[0] == "firm":
                return cue[1], words[i]
            if weak is None:
                weak = (cue[1], words[i])
        if weak is not None:  # "In 2021/22 Maths Hubs supported schools that are new…": the main verb decides
            return weak
    return weak


def read_time(text: str, start: int, end: int) -> Reading:
    """How the words around ``text[start:end]`` speak of it (see the module docstring)."""
    before, after = text[:start], text[end:]
    if _FORWARD_BEFORE.search(before) or _FORWARD_AFTER.match(after):
        return Reading("ahead", "a phrase that looks ahead")
    m = _BACKWARD_BEFORE.search(before)
    if m:
        return Reading("past", f"after '{m.group('phrase').lower()}'")
    if _BACKWARD_AFTER.match(after):
        return Reading("past", "'ago'")
    if _METADATA.search(before):
        return Reading("past", "page metadata")
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    s_start = ends[-1] if ends else 0
    m = _SENTENCE_END.search(after)
    s_end = end + m.start() if m else len(text)
    clauses = [c.end() for c in _CLAUSE_END.finditer(text, s_start, start)]
    c_start = clauses[-1] if clauses else s_start
    m = _CLAUSE_END.search(text, end, s_end)
    c_end = m.start() if m else s_end
    for lo, hi in ((c_start, c_end), (s_start, s_end)):
        head = [w.lower() for w in _WORD.findall(text[lo:start])]
        tail = [w.lower() for w in _WORD.findall(text[end:hi])]
        found = _decide(head + tail, len(head))
        if found:
            when, word = found
            return Reading(when, f"{'past tense' if when == 'past' else 'tense'} '{word}'")
    return Reading("none")
