"""Precision and recall of each check on its table of real-style sentences (tests/fixtures/sentences/).

    .venv/bin/python benchmarks/check_accuracy.py

Precision: of the sentences a check flags, the share that should be flagged. Recall: of the
sentences that should be flagged, the share it flags. The tables' `known:` entries are the
ones it gets wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from sentence_tables import CHECKS, accuracy


def main() -> None:
    print(f"{'check':<20} {'entries':>7} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>10} {'recall':>7}")
    for code in CHECKS:
        a = accuracy(code)
        print(
            f"{code:<20} {a['entries']:>7} {a['tp']:>4} {a['fp']:>4} {a['fn']:>4} {a['tn']:>4}"
            f" {a['precision']:>10.1%} {a['recall']:>7.1%}"
        )


if __name__ == "__main__":
    main()
