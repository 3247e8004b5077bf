"""Each module in src/packgen has tests of its own: a test file that mirrors it, or its name below
with the test files that exercise it (issue 20). A new module needs one or the other; a module
that gains its own test file leaves the list, so the list only shrinks.

A module ``src/packgen/<package>/<module>.py`` is mirrored by ``tests/<package>/test_<module>.py``
or ``tests/<package>/test_<package>_<module>.py`` (the second spelling where a bare name would
collide with another test module), in the package's folder or an outer one (``render/pdf/engine.py``:
``tests/render/test_pdf_engine.py``); ``src/packgen/<module>.py`` by ``tests/test_<module>.py``.
Package ``__init__.py`` files are not modules of their own here."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO

SRC = REPO / "src" / "packgen"
TESTS = REPO / "tests"

# module (dotted, below packgen) -> the test files that exercise it, relative to tests/.
# Easy to edit: when a module gets its own test file, delete its line here.
COVERED_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "__main__": ("test_build_processes.py", "test_writer.py"),  # `python -m packgen build` in a subprocess
    "check.base": ("check/test_checks.py", "forms/test_validate.py"),
    "check.commitments": ("check/test_checks.py",),
    "check.dates": ("check/test_checks.py", "check/test_check_tables.py"),
    "check.facts": ("check/test_checks.py",),
    "check.hubs": ("check/test_checks.py", "model/test_hubs_running.py"),
    "check.messages": ("check/test_checks.py",),
    "check.numbers": ("check/test_checks.py", "check/test_check_tables.py"),
    "check.phase": ("check/test_checks.py", "check/test_check_tables.py"),
    "check.runner": ("check/test_checks.py", "check/test_readiness.py"),
    "check.templates": ("check/test_checks.py", "render/test_registry.py"),
    "check.text": ("check/test_checks.py", "check/test_check_tables.py"),
    "check.years": ("check/test_checks.py",),
    "cli.build": ("test_build.py", "cli/test_build_progress.py"),
    "cli.check": ("check/test_checks.py", "cli/test_project_option.py"),
    "cli.collect": ("collect/test_collect.py", "collect/test_collect_hostile.py"),
    "cli.diff": ("diff/test_diff.py", "render/test_vanish.py"),
    "cli.invite": ("invite/test_invite_packs.py",),
    "cli.output": ("collect/test_collect.py",),
    "cli.preview": ("cli/test_preview_cli.py",),
    "cli.progress": ("cli/test_build_progress.py",),
    "cli.rollover": ("test_rollover.py", "test_prune.py"),
    "cli.schema": ("model/test_schema.py",),
    "cli.serve": ("web/test_web_cli.py",),
    "collect.applications": ("collect/test_collect.py", "collect/test_collect_hostile.py"),
    "collect.docx": ("collect/test_collect.py",),
    "collect.pdf": ("collect/test_collect.py", "web/test_web_mail.py"),
    "collect.read": ("collect/test_collect.py",),
    "collect.sheet": ("collect/test_collect.py", "web/test_web_admin.py"),
    "collect.validate": ("collect/test_collect_hostile.py",),
    "dates": ("test_rollover.py", "model/test_model.py"),
    "diff.compare": ("diff/test_diff.py",),
    "diff.docx": ("diff/test_diff.py", "diff/test_diff_blocks.py"),
    "diff.flatten": ("diff/test_diff.py", "diff/test_diff_blocks.py"),
    "diff.html": ("diff/test_diff.py", "diff/test_diff_blocks.py"),
    "diff.model": ("diff/test_diff.py",),
    "diff.output": ("diff/test_diff.py",),
    "diff.select": ("diff/test_diff.py",),
    "diff.text": ("diff/test_diff.py", "diff/test_diff_blocks.py"),
    "errors": ("model/test_model.py", "model/test_yaml_reader.py", "test_build.py"),
    "forms.fill": ("forms/test_forms.py", "collect/test_collect.py", "invite/test_invite_packs.py"),
    "forms.prefill": ("web/test_web_find_school.py", "invite/test_invite_packs.py"),
    "forms.spec": ("forms/test_forms.py", "forms/test_kinds.py", "web/test_web_public.py"),
    "model.assets": ("model/test_pictures.py",),
    "model.json_schema": ("model/test_schema.py",),
    "model.project": ("model/test_project_files.py", "model/test_hubs_running.py"),
    "preview.page": ("preview/test_preview_views.py", "preview/test_preview_app.py"),
    "reference": ("model/test_reference.py",),
    "render.form_docx": ("forms/test_forms.py",),
    "render.form_html": ("forms/test_forms.py", "render/test_pages_in_chromium.py"),
    "scaffold": ("cli/test_new.py",),
    "selection": ("test_plan.py", "test_writer.py", "test_site.py"),
    "web.allocation": ("web/test_web_decisions.py", "cli/test_allocate.py"),
    "web.app": ("web/test_web_public.py", "web/test_web_browser.py"),
    "web.auth": ("web/test_web_admin.py", "web/test_web_cli.py"),
    "web.common": ("web/test_web_public.py", "web/test_web_admin.py"),
    "web.config": ("web/test_web_cli.py", "web/test_web_security.py"),
    "web.migrations.env": ("web/test_web_db.py",),
    "web.migrations.versions.0001_initial": ("web/test_web_db.py",),
    "web.models": ("web/test_web_db.py",),
    "web.outbox": ("web/test_web_mail.py",),
    "web.pages": ("web/test_web_public.py",),
    "web.site": ("web/test_web_public.py",),
    "web.store": ("web/test_web_db.py", "web/test_web_public.py"),
    "wording.arrange": ("wording/test_placements.py", "wording/test_walk.py"),
    "wording.env": ("wording/test_sandbox.py", "wording/test_links.py"),
    "wording.facts": ("wording/test_inline.py", "render/test_vanish.py"),
    "wording.locate": ("wording/test_placements.py", "wording/test_sandbox.py"),
    "wording.uses": ("check/test_checks.py", "wording/test_placements.py"),
    "cli.schools": ("schools/test_schools_cli.py",),
    "model.base": ("model/test_block_kinds.py",),
    "model.blocks": ("model/test_block_kinds.py", "model/test_reference.py"),
    "render.information_docx": ("render/test_render.py", "diff/test_diff.py"),
    "render.information_html": ("render/test_render.py", "render/test_registry.py"),
    "render.information_pdf": ("render/test_render.py", "render/test_pdfua.py"),
    "render.pdf.weasytags": ("render/test_pdfua.py", "render/test_matterhorn.py"),
    "render.pdf.acroform": ("render/test_form_pdf.py", "forms/test_forms.py"),
    "render.word.ooxml": ("render/test_design.py", "model/test_block_kinds.py"),
    "render.word.template": ("render/test_render.py", "render/test_registry.py"),
    "render.word.wordparts": ("render/test_render.py", "render/test_design.py"),
    "schools.register": ("schools/test_schools_gias.py", "schools/test_schools_eligibility.py"),
    "settings": ("check/test_checks.py", "model/test_project_files.py"),
    "pack": ("model/test_model.py", "wording/test_placements.py"),
    "text.tense": ("check/test_checks.py", "test_rollover.py"),
    "text.textdates": ("check/test_checks.py", "check/test_check_tables.py"),
    "web.migrations.versions.0002_schools": ("web/test_web_db.py",),
    "web.migrations.versions.0003_sessions": ("web/test_web_db.py",),
    "web.migrations.versions.0004_limits": ("web/test_web_db.py",),
    "web.migrations.versions.0005_password_resets": ("web/test_web_db.py",),
    "web.migrations.versions.0006_mfa": ("web/test_web_db.py",),
    "web.migrations.versions.0007_audit": ("web/test_web_db.py",),
    "web.migrations.versions.0008_corrections": ("web/test_web_db.py",),
    "web.migrations.versions.0009_decisions": ("web/test_web_db.py",),
    "web.migrations.versions.0010_email_content": ("web/test_web_db.py",),
    "web.finder": ("web/test_web_find_school.py", "web/test_web_find_school_browser.py"),
}


def modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(SRC).with_suffix("").parts)
        for path in SRC.rglob("*.py")
        if path.name != "__init__.py"
    )


def mirrors(module: str) -> list[Path]:
    """tests/<package>/test_<module>.py or test_<package>_<module>.py, where <package> may stop short
    of the module's innermost package (render.pdf.engine: tests/render/test_pdf_engine.py)."""
    *package, name = module.split(".")
    if not package:
        return [TESTS / f"test_{name}.py"]
    found = []
    for depth in range(len(package), 0, -1):
        folder = TESTS.joinpath(*package[:depth])
        found += [folder / f"test_{name}.py", folder / f"test_{package[-1]}_{name}.py"]
    return found


def test_every_module_has_a_test_file_of_its_own_or_says_where_it_is_tested() -> None:
    alone = [m for m in modules() if not any(p.exists() for p in mirrors(m)) and m not in COVERED_ELSEWHERE]
    assert not alone, (
        f"modules with no tests/<package>/test_<module>.py and not in COVERED_ELSEWHERE ({__file__}): {alone}"
    )


def test_the_list_of_modules_covered_elsewhere_is_current() -> None:
    """Every listed module exists, has no mirror of its own yet (else its line goes), and names
    test files that exist."""
    known = set(modules())
    gone = sorted(set(COVERED_ELSEWHERE) - known)
    assert not gone, f"COVERED_ELSEWHERE lists modules that no longer exist: {gone}"
    mirrored = sorted(m for m in COVERED_ELSEWHERE if any(p.exists() for p in mirrors(m)))
    assert not mirrored, (
        f"these modules have a test file of their own now; delete their COVERED_ELSEWHERE line: {mirrored}"
    )
    missing = sorted({t for where in COVERED_ELSEWHERE.values() for t in where if not (TESTS / t).is_file()})
    assert not missing, f"COVERED_ELSEWHERE names test files that do not exist: {missing}"
    assert all(COVERED_ELSEWHERE.values()), "every module in COVERED_ELSEWHERE names at least one test file"


def test_a_new_module_without_tests_is_caught(tmp_path: Path, monkeypatch) -> None:
    """The check itself: a module with neither a mirror nor a line fails it."""
    import test_layout_of_tests as layout

    fake = tmp_path / "packgen"
    (fake / "render").mkdir(parents=True)
    (fake / "render" / "letters.py").write_text("", encoding="utf-8")
    (fake / "render" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(layout, "SRC", fake)
    assert layout.modules() == ["render.letters"]
    try:
        layout.test_every_module_has_a_test_file_of_its_own_or_says_where_it_is_tested()
    except AssertionError as failure:
        assert "render.letters" in str(failure)
    else:
        raise AssertionError("a module with no tests passed the check")


def test_no_line_of_python_is_over_120_characters() -> None:
    """ruff's E501 lets a line of one long string through; issue 20 asks for none over 120."""
    long = [
        f"{path.relative_to(REPO)}:{number} ({len(line)})"
        for folder in ("src", "tests", "benchmarks")
        for path in sorted((REPO / folder).rglob("*.py"))
        if "node_modules" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 120
    ]
    assert long == []
