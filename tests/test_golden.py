"""Golden fidelity: WM1's packs say what the Central Maths Hub's two real packs say, word for word."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import SEEDS, docx_text, html_text, pdf_text, words

MN = "000_8c5f1771e43ae2ac.txt"
MR = "001_f0585b598be8df33.txt"

# Each accepted difference: (what the seed says, what packgen says, why). Nothing else may differ.
TRN = "Teacher reference number (TRN – how to find your TRN on GOV.UK)"
HUB_MASTHEAD = "packgen names the hub above the title of every pack, so a hub's version is recognisable"
HUB_DETAILS = "Lead school: Bishop Challoner Catholic College. Areas served: Birmingham, Sandwell and Dudley."
HUB_DETAILS_WHY = (
    "where the pack names the hub it shows the hub's lead school and areas from its file (issue 11):"
    " no fact is typed for nothing"
)
FORM_LINKS = "To fill in the application form on a computer, download it as a fillable PDF or a Word document."
FORM_LINKS_WHY = (
    "where the pack says 'complete the application form below' it links to the fillable forms beside it (issue 11)"
)
ACCEPTED: dict[str, list[tuple[str, str, str]]] = {
    MN: [
        ("Mastering Number at Reception", "Central Maths Hub Mastering Number at Reception", HUB_MASTHEAD),
        (
            "Central Maths Hub Mastering Number at Reception",
            f"Central Maths Hub {HUB_DETAILS} Mastering Number at Reception",
            HUB_DETAILS_WHY,
        ),
        (
            "on Thursday 7th March 2024. Mastering Number Application Form",
            f"on Thursday 7th March 2024. {FORM_LINKS} Mastering Number Application Form",
            FORM_LINKS_WHY,
        ),
        (
            "Work Group Name Email Teacher reference number (TRN – details of how to find this are here) School",
            f"Work Group Name Email {TRN} School",
            "a link's text says where it goes (issue 11): 'here' means nothing to a screen reader listing the links",
        ),
        (
            "Details of lead teacher (Reception) Name Email Teacher reference number (TRN – details of how to find "
            "this are here) School",
            f"Details of lead teacher (Reception) Name Email {TRN} School",
            "as above, for the Reception lead teacher",
        ),
        (
            "Details of lead teacher (Year 1) Name Email Teacher reference number School",
            f"Details of lead teacher (Year 1) Name Email {TRN} School",
            "one field specification serves all three lead teachers, so each gets the TRN hint the seed gave only to "
            "Reception",
        ),
        (
            "Details of lead teacher (Year 2) Name Email Teacher reference number School",
            f"Details of lead teacher (Year 2) Name Email {TRN} School",
            "as above, for Year 2",
        ),
        (
            "The school will introduce Mastering Number in all Reception, Year 1 and Year 2 classes in addition to "
            "their daily maths lesson",
            "The school will introduce Mastering Number in all Reception classes as the main maths lesson for all "
            "number work, and in all Year 1 and Year 2 classes in addition to their daily maths lesson",
            "the seed's confirmation contradicted its expectations (Reception uses it as the main lesson); fixed in "
            "the data",
        ),
        (
            "Lead teacher 1 (Reception Signature",
            "Lead teacher 1 (Reception) Signature",
            "the seed lost a closing bracket",
        ),
    ],
    MR: [
        (
            "Primary Mastery Readiness Work Groups Information",
            "Central Maths Hub Primary Mastery Readiness Work Groups Information",
            HUB_MASTHEAD,
        ),
        ("Central Maths Hub Primary Mastery", f"Central Maths Hub {HUB_DETAILS} Primary Mastery", HUB_DETAILS_WHY),
        ("Early applications are encouraged.", f"Early applications are encouraged. {FORM_LINKS}", FORM_LINKS_WHY),
        (
            "will introduce have a vision",
            "will introduce a vision",
            "half-edited sentence in the seed's confirmation list",
        ),
        (
            "Mastery Ready by the end of 2020/21",
            "Mastery Ready by the end of 2021/22",
            "stale year left from the previous year's pack",
        ),
        (
            "Teaching for Mastery Work Group for the year 2021/22 and beyond",
            "Teaching for Mastery Work Groups for the years 2022/23 and beyond",
            "stale year: the confirmation now agrees with the expectations list",
        ),
    ],
}


def expected_words(seed: str) -> list[str]:
    text = " ".join(words((SEEDS / seed).read_text(encoding="utf-8")))
    for before, after, _why in ACCEPTED[seed]:
        assert text.count(before) == 1, f"accepted difference no longer matches the seed: {before!r}"
        text = text.replace(before, " ".join(words(after)))  # as the extractors' text is compared: no "·"
    return text.split()


def assert_same_words(actual: list[str], expected: list[str]) -> None:
    if actual != expected:
        diff = difflib.unified_diff(expected, actual, "seed", "packgen", lineterm="", n=6)
        pytest.fail("wording differs from the seed:\n" + "\n".join(list(diff)[:80]))


CASES = [
    ("2024-25", "mastering-number", MN),
    ("2021-22", "mastery-readiness", MR),
]
EXTRACTORS = {"docx": docx_text, "pdf": pdf_text, "html": html_text}


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("year,programme,seed", CASES)
def test_wm1_pack_reproduces_seed(built: Path, year: str, programme: str, seed: str, fmt: str) -> None:
    path = built / year / "WM1" / programme / f"information.{fmt}"
    assert_same_words(words(EXTRACTORS[fmt](path)), expected_words(seed))


def test_accepted_differences_each_have_a_reason() -> None:
    for seed, items in ACCEPTED.items():
        for before, after, why in items:
            assert before != after and len(why) > 10, (seed, before)


def test_seed_appendix_lists_forty_hubs_in_the_generated_order(built: Path) -> None:
    seed = (SEEDS / MR).read_text(encoding="utf-8")
    codes_in_seed = [
        w.rstrip(":") for w in words(seed) if len(w) == 4 and w.endswith(":") and w[:2].isupper() and w[2].isdigit()
    ]
    text = docx_text(built / "2021-22" / "WM1" / "mastery-readiness" / "information.docx")
    codes_built = [
        w.rstrip(":")
        for w in words(text.split("Appendix: Names of Maths Hubs")[1])
        if len(w) == 4 and w.endswith(":") and w[2].isdigit()
    ]
    assert len(codes_in_seed) == 40
    assert codes_built == codes_in_seed
