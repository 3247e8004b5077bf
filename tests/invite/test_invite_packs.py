"""`packgen invite` on the sample project with the shipped register: 30 invited schools each get a form
pre-filled with the register's details (read back with pypdf and PyMuPDF; every Word copy opens in
LibreOffice) and a personal link that opens the online form filled; a changed or expired link is
refused; --area invites the eligible open schools of one local authority and lists the others."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from conftest import REPO, SAMPLE, edit, run_cli
from pypdf import PdfReader
from web.web_helpers import Clock

from packgen.collect.read import read_form
from packgen.schools import gias
from packgen.schools.register import School

GIAS = REPO / "data" / "schools" / "edubasealldata20250901.csv"
FORM = "/2024-25/WM9/number-sense"
FOLDER = Path("build/invitations/2024-25/WM9/number-sense")
OPEN = ("Open", "Open, but proposed to close")
BEFORE_CLOSING = dt.datetime(2024, 2, 1, 12, tzinfo=dt.UTC)  # WM9's offer closes on 8 March 2024
SCHOOL_FIELDS = {
    "school.name": lambda s: s.name,
    "school.urn": lambda s: f"{s.urn:06d}",
    "school.address": lambda s: ", ".join(s.address),
    "school.local_authority": lambda s: s.la_name,
    "school.headteacher": lambda s: s.headteacher,
    "school.telephone": lambda s: s.telephone,
}


def _register() -> dict[int, School]:
    return {s.urn: s for s in gias.read(GIAS).schools}


def _open_primary(s: School) -> bool:
    return s.status in OPEN and s.phase == "Primary"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, its form asking the school's address, local authority and headteacher, for primary
    schools only, WM9 serving Sandwell and Walsall, with the shipped register imported."""
    root = tmp_path_factory.mktemp("invite") / "sample"
    shutil.copytree(SAMPLE, root)
    shutil.copytree(REPO / "templates", root / "templates")
    programme = root / "programmes/number-sense/2024-25.yaml"
    edit(programme, "title: ", "eligible:\n  phases: [Primary]\ntitle: ")
    edit(
        programme,
        "        - {name: urn, type: urn, label: School URN}\n",
        "        - {name: urn, type: urn, label: School URN}\n"
        "        - {name: address, label: Address}\n"
        "        - {name: local_authority, label: Local authority}\n"
        "        - {name: headteacher, label: Name of headteacher}\n",
    )
    edit(root / "hubs/WM9.yaml", "areas: [Riverside, Hillford]", "areas: [Sandwell, Walsall]")
    imported = run_cli("schools", "import", str(GIAS), "--project", str(root))
    assert imported.exit_code == 0, imported.output
    return root


@pytest.fixture(scope="module")
def invited(project: Path) -> tuple[list[School], object]:
    """30 open primary schools and four that cannot be invited, through `packgen invite --schools`."""
    schools = [s for s in sorted(_register().values(), key=lambda s: s.urn) if _open_primary(s)][:30]
    closed = next(s for s in _register().values() if s.status == "Closed" and s.phase == "Primary")
    secondary = next(s for s in _register().values() if s.status == "Open" and s.phase == "Secondary")
    rows = ["URN", *(f"{s.urn:06d}" for s in schools), f"{closed.urn}", f"{secondary.urn}", "999999", "12ab"]
    (project / "invited.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli(
        "invite", "number-sense", "2024-25", "--hub", "WM9", "--schools", str(project / "invited.csv"),
        "--project", str(project), "--base-url", "http://testserver", "--today", "2024-02-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Invited 30 schools to Riverside Maths Hub's number-sense 2024-25 form (4 skipped)" in result.stdout
    for said in (
        f"skipped {closed.urn} {closed.name}: {closed.name} is closed",
        f"skipped {secondary.urn} {secondary.name}: {secondary.name} is a secondary school; "
        "this programme is for primary schools",
        "skipped 999999: No school has the URN 999999",
        "skipped 12ab: '12ab' is not a URN (six digits)",
    ):
        assert said in result.stderr
    return schools, result


def _summary(project: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((project / FOLDER / "invitations.csv").read_text(encoding="utf-8-sig"))))


def test_each_pdf_holds_its_schools_details_in_pypdf_and_pymupdf(project: Path, invited) -> None:
    schools, _ = invited
    assert sorted(p.name for p in (project / FOLDER).iterdir() if p.is_dir()) == [f"{s.urn:06d}" for s in schools]
    for school in schools:
        pdf = project / FOLDER / f"{school.urn:06d}" / "application-form.pdf"
        expected = {name: value(school) for name, value in SCHOOL_FIELDS.items() if value(school)}
        fields = PdfReader(pdf).get_fields()
        assert {name: fields[name].get("/V") for name in expected} == expected
        assert fields["school.phase"].get("/V") == "Primary"  # a choice of two: a drop-down
        assert fields["hub"].get("/V") == "Riverside Maths Hub"
        with pymupdf.open(pdf) as doc:
            widgets = {w.field_name: w for page in doc for w in page.widgets()}
        assert {name: widgets[name].field_value for name in expected} == expected
        assert not widgets["school.name"].field_flags & 1  # not read-only: the school can correct it
        assert widgets["school.email"].field_value in ("", None)  # the register has no email: left to fill


def test_each_docx_holds_the_details_and_opens_in_libreoffice(project: Path, invited, tmp_path: Path) -> None:
    schools, _ = invited
    docs = []
    for school in schools:
        docx = project / FOLDER / f"{school.urn:06d}" / "application-form.docx"
        returned = read_form(docx)
        assert returned.identity is not None and returned.identity.hub == "WM9"
        controls = {c.name: c.value for c in returned.controls}
        for name, value in SCHOOL_FIELDS.items():
            assert controls[name] == value(school), (school.urn, name)
        flat = tmp_path / f"{school.urn:06d}.docx"
        shutil.copy(docx, flat)
        docs.append(flat)
    out = tmp_path / "converted"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, docs)],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    for school in schools:
        converted = out / f"{school.urn:06d}.pdf"
        with pymupdf.open(converted) as doc:
            text = " ".join(" ".join(page.get_text() for page in doc).split())  # a long name wraps in its cell
        assert school.name in text and school.headteacher in text and f"{school.urn:06d}" in text


def test_each_link_opens_the_form_filled_and_a_changed_or_expired_one_is_refused(project: Path, invited) -> None:
    from starlette.testclient import TestClient

    from packgen.web.app import create_app
    from packgen.web.config import Settings

    schools, _ = invited
    clock = Clock(BEFORE_CLOSING)
    app = create_app(Settings(project=project, clock=clock))
    rows = {r["URN"]: r for r in _summary(project)}
    try:
        for school in schools:
            url = (project / FOLDER / f"{school.urn:06d}" / "link.txt").read_text(encoding="utf-8").strip()
            assert rows[f"{school.urn:06d}"]["link"] == url and url.startswith(f"http://testserver{FORM}/apply/")
            with TestClient(app, follow_redirects=False) as client:
                opened = client.get(url)
                assert opened.status_code == 303 and opened.headers["location"] == FORM + "/apply"
                form = client.get(FORM + "/apply")
            assert form.status_code == 200 and "Find your school" not in form.text
            for name, value in SCHOOL_FIELDS.items():
                if value(school):
                    shown = value(school).replace("&", "&amp;").replace("'", "&#39;")
                    assert f'name="{name}"' in form.text and f'value="{shown}"' in form.text, (school.urn, name)
        url = (project / FOLDER / f"{schools[0].urn:06d}" / "link.txt").read_text(encoding="utf-8").strip()
        token = url.rsplit("/", 1)[1]
        with TestClient(app, follow_redirects=False) as client:
            for changed in (token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"), "x" + token, "nothing"):
                refused = client.get(f"{FORM}/apply/invitation/{changed}")
                assert refused.status_code == 400 and "This link is not valid" in refused.text
                assert f'href="{FORM}/apply"' in refused.text and "Find your school" not in refused.text
            elsewhere = client.get(f"/2024-25/SE9/number-sense/apply/invitation/{token}")
            assert elsewhere.status_code in (400, 404)  # another hub's form: never this school's
            clock.now = dt.datetime(2024, 3, 9, 0, 0, tzinfo=dt.UTC)  # after the end of the closing day
            expired = client.get(url)
            assert expired.status_code == 410 and "This link has expired" in expired.text
    finally:
        app.state.web.engine.dispose()


def test_the_summary_lists_every_school_invited_or_not_with_priority(project: Path, invited) -> None:
    schools, _ = invited
    rows = _summary(project)
    assert [r["status"] for r in rows] == ["invited"] * 30 + ["skipped"] * 4
    for school, row in zip(schools, rows, strict=False):
        assert row["school"] == school.name and row["local authority"] == school.la_name
        assert row["priority area"] == ("yes" if school.la_name in ("Sandwell", "Walsall") else "no")
    assert {r["reason"] for r in rows[30:]} >= {"No school has the URN 999999", "'12ab' is not a URN (six digits)"}


def test_area_invites_only_the_eligible_open_schools_of_that_authority(project: Path, tmp_path: Path) -> None:
    result = run_cli(
        "invite", "number-sense", "2024-25", "--hub", "WM9", "--area", "walsall", "--project", str(project),
        "--out", str(tmp_path), "--today", "2024-02-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    walsall = [s for s in _register().values() if s.la_name == "Walsall"]
    expected = sorted(f"{s.urn:06d}" for s in walsall if _open_primary(s))
    assert expected and len(expected) < len(walsall)
    folder = tmp_path / "invitations/2024-25/WM9/number-sense"
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == expected
    rows = list(csv.DictReader(io.StringIO((folder / "invitations.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(r["URN"] for r in rows) == sorted(f"{s.urn:06d}" for s in walsall)  # the others listed, with why
    assert all(r["reason"] for r in rows if r["status"] == "skipped")
    assert all(r["priority area"] == "yes" for r in rows if r["status"] == "invited")
    args = ("invite", "number-sense", "2024-25", "--hub", "WM9", "--area", "Walsal", "--project", str(project))
    misspelt = run_cli(*args)
    assert misspelt.exit_code == 1
    assert "Walsal is not a local authority of the register of schools: did you mean Walsall?" in misspelt.stderr


def test_send_queues_an_invitation_email_the_outbox_sends(project: Path, tmp_path: Path) -> None:
    from packgen.web.db import default_url, make_engine, parse_url
    from packgen.web.outbox import Outbox
    from packgen.web.site import Site

    schools = [s for s in sorted(_register().values(), key=lambda s: s.urn) if _open_primary(s)][:3]
    first, second, third = (s.urn for s in schools)
    rows = ["URN,email", f"{first},head@one.example.org", f"{second},not an address", f"{third},"]
    (tmp_path / "invited.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli(
        "invite", "number-sense", "2024-25", "--hub", "WM9", "--schools", str(tmp_path / "invited.csv"), "--send",
        "--project", str(project), "--out", str(tmp_path / "out"), "--base-url", "https://apply.example.org",
        "--today", "2024-02-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 invitation email waits in the outbox" in result.stdout
    assert f"not emailed {schools[1].urn:06d} {schools[1].name}: 'not an address' is not an address" in result.stderr
    assert f"not emailed {schools[2].urn:06d} {schools[2].name}: the list gives no email address" in result.stderr

    class Recorder:
        sender = "hub@riverside.example.org"

        def __init__(self) -> None:
            self.sent: list = []

        def send(self, message, recipient: str) -> None:
            self.sent.append((message, recipient))

    smtp = Recorder()
    engine = make_engine(parse_url(default_url(project), project))
    try:
        outbox = Outbox(engine, Site(project), smtp, lambda: BEFORE_CLOSING + dt.timedelta(days=1), (), 1.0)
        assert outbox.send_due() == 1
    finally:
        engine.dispose()
    ((message, recipient),) = smtp.sent
    link = (tmp_path / "out" / FOLDER.relative_to("build") / f"{schools[0].urn:06d}" / "link.txt").read_text().strip()
    body = message.get_content()
    assert recipient == "head@one.example.org" and schools[0].name in message["Subject"]
    assert link in body and "https://apply.example.org/2024-25/WM9/number-sense\n" in body
    assert "The closing date is Friday 8th March 2024." in body
