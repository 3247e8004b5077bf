"""packgen's PDFs against WeasyPrint's own time for the same page: what the one finishing pass costs.

    PYTHONPATH=src python benchmarks/pdf_pass.py [ROUNDS]

For WM1's mastery-readiness information pack and application form, in one warm process, times
(the median of ROUNDS, default 15, after one warm-up; CPU time of this process, so that other
work on a shared machine counts less; the two take turns):
- raw: WeasyPrint alone on the same print HTML and stylesheets (render + write_pdf, PDF/UA-1,
  pdf_forms for the form), as packgen hands them over;
- packgen: the renderer's render(), i.e. the same plus the pikepdf pass (PDF/UA fixes, and for the
  form the field finishing) and the save;
and prints both, their ratio (issue 13's target for the form: at most 1.15) and the PDFs' sizes
(target for the form: under 200 KB).
"""

from __future__ import annotations

import statistics
import sys
import time
from functools import partial
from pathlib import Path

from weasyprint import HTML

from packgen.model.project import load_project
from packgen.render import load_renderers
from packgen.resolve import resolve_pack

REPO = Path(__file__).resolve().parents[1]


def raw(renderer, pack, forms: bool) -> bytes:
    source = renderer.source(pack)
    fetcher, fonts, css = renderer.engine()  # the renderer's own fetcher, fonts and parsed stylesheets
    document = HTML(string=source, base_url=None, url_fetcher=fetcher).render(
        stylesheets=css, font_config=fonts, pdf_forms=forms
    )
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_forms=forms)


def median_times(jobs, rounds: int) -> list[tuple[float, bytes]]:
    """Each job's median time and last result; the jobs take turns, so a busy machine slows all alike."""
    results = [job() for job in jobs]  # warm-up: fonts loaded, caches filled
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(rounds):
        for i, job in enumerate(jobs):
            started = time.process_time()
            results[i] = job()
            times[i].append(time.process_time() - started)
    return [(statistics.median(t), r) for t, r in zip(times, results, strict=True)]


def main(rounds: int) -> None:
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == "mastery-readiness")
    pack = resolve_pack(project, py, project.hub("WM1"))
    renderers, _ = load_renderers(project.templates_dir, REPO)
    print(f"{'document':<22}{'raw WeasyPrint':>16}{'packgen':>10}{'ratio':>8}{'raw size':>11}{'size':>10}")
    for document, forms in (("information", False), ("application-form", True)):
        renderer = renderers[(document, "pdf")]
        (raw_time, raw_pdf), (our_time, our_pdf) = median_times(
            [partial(raw, renderer, pack, forms), partial(renderer.render, pack)], rounds
        )
        print(
            f"{document + '.pdf':<22}{raw_time * 1000:>13.0f} ms{our_time * 1000:>7.0f} ms{our_time / raw_time:>8.2f}"
            f"{len(raw_pdf) / 1000:>8.0f} KB{len(our_pdf) / 1000:>7.0f} KB"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
