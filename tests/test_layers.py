"""packgen's layers hold: every import of packgen's own code points down (or within its layer).

The layers, lowest first, are in LAYERS; README "Layout of the code" draws the same picture. An
import inside a function is held to the same rule, and exists only to keep a heavy library (or a
command's whole package) out of commands that do not need it: those are listed in LAZY, with why.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lowest first. A module belongs to the layer of the longest prefix that names it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # the resolved pack, and the schools as GIAS lists them and who may apply (none imports ours)
    (
        "core",
        (
            "packgen.errors",
            "packgen.recent",
            "packgen.dates",
            "packgen.pack",
            "packgen.schools.register",
            "packgen.schools.gias",
            "packgen.schools.eligibility",
            "packgen.schools.areas",
        ),
    ),
    ("text", ("packgen.text",)),
    ("forms", ("packgen.forms",)),
    ("input", ("packgen.model", "packgen.settings")),
    ("wording", ("packgen.wording",)),
    ("resolve", ("packgen.resolve", "packgen.selection", "packgen.letter")),
    ("render", ("packgen.render",)),
    (
        "tasks",
        (
            "packgen.check",
            "packgen.diff",
            "packgen.rollover",
            "packgen.collect",
            "packgen.decide",
            "packgen.invite",
            "packgen.plan",
            "packgen.site",
            "packgen.writer",
            "packgen.reference",
            "packgen.scaffold",
            "packgen.recruitment",
            "packgen.letters",
        ),
    ),
    ("build", ("packgen.build", "packgen.preview")),
    # the register's store keeps its tables on the web database's metadata, so it stands with the web
    ("faces", ("packgen.cli", "packgen.web", "packgen.schools", "packgen.__main__", "packgen")),
)

# Imports inside a function, each to keep something heavy out of commands that do not use it:
# (importing module or package, imported module or package) -> why. Nothing else may hide in a function.
LAZY: dict[tuple[str, str], str] = {
    ("packgen.cli", "packgen.web"): "Starlette, SQLAlchemy and argon2 only for the commands that serve or store",
    ("packgen.cli", "packgen.preview"): "Starlette and watchfiles only for packgen preview",
    ("packgen.cli", "packgen.schools"): "the register's database layer only for packgen schools",
    ("packgen.cli", "packgen.invite"): "the renderers, pypdf and lxml only for packgen invite",
    ("packgen.build", "packgen.render.pdf.engine"): "WeasyPrint only in a worker that lays out a PDF",
    ("packgen.check.templates", "packgen.render"): "the renderers only when templates are checked",
    ("packgen.check.templates", "packgen.site"): "the site's renderer only when templates are checked",
    ("packgen.collect.read", "packgen.collect.docx"): "python-docx only for a returned Word form",
    ("packgen.collect.read", "packgen.collect.pdf"): "pypdf only for a returned PDF form",
    ("packgen.render.form_html", "packgen.render.pdf.browserfill"): "pikepdf only when a page is made",
    ("packgen.render.form_pdf", "packgen.render.pdf.acroform"): "pikepdf and fontTools only when a form is laid out",
    ("packgen.render.pdf.engine", "packgen.render.pdf.pdfua"): "pikepdf only when a PDF is written",
    ("packgen.render.pdf.engine", "packgen.render.pdf.weasytags"): "WeasyPrint's internals only when a PDF is laid out",
}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def excused(module: str, target: str) -> bool:
    """Whether LAZY names this import inside a function."""
    return any(_within(module, m) and _within(target, t) for m, t in LAZY)


@dataclass(frozen=True)
class Import:
    module: str
    target: str
    line: int
    in_function: bool


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, src: Path) -> list[Import]:
    """Every import of packgen's own code in one file, with whether it sits inside a function."""
    module = module_name(path, src)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only: never executed
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                # ``from x import y`` may name a module x.y: the longest prefix decides its layer
                targets = [f"{target}.{a.name}" for a in child.names]
            elif isinstance(child, ast.Import):
                targets = [a.name for a in child.names]
            for target in targets:
                if target == "packgen" or target.startswith("packgen."):
                    found.append(Import(module, target, child.lineno, in_function))
            visit(child, inner, type_checking)

    visit(tree, False, False)
    return found


def layer_of(module: str) -> int:
    best, best_len = -1, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = rank, len(prefix)
    return best


def violations(src: Path) -> list[str]:
    """Every import that points up a layer, and every import inside a function not in LAZY."""
    problems: list[str] = []
    for path in sorted((src / "packgen").rglob("*.py")):
        for imp in imports_of(path, src):
            here, there = layer_of(imp.module), layer_of(imp.target)
            where = f"{path.relative_to(src)}:{imp.line}"
            if there > here:
                problems.append(
                    f"{where}: {imp.module} ({LAYERS[here][0]}) imports {imp.target} ({LAYERS[there][0]}),"
                    " a layer above"
                )
            if imp.in_function and not excused(imp.module, imp.target):
                problems.append(f"{where}: {imp.module} imports {imp.target} inside a function")
    return problems


def test_every_module_has_a_layer() -> None:
    unplaced = [module_name(p, SRC) for p in (SRC / "packgen").rglob("*.py") if layer_of(module_name(p, SRC)) < 0]
    assert unplaced == []


def test_imports_point_down() -> None:
    assert violations(SRC) == []


def test_lazy_imports_are_still_there() -> None:
    """LAZY lists only imports that exist, so it cannot keep an excuse for one that is gone."""
    present = [
        (imp.module, imp.target)
        for path in (SRC / "packgen").rglob("*.py")
        for imp in imports_of(path, SRC)
        if imp.in_function
    ]
    unused = [pair for pair in LAZY if not any(_within(m, pair[0]) and _within(t, pair[1]) for m, t in present)]
    assert unused == []


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("packgen/pack.py", "from packgen.render import RENDERERS\n"),
        ("packgen/forms/kinds.py", "from ..wording.walk import walk\n"),
    ],
)
def test_an_upward_import_fails_the_test(tmp_path: Path, module: str, line: str) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC / "packgen", copy / "packgen", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")
    found = violations(copy)
    assert any(module in p and "a layer above" in p for p in found), found


def test_an_import_hidden_in_a_function_fails_the_test(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC / "packgen", copy / "packgen", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "packgen/dates.py"
    target.write_text(
        target.read_text(encoding="utf-8") + "\n\ndef _late():\n    from .errors import Problem\n    return Problem\n",
        encoding="utf-8",
    )
    assert any("inside a function" in p and "packgen/dates.py" in p for p in violations(copy))


MOST_PROBES = 15
"""Issue 20: behaviour is looked up in registries and base classes, not probed for. The lines left
read a field named by data (a letter's kind, a list's key), a library's optional attribute
(ruamel's fold positions, Jinja's pass_arg, WeasyPrint's guarded internals) or a command by name."""


def probes(src: Path) -> list[str]:
    """Every line of packgen's source that calls getattr or hasattr, as path:line."""
    return [
        f"{path.relative_to(src)}:{number}"
        for path in sorted((src / "packgen").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "getattr" in line or "hasattr" in line
    ]


def test_getattr_and_hasattr_are_on_at_most_fifteen_lines() -> None:
    found = probes(SRC)
    assert len(found) <= MOST_PROBES, found


def test_a_new_probe_over_the_limit_fails_the_test(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC / "packgen", copy / "packgen", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "packgen/pack.py"
    extra = "".join(f"\n_P{i} = getattr(object, '__doc__', None)" for i in range(MOST_PROBES + 1))
    target.write_text(target.read_text(encoding="utf-8") + extra + "\n", encoding="utf-8")
    assert len(probes(copy)) > MOST_PROBES
