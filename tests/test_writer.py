"""Writing build/: checked before rendering, staged and swapped in all together, locked against a
second build, and cleaned of what a killed build left (issue 12, points 15 to 17)."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import edit, run_cli

from packgen import writer as writer_module
from packgen.build import build
from packgen.writer import LOCK, MANIFEST, STAGING_PREFIX, WriteError


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with its content hash (the lock file aside)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != LOCK
    }


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(STAGING_PREFIX) or p.name.endswith(".tmp")]


def cli_build(project: Path, *args: str):
    return run_cli("build", "--project", str(project), "--quiet", *args)


@pytest.mark.parametrize("where", ["a file", "/dev/full"])
def test_an_output_folder_that_is_not_a_folder_fails_in_one_line_before_rendering(sample: Path, where: str) -> None:
    out = sample / "packs.txt" if where == "a file" else Path(where)
    if where == "a file":
        out.write_text("not a folder\n", encoding="utf-8")
    rendered: list[str] = []
    with pytest.raises(WriteError) as caught:
        build(sample, out=out, jobs=1, progress=lambda path, done, total: rendered.append(path))
    assert not rendered
    [problem] = caught.value.problems
    assert (
        str(problem) == f"{out.as_posix()}: error: cannot write to the output folder: it is not a folder;"
        " the folder is as it was before the build [build.write]"
    )
    result = cli_build(sample, "--out", str(out))
    assert result.exit_code == 1
    assert result.output.splitlines() == [str(problem), "1 error; nothing was written."]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A tmpfs of 4 MiB mounted for the test (root only); its mount point, unmounted afterwards."""
    point = tmp_path / "disk"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()}); the patched ENOSPC test covers the logic"
        )
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def remount(point: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(point)], check=True)


def test_a_full_disk_leaves_the_last_good_build_whole(sample: Path, small_disk: Path) -> None:
    out = small_disk / "build"
    assert cli_build(sample, "--out", str(out), "--format", "pdf", "--format", "html").exit_code == 0
    before = snapshot(out)
    edit(sample / "hubs/WM9.yaml", "name: Riverside Maths Hub", "name: Riverside and Hillford Maths Hub")
    used = sum((out / rel).stat().st_size for rel in before)
    remade = sum((out / rel).stat().st_size for rel in before if "/WM9/" in rel)  # what the edit makes again
    remount(small_disk, f"size={used + remade // 2}")  # room for a few new files, not for all of them
    result = cli_build(sample, "--out", str(out), "--format", "pdf", "--format", "html", "--jobs", "2")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and lines[1] == "1 error; nothing was written.", result.output
    assert lines[0].startswith(f"{out.as_posix()}: error: could not write") and "No space left on device" in lines[0]
    assert lines[0].endswith("the folder is as it was before the build [build.write]")
    assert snapshot(out) == before
    assert not leftovers(out)


def test_a_read_only_folder_fails_in_one_line_before_rendering(sample: Path, small_disk: Path) -> None:
    out = small_disk / "build"
    assert cli_build(sample, "--out", str(out), "--format", "html").exit_code == 0
    before = snapshot(out)
    remount(small_disk, "ro")
    rendered: list[str] = []
    with pytest.raises(WriteError) as caught:
        build(sample, out=out, jobs=1, progress=lambda path, done, total: rendered.append(path))
    assert not rendered
    assert [str(p) for p in caught.value.problems] == [
        f"{out.as_posix()}: error: cannot write to the output folder: Read-only file system; "
        "the folder is as it was before the build [build.write]"
    ]
    remount(small_disk, "rw")
    assert snapshot(out) == before


def test_a_write_that_fails_while_swapping_in_puts_back_what_was_moved(
    built_sample: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = built_sample("--format", "html")  # built once for the run, copied with its times
    out = sample / "build"
    before = snapshot(out)
    edit(sample / "hubs/WM9.yaml", "name: Riverside Maths Hub", "name: Riverside and Hillford Maths Hub")
    edit(sample / "hubs/SE9.yaml", "region: South East", "region: South East\nlead_school: Harbour School")
    real_replace, calls = os.replace, []

    def failing_replace(source, target) -> None:
        calls.append(target)
        if len(calls) == 3:  # two documents are in place when the third cannot be
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(writer_module.os, "replace", failing_replace)
    with pytest.raises(WriteError) as caught:
        build(sample, jobs=1, selection=writer_module_selection())
    monkeypatch.setattr(writer_module.os, "replace", real_replace)
    assert "No space left on device" in str(caught.value)
    assert snapshot(out) == before
    assert not leftovers(out)


def writer_module_selection():
    from packgen.selection import Selection

    return Selection(formats=("html",))


def test_a_disk_that_fills_while_staging_changes_nothing(
    built_sample: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = built_sample("--format", "html")  # built once for the run, copied with its times
    out = sample / "build"
    before = snapshot(out)
    edit(sample / "hubs/WM9.yaml", "name: Riverside Maths Hub", "name: Riverside and Hillford Maths Hub")
    staged: list[object] = []
    real_stage = writer_module.stage

    def full_after_one(staging, rel, data):
        if staged:
            raise OSError(errno.ENOSPC, "No space left on device", str(staging / rel))
        staged.append(rel)
        return real_stage(staging, rel, data)

    import packgen.build as build_module

    monkeypatch.setattr(build_module, "stage", full_after_one)
    with pytest.raises(WriteError) as caught:
        build(sample, jobs=1, selection=writer_module_selection())
    [problem] = caught.value.problems
    assert problem.code == "build.write" and "No space left on device" in problem.message
    assert snapshot(out) == before
    assert not leftovers(out)


def test_what_a_killed_build_left_is_cleared_by_the_next(built_sample: Callable[..., Path]) -> None:
    sample = built_sample("--format", "html")  # built once for the run, copied with its times
    out = sample / "build"
    stale_staging = out / f"{STAGING_PREFIX}k1lled0"
    (stale_staging / "2024-25/WM9").mkdir(parents=True)
    (stale_staging / "2024-25/WM9/information.html").write_text("half", encoding="utf-8")
    stale_temp = out / "2024-25/WM9/number-sense/.information.html.a1b2c3d4.tmp"
    stale_temp.write_text("half", encoding="utf-8")
    result = cli_build(sample, "--format", "html")
    assert "Nothing to rebuild" in result.output
    assert not stale_staging.exists() and not stale_temp.exists()


def test_a_second_build_waits_for_the_first(sample: Path) -> None:
    out = sample / "build"
    out.mkdir()
    with open(out / LOCK, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = subprocess.Popen(
            [sys.executable, "-m", "packgen", "build", "--project", str(sample), "--quiet", "--format", "docx"],
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert second.stderr is not None
        first_line = second.stderr.readline()
        assert first_line == f"Another build is writing to {out}; waiting for it to finish…\n"
        assert second.poll() is None  # still waiting while the lock is held
        assert not (out / MANIFEST).exists()
    stdout, _ = second.communicate(timeout=300)
    assert second.returncode == 0 and "4 built" in stdout


def test_two_builds_at_once_keep_every_manifest_entry(sample: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "packgen",
        "build",
        "--project",
        str(sample),
        "--quiet",
        "--format",
        "docx",  # no PDF to lay out (the HTML form carries its PDF): the builds' writing is what is tested
    ]
    builds = [
        subprocess.Popen([*command, "--hub", hub], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for hub in ("WM9", "SE9")
    ]
    for process in builds:
        process.communicate(timeout=300)
        assert process.returncode == 0
    manifest = json.loads((sample / "build" / MANIFEST).read_text(encoding="utf-8"))
    assert len([path for path in manifest if not path.startswith(".")]) == 4 + 2  # and the site's two pages
    assert len(manifest[".stamps"]) == 2  # each build's record of what it read
    again = cli_build(sample, "--format", "docx")
    assert "Nothing to rebuild: all 4 documents" in again.output
