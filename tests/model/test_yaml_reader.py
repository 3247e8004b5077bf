"""Reading YAML: whatever a data file holds becomes values or located problems, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, line_of, run_cli
from test_model import problems_of

from packgen.errors import PackgenError
from packgen.model import yaml_reader
from packgen.model.yaml_reader import read_yaml
from packgen.recent import Recent


def problems_reading(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "data.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(PackgenError) as info:
        read_yaml(path, "data.yaml")
    return [str(p) for p in info.value.problems]


# --- values the loader cannot construct (7) --------------------------------------------------


def test_an_impossible_date_is_a_located_error_in_check_and_build(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "closing_date: 2024-03-01", "closing_date: 2024-02-30")
    line = line_of(path, "2024-02-30")
    expected = f"hubs/WM1.yaml:{line}:21: error: 2024-02-30 is not a date: day is out of range for month [yaml.value]"
    assert problems_of(project) == [expected]
    for verb in ("check", "build"):
        result = run_cli(verb, "--project", str(project))
        assert result.exit_code == 1, result.output
        assert expected in result.output and "Traceback" not in result.output


def test_other_unconstructable_values_are_located(tmp_path: Path) -> None:
    assert problems_reading(tmp_path, "a: 1\nwhen: 2024-13-01\n") == [
        "data.yaml:2:7: error: 2024-13-01 is not a date: month must be in 1..12 [yaml.value]"
    ]
    [problem] = problems_reading(tmp_path, "a: !!binary 'not base64 @@@'\n")
    assert problem.startswith("data.yaml:1:4: error:") and problem.endswith("[yaml.value]")


# --- bounded work: aliases, depth, scalar size (8) -------------------------------------------


def test_an_alias_bomb_is_refused_at_the_alias(tmp_path: Path) -> None:
    # Six levels of ten: a million values once expanded; real data files have a few hundred.
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 7)]
    [problem] = problems_reading(tmp_path, "\n".join(lines) + "\n")
    assert problem.startswith("data.yaml:")
    assert f"more than {yaml_reader.MAX_VALUES:,} values once aliases are expanded" in problem
    assert problem.endswith("[yaml.aliases]")
    line = int(problem.split(":")[1])
    assert 2 <= line <= 7  # at one of the aliases, not at the top of the file


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    assert problems_reading(tmp_path, "top:\n  a: &a\n    b: *a\n") == [
        "data.yaml:3:8: error: this alias refers to a value that contains it [yaml.aliases]"
    ]


def test_nesting_too_deep_is_a_located_error(tmp_path: Path) -> None:
    depth = 400
    [flow] = problems_reading(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    limit = yaml_reader.MAX_DEPTH
    assert flow == f"data.yaml:1:{3 + limit}: error: nested more than {limit} levels deep [yaml.depth]"
    block = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"
    [problem] = problems_reading(tmp_path, block)  # the key inside the 50th mapping is the 51st level
    assert problem == f"data.yaml:{limit}:{2 * limit - 1}: error: nested more than {limit} levels deep [yaml.depth]"


def test_a_huge_number_and_a_huge_scalar_are_refused(tmp_path: Path) -> None:
    assert problems_reading(tmp_path, "code: WM1\nplaces: " + "9" * 5000 + "\n") == [
        f"data.yaml:2:9: error: a number of 5,000 digits; at most {yaml_reader.MAX_DIGITS} are allowed [yaml.size]"
    ]
    big = yaml_reader.MAX_SCALAR + 1
    assert problems_reading(tmp_path, "a: ok\nb: '" + "x" * big + "'\n") == [
        f"data.yaml:2:4: error: a value of {big:,} characters; at most {yaml_reader.MAX_SCALAR:,} are allowed "
        f"[yaml.size]"
    ]


def test_a_file_too_big_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    with path.open("wb") as fh:
        fh.truncate(yaml_reader.MAX_FILE + 1)
    with pytest.raises(PackgenError) as info:
        read_yaml(path, "data.yaml")
    assert [str(p) for p in info.value.problems] == [
        f"data.yaml: error: {yaml_reader.MAX_FILE + 1:,} bytes is over the limit of {yaml_reader.MAX_FILE:,} for a "
        f"data file [yaml.size]"
    ]


# --- text that would be blamed elsewhere (14) ------------------------------------------------


def test_a_control_character_in_a_hub_name_is_blamed_on_the_yaml(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "name: Central Maths Hub", 'name: "Central\\x07 Maths Hub"')
    line = line_of(path, "name:")
    assert problems_of(project) == [
        f"hubs/WM1.yaml:{line}:7: error: name: control character U+0007 in text [yaml.control]"
    ]
    result = run_cli("check", "--project", str(project))
    assert "templates/" not in result.output and result.exit_code == 1


def test_control_characters_anywhere_in_data_text_are_errors_but_tabs_and_newlines_are_not(tmp_path: Path) -> None:
    assert problems_reading(tmp_path, 'a: "tab\\there"\nb: "two\\nlines"\nc: [ok, "esc\\e[31m"]\n"k\\x01": v\n') == [
        "data.yaml:3:9: error: c.1: control character U+001B in text [yaml.control]",
        "data.yaml:4:1: error: a key: control character U+0001 in text [yaml.control]",
    ]


def test_invalid_utf8_is_reported_at_its_real_line_and_column(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    data = path.read_bytes().replace(b"areas: [Birmingham, Sandwell", b"areas: [Birmingham, Sandw\xffell", 1)
    path.write_bytes(data)
    line = data[: data.index(b"\xff")].count(b"\n") + 1
    assert line > 1
    assert problems_of(project) == [
        f"hubs/WM1.yaml:{line}:26: error: not UTF-8 text (invalid start byte 0xff) [yaml.encoding]"
    ]


# --- a slip of indentation is blamed on the line that slipped (14b) ---------------------------

OFFER = """\
code: WM1
name: Central Maths Hub
region: West Midlands
offers:
  mastering-number:
    2024-25:
      places: 50
      allocation: first come first served
      closing_date: 2024-03-01
"""


def slip(line: int, indent: int, text: str = OFFER) -> str:
    lines = text.splitlines()
    lines[line - 1] = " " * indent + lines[line - 1].lstrip()
    return "\n".join(lines) + "\n"


def test_a_line_indented_too_little_is_blamed_not_the_next_one(tmp_path: Path) -> None:
    # `places` one space short: YAML reads line 8 as more of line 7's value and fails at its colon.
    [problem] = problems_reading(tmp_path, slip(7, 5))
    assert problem.startswith("data.yaml:7:6: error: malformed YAML:"), problem
    assert "indent" in problem and "line 8" in problem


def test_a_line_indented_too_much_is_blamed_itself(tmp_path: Path) -> None:
    [problem] = problems_reading(tmp_path, slip(8, 7))
    assert problem.startswith("data.yaml:8:8: error: malformed YAML:"), problem
    assert "indent" in problem


def test_a_sibling_dropped_out_of_its_mapping_is_blamed(tmp_path: Path) -> None:
    # `allocation` at the year's indentation: the next line, correctly indented, is where YAML fails.
    [problem] = problems_reading(tmp_path, slip(8, 4))
    assert problem.startswith("data.yaml:8:5: error: malformed YAML:"), problem


def test_a_missing_colon_is_blamed_on_its_line(tmp_path: Path) -> None:
    [problem] = problems_reading(tmp_path, OFFER.replace("places: 50", "places 50"))
    assert problem.startswith("data.yaml:7:7: error: malformed YAML:"), problem
    assert "':'" in problem


# --- parses kept by content --------------------------------------------------------------------


def test_the_same_bytes_are_parsed_once_and_a_change_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses: list[str] = []
    real = yaml_reader._parse
    monkeypatch.setattr(yaml_reader, "_parse", lambda data, shown: parses.append(shown) or real(data, shown))
    monkeypatch.setattr(yaml_reader, "_PARSED", Recent(2))
    first, copy = tmp_path / "a" / "hub.yaml", tmp_path / "b" / "hub.yaml"
    for path in (first, copy):
        path.parent.mkdir()
        path.write_text("name: Riverside Maths Hub\nplaces: 12\n", encoding="utf-8")

    one, two = read_yaml(first, "hubs/WM9.yaml"), read_yaml(copy, "hubs/WM9.yaml")
    assert parses == ["hubs/WM9.yaml"]  # a copy of the file elsewhere is the same parse...
    assert (one.path, two.path) == (first, copy)  # ...each read naming its own file
    assert two.data == {"name": "Riverside Maths Hub", "places": 12} and two.position(("places",)) == (2, 9)

    edit(copy, "places: 12", "places: 13")
    assert read_yaml(copy, "hubs/WM9.yaml").data["places"] == 13
    assert read_yaml(first, "hubs/WM1.yaml").shown == "hubs/WM1.yaml"  # another name: its own problems' name
    assert parses == ["hubs/WM9.yaml"] * 2 + ["hubs/WM1.yaml"]
    read_yaml(first, "hubs/WM9.yaml")  # the oldest of three went: at most two are kept here
    assert parses == ["hubs/WM9.yaml"] * 2 + ["hubs/WM1.yaml", "hubs/WM9.yaml"]


def test_a_kept_problem_is_raised_again_at_every_read(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("name: [Riverside\n", encoding="utf-8")
    first = problems_reading(tmp_path, "name: [Riverside\n")
    assert first == problems_reading(tmp_path, "name: [Riverside\n")
    assert first[0].startswith("data.yaml:1:7: error: malformed YAML"), first
