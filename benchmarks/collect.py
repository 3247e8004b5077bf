"""How fast `packgen collect` reads returned forms: 500 filled forms (half PDF, half DOCX) of one hub.

    PYTHONPATH=src python benchmarks/collect.py [COUNT] [SAME_SCHOOL]

Generates WM1's mastery-readiness form, fills COUNT copies with different schools (using the
test suite's fillers, so nothing here is packgen's own reading code), then times collect()
and writing the spreadsheet, and prints forms per second.

Then SAME_SCHOOL (default 1,000) copies of one DOCX form, all from one school (one URN): the
duplicate-school flag once took 78 s and 1.7 GB for 1,000 and wrote a 627 MB CSV for 5,000.
Prints the time, the process's peak memory and the size of the CSV (this case runs first).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from formfill import fill_docx, fill_pdf  # noqa: E402

from packgen.collect import collect, write_sheet  # noqa: E402
from packgen.forms import spec  # noqa: E402
from packgen.model.project import load_project  # noqa: E402
from packgen.render import load_renderers  # noqa: E402
from packgen.resolve import resolve_pack  # noqa: E402


def values(answers, i: int) -> dict[str, str]:
    by_type = {
        "text": f"School {i} & Partners",
        "email": f"head{i}@school{i}.sch.uk",
        "telephone": "0121 496 0000",
        "urn": f"{100000 + i}",
        "trn": f"{1000000 + i}",
        "yesno": "Yes" if i % 2 else "No",
        "signature": f"Head Teacher {i}",
        "multiline": f"Statement of school {i}.\n\nWe are keen to join. " * 5,
    }
    return {f.name: by_type[f.type] for f in answers if f.type != "hub"}


def main(count: int) -> None:
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == "mastery-readiness")
    pack = resolve_pack(project, py, project.hub("WM1"))
    renderers, _ = load_renderers(project.templates_dir, REPO)
    pdf = renderers[("application-form", "pdf")].render(pack)
    docx = renderers[("application-form", "docx")].render(pack)
    answers = spec.answers(pack.form)
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        started = time.perf_counter()
        for i in range(count):
            if i % 2:
                (inbox / f"form{i:04}.docx").write_bytes(fill_docx(docx, values(answers, i)))
            else:
                data = fill_pdf(pdf, values(answers, i), radio=frozenset({"group_application.requested"}))
                (inbox / f"form{i:04}.pdf").write_bytes(data)
        print(f"filled {count} forms in {time.perf_counter() - started:.1f}s (setup, not measured)")
        for out in (Path(tmp) / "applications.csv", Path(tmp) / "applications.xlsx"):
            started = time.perf_counter()
            result = collect([inbox], REPO)
            write_sheet(result, out)
            seconds = time.perf_counter() - started
            ok = sum(a.status == "ok" for a in result.applications)
            assert ok == count and not result.rejected, (ok, result.rejected[:3])
            print(f"collect {count} forms -> {out.suffix}: {seconds:.2f}s, {count / seconds:.0f} forms/second")


def same_school(count: int) -> None:
    """``count`` forms from one school: every row is flagged, none names more than a few others."""
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == "mastery-readiness")
    pack = resolve_pack(project, py, project.hub("WM1"))
    docx = load_renderers(project.templates_dir, REPO)[("application-form", "docx")].render(pack)
    form = fill_docx(docx, values(spec.answers(pack.form), 7))
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for i in range(count):
            (inbox / f"form{i:05}.docx").write_bytes(form)
        out = Path(tmp) / "applications.csv"
        started = time.perf_counter()
        result = collect([inbox], REPO)
        write_sheet(result, out)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # so far in this process: run first
        assert all(len(a.problems) == 1 and "same school" in a.problems[0] for a in result.applications)
        print(
            f"collect {count} forms from one school -> .csv: {seconds:.2f}s, "
            f"peak memory (RSS) {peak / 2**20:.0f} MB, CSV {out.stat().st_size / 2**20:.1f} MB"
        )


if __name__ == "__main__":
    same_school(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
