"""The README is read before anything else: its code fences close and the commands it names exist."""

from __future__ import annotations

import re

import click
from conftest import REPO

from packgen.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_code_fence_is_closed() -> None:
    fences = [(i, line.strip()) for i, line in enumerate(README.splitlines(), 1) if line.lstrip().startswith("```")]
    assert len(fences) % 2 == 0, f"a code fence opened at line {fences[-1][0]} is never closed"
    # Closed by a bare fence: a fence that opens another block (```json … ```yaml) has swallowed text.
    wrong = [i for i, fence in fences[1::2] if fence != "```"]
    assert not wrong, f"the code fences closed at lines {wrong} open another block instead"


def test_every_command_the_readme_names_exists() -> None:
    """Commands as written to be run: a code line, or `packgen verb` in backticks."""
    code_lines = re.findall(r"^\s*(?:\S*/)?packgen ([a-z]+)", README, re.M)
    spans = re.findall(r"`(?:\S*/)?packgen ([a-z]+)", README)
    commands = set(main.list_commands(click.Context(main)))  # the commands are imported when used
    missing = sorted(set(code_lines + spans) - commands)
    assert not missing, f"the README names commands packgen does not have: {missing}"


def quick_start() -> list[str]:
    """The commands of the README's first code block, comments cut."""
    block = re.search(r"^```sh\n(.*?)^```", README, re.M | re.S)
    assert block, "the README has no sh code block"
    return [line.split("  #")[0].rstrip() for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_builds_tests_and_serves_in_one_line_each() -> None:
    build, test, serve = quick_start()
    assert build == "bash scripts/setup.sh && . .venv/bin/activate && packgen build"
    assert test.startswith("bash scripts/setup.sh --test && ") and test.endswith(" -m pytest")
    assert serve == "bash scripts/setup.sh && . .venv/bin/activate && packgen serve"


def test_ci_runs_exactly_the_readme_s_test_command() -> None:
    test = quick_start()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, f".ci/run does not run the README's test command {test!r}"
    commands = [line for line in ci if line.strip() and not line.lstrip().startswith("#")]
    assert [line for line in commands if "pytest" in line and "echo" not in line] == [test]


def test_ci_runs_ruff_before_the_tests_and_fails_on_it() -> None:
    """The lint and format gate: `ruff check` and `ruff format --check` after the same setup, before
    the README's test command, and their status is the run's when the tests pass."""
    test = quick_start()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    lint = "bash scripts/setup.sh --test && . .venv/bin/activate && ruff check && ruff format --check"
    assert lint in ci, f".ci/run does not run {lint!r}"
    assert ci.index(lint) < ci.index(test)
    assert ci[ci.index(lint) + 1] == "lint=$?"
    assert "if [[ $status -eq 0 && $lint -ne 0 ]]; then" in ci


def test_the_readme_runs_packgen_one_way_throughout() -> None:
    """Activate .venv once (each quick-start line does, and the README says so), then `packgen` and
    `python`: no command reaches into .venv/bin for anything but its activate script."""
    assert all(". .venv/bin/activate && " in line for line in quick_start())
    assert re.search(r"In a new shell, activate it once\s+with `\. \.venv/bin/activate`", README)
    elsewhere = sorted({m.group(0) for m in re.finditer(r"\.venv/bin/[\w.-]+", README)} - {".venv/bin/activate"})
    assert not elsewhere, f"the README runs {elsewhere} instead of the activated command"
    assert "-m packgen" not in README, "the README runs packgen as a module somewhere, not as `packgen`"


# --- what the shipped data makes: every figure the README states, computed ----------------------


def shipped_outputs() -> tuple[object, list]:
    from packgen.model.project import load_project
    from packgen.plan import EVERYTHING, plan

    project = load_project(REPO)
    return project, list(plan(project, EVERYTHING))


def test_the_readme_s_figures_are_what_the_shipped_data_makes() -> None:
    """The counts the README gives for `packgen build` of the repo's own data, and the lines it quotes
    from its output, are what the plan and the build's own functions give (so a new programme-year,
    hub or offer fails here until the README says so)."""
    from packgen.build import without_pack
    from packgen.plan import EVERYTHING
    from packgen.site import site_pages

    project, outputs = shipped_outputs()
    documents = len(outputs)
    packs = {(o.pack.year, o.pack.hub_code, o.pack.programme) for o in outputs}
    stated = {int(n) for n in re.findall(r"makes (\d+)\s+documents", README)}
    assert stated == {documents}, f"the README says a build makes {stated}; it makes {documents}"
    per_pack = re.search(r"\((\d+) packs of (\d+) documents each(?:\s+and\s+one\s+of\s+(\d+))?\)", README)
    assert per_pack, "the README says how many packs of how many documents"
    more = int(per_pack[3]) if per_pack[3] else 0
    stated_packs = int(per_pack[1]) + (1 if more else 0)
    assert (stated_packs, int(per_pack[1]) * int(per_pack[2]) + more) == (len(packs), documents)
    # The build's output as the README quotes it: the no-pack lines word for word, the counts.
    quoted = re.findall(r"^ {4}(\d+ hubs? (?:have|has) no offer for .+)$", README, re.M)
    assert quoted == without_pack(project, EVERYTHING)
    built = re.search(r"^ {4}(\d+) built, 0 unchanged, 0 failed, in [\d.]+s -> \S+/build$", README, re.M)
    assert built and int(built[1]) == documents
    pages = re.search(r"^ {4}The site: \S+/build/index\.html \((\d+) pages, \1 written\)$", README, re.M)
    assert pages and int(pages[1]) == len(site_pages(project, outputs))
    no_pack = re.search(r'\("(\d+) hubs have no pack for …"\)', README)
    index = site_pages(project, outputs)[0].data.decode("utf-8")
    assert no_pack and f"<summary>{no_pack[1]} hubs have no pack for " in index
    listing = re.search(r"for the shipped data, (\d+) pages listing (\d+)\s+documents", README)
    assert listing and (int(listing[1]), int(listing[2])) == (len(site_pages(project, outputs)), documents)
    # The progress line it shows as an example is one this build could print.
    done, total, percent, finished = re.search(
        r"`(\d+) of (\d+) documents \((\d+)%\), [\d.]+s: (\S+ \d{4}-\d{2}) done`", README
    ).groups()
    assert int(total) == documents and int(percent) == int(done) * 100 // documents
    assert finished in {f"{p} {y}" for y, _, p in packs}
    # The hubs: the number there are, and which have offers.
    assert re.search(rf"each\s+of the {len(project.hubs)} hubs", README)
    unlisted = [py for py in project.programmes if py.spec.hubs is None]  # run by the hubs with an offer
    offering = sorted({h.code for py in unlisted for h in project.hubs_running(py)})
    assert f"only {' and '.join(offering)} has offers of" in README.replace("\n", " ")


def test_the_national_figure_is_what_hubs_all_makes(tmp_path) -> None:
    """The national figure the README gives: the shipped data with every programme-year that does
    not list its hubs run by all, as benchmarks/build.py builds it."""
    import shutil

    from packgen.model.project import load_project
    from packgen.plan import EVERYTHING, plan

    for part in ("hubs", "programmes", "templates", "assets"):
        shutil.copytree(REPO / part, tmp_path / part)
    for year in (tmp_path / "programmes").glob("*/*.yaml"):
        text = year.read_text(encoding="utf-8")
        if not re.search(r"^hubs:", text, re.M):
            year.write_text(text.rstrip("\n") + "\nhubs: all\n", encoding="utf-8")
    national = len(plan(load_project(tmp_path), EVERYTHING))
    stated = re.search(
        r"`benchmarks/build\.py` does so for every programme-year that\s+does not list its hubs "
        r"\(Mastery Readiness too\), making (\d+) documents",
        README,
    )
    assert stated and int(stated[1]) == national


def test_every_diff_example_in_the_readme_runs_on_the_shipped_data(tmp_path) -> None:
    from conftest import run_cli

    examples = re.findall(r"^ {4}packgen diff (.+?)(?:\s+#.*)?$", README, re.M)
    assert len(examples) >= 5
    for example in examples:
        args = example.split("|")[0].split()
        if "--out" in args:
            at = args.index("--out") + 1
            args[at] = str(tmp_path / args[at])
        result = run_cli("diff", *args, "--project", str(REPO))
        assert result.exit_code in (0, 1), f"packgen diff {example}: {result.output}"
        assert "error" not in result.output, f"packgen diff {example}: {result.output}"
