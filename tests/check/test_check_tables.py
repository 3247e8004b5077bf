"""Each check on its table of real-style sentences: every entry's finding or silence, as marked.

An entry marked ``known:`` is one the check still gets wrong; it is a strict xfail, so it
fails when the check starts getting it right and the mark must go.
"""

from __future__ import annotations

from typing import Any

import pytest
from sentence_tables import CHECKS, expected, findings, table


def _params() -> list[Any]:
    out = []
    for code in CHECKS:
        for n, entry in enumerate(table(code), start=1):
            text = entry.get("text") or " / ".join(entry["texts"])
            marks = [pytest.mark.xfail(strict=True, reason=f"known {entry['known']}")] if entry.get("known") else []
            out.append(pytest.param(code, entry, id=f"{code}-{n:02d}-{text[:40]}", marks=marks))
    return out


@pytest.mark.parametrize("code, entry", _params())
def test_table_entry(code: str, entry: dict[str, Any]) -> None:
    found = findings(code, entry)
    assert bool(found) is expected(entry), found
    if not found:
        return
    if "at" in entry:  # where each finding starts
        text = entry["text"]
        assert [at for at, _ in found] == [text.index(a) for a in entry["at"]], found
    if "severity" in entry:
        assert all(message.startswith(entry["severity"] + ":") for _, message in found), found
    if "message" in entry:
        assert [message for _, message in found] == [entry["message"]]
    if "texts" in entry:  # a clash is reported at the later of the two places
        assert all(at < len(entry["texts"][-1]) for at, _ in found)


@pytest.mark.parametrize("code", list(CHECKS))
def test_every_table_has_thirty_sentences_both_ways(code: str) -> None:
    entries = table(code)
    assert len(entries) >= 30
    assert any(expected(e) for e in entries) and any(not expected(e) for e in entries)
