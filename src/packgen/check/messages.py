"""Helpers the checks share for their messages: a snippet of wording, a list of hubs."""

from __future__ import annotations

import re


def snippet(text: str, start: int, end: int, before: int = 4, after: int = 0) -> str:
    """The matched text with a few words of context either side, for a message."""
    heads = [m.start() for m in re.finditer(r"\S+", text[:start])]
    tails = [m.end() for m in re.finditer(r"\S+", text[end:])]
    lo = heads[-before] if before and len(heads) >= before else (heads[0] if before and heads else start)
    hi = end + tails[after - 1] if after and len(tails) >= after else (end + tails[-1] if after and tails else end)
    return " ".join(text[lo:hi].split())


def hub_list(codes: set[str] | list[str], of: int) -> str:
    """'every hub', 'SE3, WM1' or '12 of 40 hubs, e.g. EE1, EE2, EE3', for a message."""
    ordered = sorted(set(codes))
    if len(ordered) == of and of > 1:
        return "every hub"
    if len(ordered) <= 3:
        return ", ".join(ordered)
    return f"{len(ordered)} of {of} hubs, e.g. {', '.join(ordered[:3])}"
