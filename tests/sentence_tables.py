"""The tables of real-style sentences in fixtures/sentences/, and what each check makes of an entry.

Shared by tests/test_check_tables.py and benchmarks/check_accuracy.py (precision and recall).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from packgen.check.dates import date_findings, past_closing_findings
from packgen.check.eligibility import eligibility_conflicts
from packgen.check.notices import stale_notice
from packgen.check.numbers import date_conflicts, number_conflicts
from packgen.check.phase import phase_findings
from packgen.check.relative import relative_findings
from packgen.check.typed import typed_findings
from packgen.check.years import sentences, stale_findings
from packgen.dates import AcademicYear

TABLES = Path(__file__).parent / "fixtures" / "sentences"


def _year(entry: dict[str, Any]) -> AcademicYear:
    return AcademicYear.parse(str(entry["year"]))


def _stale(entry: dict[str, Any]) -> list[tuple[int, str]]:
    earlier = sentences([entry["earlier"]]) if entry.get("earlier") else frozenset()
    return [(start, message) for start, _end, message in stale_findings(entry["text"], _year(entry), earlier)]


def _weekday(entry: dict[str, Any]) -> list[tuple[int, str]]:
    return [
        (at, message) for at, message, code, _ in date_findings(entry["text"], _year(entry)) if code == "date.weekday"
    ]


def _numbers(entry: dict[str, Any]) -> list[tuple[int, str]]:
    return [(c.start, f"'{c.text}' against '{first.text}'") for _i, c, _j, first in number_conflicts(entry["texts"])]


def _dates(entry: dict[str, Any]) -> list[tuple[int, str]]:
    return [(d.start, f"'{d.text}' against '{first.text}'") for _i, d, _j, first in date_conflicts(entry["texts"])]


def _eligibility(entry: dict[str, Any]) -> list[tuple[int, str]]:
    return [
        (r.start, f"'{r.text}' against '{first.text}'") for _i, r, _j, first in eligibility_conflicts(entry["texts"])
    ]


def _phase(entry: dict[str, Any]) -> list[tuple[int, str]]:
    return phase_findings(entry["text"], entry["phase"])


def _past(entry: dict[str, Any]) -> list[tuple[int, str]]:
    today = entry["today"] if isinstance(entry["today"], dt.date) else dt.date.fromisoformat(entry["today"])
    return past_closing_findings(entry["text"], _year(entry), today)


def _relative(entry: dict[str, Any]) -> list[tuple[int, str]]:
    years = [AcademicYear.parse(str(y)) for y in entry["years"]]
    ran = AcademicYear.parse(str(entry["ran_before"])) if entry.get("ran_before") else None
    return relative_findings(entry["text"], _year(entry), years, entry.get("title", ""), ran)


def _hub(code: str, name: str, email: str, closing: str, confirmation: str, places: int) -> SimpleNamespace:
    offer = SimpleNamespace(
        closing_date=dt.date.fromisoformat(closing),
        confirmation_date=dt.date.fromisoformat(confirmation),
        places=places,
    )
    return SimpleNamespace(code=code, spec=SimpleNamespace(name=name, email=email), offer=offer)


HUBS = {
    "NM": _hub("NM", "North Mids Maths Hub", "hello@nm.example.org", "2025-03-14", "2025-03-20", 40),
    "EN": _hub("EN", "Enigma Maths Hub", "info@enigma.example.org", "2025-03-07", "2025-03-21", 30),
}


def _typed(entry: dict[str, Any]) -> list[tuple[int, str]]:
    hub = HUBS.get(entry["hub"]) if entry["hub"] != "none" else None
    running = [HUBS[c] for c in entry["running"]]
    found = typed_findings(entry["text"], hub, list(HUBS.values()), running, {h.code: h.offer for h in running})
    return [(at, f"{severity}: {message}") for at, message, severity in found]


def _notice(entry: dict[str, Any]) -> list[tuple[int, str]]:
    found = stale_notice([entry["text"]], _year(entry))
    return [(found[1], f"latest {found[2]}")] if found else []


CHECKS: dict[str, tuple[str, Callable[[dict[str, Any]], list[tuple[int, str]]]]] = {
    "year.stale": ("year-stale.yaml", _stale),
    "date.weekday": ("date-weekday.yaml", _weekday),
    "wording.numbers": ("wording-numbers.yaml", _numbers),
    "wording.dates": ("wording-dates.yaml", _dates),
    "wording.eligibility": ("wording-eligibility.yaml", _eligibility),
    "programme.phase": ("programme-phase.yaml", _phase),
    "date.past": ("date-past.yaml", _past),
    "year.relative": ("year-relative.yaml", _relative),
    "wording.typed": ("wording-typed.yaml", _typed),
    "notice.stale": ("notice-stale.yaml", _notice),
}


def table(code: str) -> list[dict[str, Any]]:
    return yaml.safe_load((TABLES / CHECKS[code][0]).read_text(encoding="utf-8"))


def findings(code: str, entry: dict[str, Any]) -> list[tuple[int, str]]:
    """(offset, message) of what the check finds in the entry."""
    return CHECKS[code][1](entry)


def expected(entry: dict[str, Any]) -> bool:
    return entry["expect"] in ("finding", "stale")


def accuracy(code: str) -> dict[str, float]:
    """Counts of true and false findings over the table, precision and recall."""
    tp = fp = fn = tn = 0
    for entry in table(code):
        found, want = bool(findings(code, entry)), expected(entry)
        tp += found and want
        fp += found and not want
        fn += want and not found
        tn += not found and not want
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "entries": tp + fp + fn + tn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
    }
