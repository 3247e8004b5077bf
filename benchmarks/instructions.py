"""Instructions per document of each kind, counted by valgrind's callgrind: figures that do not
move with the load on the machine, for comparing two commits on a shared or noisy one.

    .venv/bin/python benchmarks/instructions.py [--docs N] [--tree PATH ...] [--engine] [KIND ...]

KIND is document:format (default: application-form:pdf application-form:html information:pdf).
With --engine, each PDF kind is also counted as WeasyPrint alone laying out the same HTML with the
same stylesheets (benchmarks/pdf_pass.py's `raw`), and packgen's figure over it is printed: what
packgen's own pass costs on top of the engine, as a ratio that does not move with the load.
Each --tree is a checkout of packgen (default: this one), for example a `git worktree` of an
older commit; its own src/ and its own data are used, with this venv's Python. For each tree and
kind, one process lays out two documents to warm up with counting off, then N more (default 3)
with counting on; the figure is the instructions counted, per document. Seconds per document
move by a third from run to run on a virtual machine with neighbours; these moved by under 1%.
Needs valgrind (Debian's `valgrind`, with `callgrind_control`).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("application-form:pdf", "application-form:html", "information:pdf")


def child(kind: str, docs: int) -> None:
    """In the counted process: warm up, say so, lay out ``docs`` documents when told, say so."""
    from packgen.model.project import load_project
    from packgen.plan import plan

    project = load_project(Path.cwd())
    document, fmt, *engine = kind.split(":")
    key = (document, fmt)
    chosen = [o for o in plan(project) if (o.document, o.format) == key][: docs + 2]
    if len(chosen) < docs + 2:
        raise SystemExit(f"the project has fewer than {docs + 2} documents of kind {kind}")
    if engine:  # WeasyPrint alone on the same HTML, as benchmarks/pdf_pass.py lays it out
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from pdf_pass import raw

        from packgen.render import load_renderers

        renderer = load_renderers(project.templates_dir, Path.cwd())[0][key]

        def render(output: object) -> None:
            raw(renderer, output.pack, document == "application-form")
    else:
        render = _renderer(project, key)
    for output in chosen[:2]:
        render(output)
    print("ready", flush=True)
    sys.stdin.readline()
    for output in chosen[2:]:
        render(output)
    print("done", flush=True)
    sys.stdin.readline()


def _renderer(project: object, key: tuple[str, str]) -> Callable[[object], None]:
    """packgen laying out one output of kind ``key``, as this tree's code does it."""
    try:
        from packgen.render import documents

        service = documents(project.templates_dir, Path.cwd(), cache_size=0)  # each document laid out

        def render(output: object) -> None:
            service.render(output.pack, key)

    except ImportError:  # a tree from before the document service (issue 20)
        from packgen.render import load_renderers

        renderers, _ = load_renderers(project.templates_dir, Path.cwd())

        def render(output: object) -> None:
            renderers[key].render(output.pack)

    return render


def count(tree: Path, kind: str, docs: int) -> float:
    """Instructions per document of ``kind`` laid out by the packgen in ``tree``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
            + [sys.executable, __file__, "--child", kind, "--docs", str(docs)],
            cwd=tree,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(tree / "src")},
        )
        assert process.stdin is not None and process.stdout is not None
        for switch in ("on", "off"):
            said = process.stdout.readline().strip()
            if said not in ("ready", "done"):
                process.kill()
                raise SystemExit(f"{tree}: {kind} did not start (said {said!r})")
            subprocess.run(["callgrind_control", "-i", switch, str(process.pid)], check=True, capture_output=True)
            process.stdin.write("\n")
            process.stdin.flush()
        process.wait()
        found = re.search(r"^totals: (\d+)", out.read_text(), re.M)
        if found is None:
            raise SystemExit(f"{tree}: callgrind wrote no totals for {kind}")
        return int(found.group(1)) / docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kinds", nargs="*", default=list(KINDS), metavar="KIND")
    parser.add_argument("--docs", type=int, default=3, help="documents counted per kind")
    parser.add_argument("--tree", type=Path, action="append", help="a packgen checkout (default: this one)")
    parser.add_argument("--engine", action="store_true", help="count WeasyPrint alone on each PDF's HTML too")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.kinds[0], args.docs)
        return
    trees = [t.resolve() for t in args.tree or [ROOT]]
    if args.engine:
        args.kinds += [kind + ":engine" for kind in args.kinds if kind.endswith(":pdf")]
    jobs = [(tree, kind) for kind in args.kinds for tree in trees]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # one valgrind per core
        figures = dict(zip(jobs, pool.map(lambda job: count(job[0], job[1], args.docs), jobs), strict=True))
    print(f"instructions per document (callgrind, {args.docs} documents each, renderers warm):")
    for kind in args.kinds:
        first = figures[(trees[0], kind)]
        for tree in trees:
            ratio = figures[(tree, kind)] / first
            print(f"  {kind:<28} {str(tree):<40} {figures[(tree, kind)] / 1e9:7.3f} G   {ratio:.3f}x the first tree")
    if args.engine:
        print("packgen's PDF over WeasyPrint alone on the same HTML (instructions):")
        for kind in [k for k in args.kinds if k.endswith(":pdf")]:
            for tree in trees:
                ours, engine = figures[(tree, kind)], figures[(tree, kind + ":engine")]
                print(f"  {kind:<28} {str(tree):<40} {ours / engine:.3f}x")


if __name__ == "__main__":
    main()
