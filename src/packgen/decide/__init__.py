"""Deciding who gets a place: the offer's allocation rule applied to every application, online
and returned, as a pure function (engine.py); the applications as it reads them (sources.py)."""

from .engine import (
    OUTCOMES,
    PLACE_FREED,
    Applicant,
    Change,
    Decision,
    Kept,
    Standing,
    Terms,
    allocate,
    closes_at,
    renumber,
    terms_of,
    withdraw,
)

__all__ = [
    "OUTCOMES",
    "PLACE_FREED",
    "Applicant",
    "Change",
    "Decision",
    "Kept",
    "Standing",
    "Terms",
    "allocate",
    "closes_at",
    "renumber",
    "terms_of",
    "withdraw",
]
