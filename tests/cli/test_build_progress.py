"""A build's progress (issue 16): without a terminal (CI logs, `| tee`) a line per finished
programme-year or tenth of the build, with the count and the time since the start; on a
terminal a bar with the percentage and the time left; nothing with --quiet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from packgen.cli.progress import ProgressLines, elapsed

LINE = re.compile(r"^(\d+) of (\d+) documents \((\d+)%\), (\d+\.\ds|\d+m\d\ds)(?:: (\S+ \d{4}-\d{2}) done)?$")


def second_programme(sample: Path) -> None:
    """A second programme-year, run by both hubs: the sample's wording under another name."""
    folder = sample / "programmes/number-bonds"
    folder.mkdir()
    text = (sample / "programmes/number-sense/2024-25.yaml").read_text(encoding="utf-8")
    (folder / "2024-25.yaml").write_text(
        "hubs: [SE9, WM9]\n" + text.replace("Number Sense", "Number Bonds"), encoding="utf-8"
    )


def test_without_a_terminal_a_line_per_programme_year_or_tenth_with_count_and_time(sample: Path) -> None:
    second_programme(sample)
    result = run_cli("build", "--project", str(sample), "--format", "html", "--jobs", "1", "--today", "2024-01-01")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if " documents (" in line]
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    counts = [int(m.group(1)) for m in matches if m]
    assert counts == sorted(counts) and counts[-1] == 8 and all(int(m.group(2)) == 8 for m in matches if m)
    finished = {m.group(5): int(m.group(1)) for m in matches if m and m.group(5)}
    assert set(finished) == {"number-sense 2024-25", "number-bonds 2024-25"}
    assert sorted(finished.values()) == [4, 8]  # one programme-year's 4 documents, then the other's
    assert all(int(m.group(3)) == int(m.group(1)) * 100 // 8 for m in matches if m)
    # The summary is still the last word, on standard output.
    assert result.stdout.splitlines()[-2].startswith("8 built, 0 unchanged, 0 failed")


def test_quiet_prints_no_progress(sample: Path) -> None:
    result = run_cli("build", "--project", str(sample), "--format", "html", "--quiet")
    assert result.exit_code == 0
    assert " documents (" not in result.output


def test_a_line_every_tenth_of_a_long_build_and_when_a_programme_year_is_done() -> None:
    ticks = iter(range(0, 1000, 3))
    lines = ProgressLines(clock=lambda: float(next(ticks)))
    paths = [f"2024-25/H{n:02d}/alpha/information.pdf" for n in range(30)] + [
        f"2024-25/H{n:02d}/beta/information.pdf" for n in range(70)
    ]
    lines.start(paths)
    said = [line for done, path in enumerate(paths, 1) if (line := lines.done(path, done, len(paths)))]
    assert said[:4] == [
        "10 of 100 documents (10%), 3.0s",
        "20 of 100 documents (20%), 6.0s",
        "30 of 100 documents (30%), 9.0s: alpha 2024-25 done",
        "40 of 100 documents (40%), 12.0s",
    ]
    assert len(said) == 10 and said[-1] == "100 of 100 documents (100%), 30.0s: beta 2024-25 done"


def test_a_programme_year_done_between_tenths_gets_its_own_line() -> None:
    lines = ProgressLines(clock=lambda: 0.0)
    paths = ["2021-22/H1/small/information.pdf"] * 3 + ["2024-25/H1/large/information.pdf"] * 97
    lines.start(paths)
    said = [line for done, path in enumerate(paths, 1) if (line := lines.done(path, done, len(paths)))]
    assert said[0] == "3 of 100 documents (3%), 0.0s: small 2021-22 done"


def test_elapsed_time_reads_as_seconds_minutes_or_hours() -> None:
    assert [elapsed(s) for s in (4.25, 65, 3725)] == ["4.2s", "1m05s", "1h02m"]


@pytest.mark.parametrize("columns", ["160", "80"])
def test_on_a_terminal_a_bar_with_the_percentage_and_the_time_left(sample: Path, columns: str) -> None:
    """stderr on a pseudo-terminal, as when a person runs the build; the bar is cleared at the end.
    At 80 columns the figures are whole: the document's path is what is cut short."""
    leader, follower = os.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "packgen",
            "build",
            "--project",
            str(sample),
            "--format",
            "html",
            "--format",
            "docx",
            "--jobs",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": columns},
    )
    os.close(follower)
    shown = b""
    try:
        while True:  # read as it comes, so the build never waits on a full terminal
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the build ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
        process.wait(timeout=300)
    assert process.returncode == 0
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    assert re.search(r"building .* \d+% +\d+/8 +\d+:\d\d:\d\d elapsed, +(\d+:\d\d:\d\d|-:--:--) left", text), text
    assert all(len(line) <= int(columns) for line in text.replace("\r", "\n").splitlines())
    assert " documents (" not in text  # the log lines are for logs
