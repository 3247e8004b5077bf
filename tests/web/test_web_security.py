"""What the server refuses and what it never shows: CSRF, size, rate, bots, headers, cookies,
escaping, formula injection in exports, and tracebacks or SQL on a page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from packgen.web import store
from web.web_helpers import ANSWERS, FORM, GOOD, apply, csrf_of, post_answers, reference_of, sign_in

one_database = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def test_a_post_without_this_browsers_csrf_token_is_refused(server) -> None:
    client = server.client()
    check = post_answers(client, GOOD)
    token = ANSWERS.search(check.text).group(1)
    for data in ({"_answers": token}, {"_answers": token, "_csrf": "forged"}, {"_answers": token, "_csrf": ""}):
        refused = client.post(FORM + "/apply/submit", data=data)
        assert refused.status_code == 403 and "did not come from this site" in refused.text
    assert client.post(FORM + "/apply", data=GOOD).status_code == 403
    # Another browser's token is not this browser's.
    other = server.client()
    other.get(FORM + "/apply")
    assert other.post(FORM + "/apply/submit", data={"_answers": token, "_csrf": csrf_of(check.text)}).status_code == 403
    assert store.count(server.web.engine) == 0


@one_database
def test_a_request_over_the_size_limit_is_refused_whether_or_not_it_says_its_length(make_server) -> None:
    client = make_server(max_body=10_000).client()
    csrf = csrf_of(client.get(FORM + "/apply").text)
    big = {"_csrf": csrf, **GOOD, "plans.statement": "word " * 5000}
    declared = client.post(FORM + "/apply", data=big)
    assert declared.status_code == 413 and "Too much was sent" in declared.text
    body = "&".join(f"{k}={v}" for k, v in big.items()).encode()
    streamed = client.post(
        FORM + "/apply",
        content=iter([body[i : i + 4096] for i in range(0, len(body), 4096)]),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert streamed.status_code == 413
    assert post_answers(client, GOOD).status_code == 200  # an ordinary form is well under it


def test_one_address_may_send_only_so_many_applications_an_hour(make_server) -> None:
    server = make_server(submissions_per_hour=2)
    client = server.client()
    reference_of(apply(client))
    reference_of(apply(client, {**GOOD, "school.urn": "222222"}))
    third = apply(client, {**GOOD, "school.urn": "333333"})
    assert third.status_code == 429 and int(third.headers["retry-after"]) > 0
    assert "were not sent" in third.text
    assert store.count(server.web.engine) == 2


def test_a_form_with_the_hidden_field_filled_in_is_not_stored(server) -> None:
    client = server.client()
    page = client.get(FORM + "/apply")
    assert 'name="_website"' in page.text and 'tabindex="-1"' in page.text
    bot = client.post(FORM + "/apply", data={"_csrf": csrf_of(page.text), **GOOD, "_website": "http://spam.example"})
    assert bot.status_code == 400 and "Check your answers" not in bot.text
    assert store.count(server.web.engine) == 0


@one_database
def test_every_page_carries_the_security_headers_and_no_inline_script(server) -> None:
    client = server.client()
    reference = reference_of(apply(client))
    responses = {
        "index": client.get("/"),
        "pack": client.get(FORM),
        "form": client.get(FORM + "/apply"),
        "receipt": client.get(f"{FORM}/apply/receipt/{reference}"),
        "pdf": client.get(f"{FORM}/information.pdf"),
        "404": client.get("/nothing/here"),
        "405": client.put(FORM + "/apply"),
        "static": client.get("/static/app.js"),
        "sign-in": client.get("/admin/sign-in"),
        "413": client.post(FORM + "/apply", content=b"x" * (2 * 1024 * 1024)),
    }
    for name, response in responses.items():
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, name
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        assert headers["x-content-type-options"] == "nosniff", name
        assert headers["referrer-policy"] == "same-origin", name
        assert headers["x-frame-options"] == "DENY", name
        assert "server" not in headers, name
        if headers["content-type"].startswith("text/html"):
            assert "script-src 'self'" in csp, name
            assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), f"{name}: inline script"
            assert not re.search(r"\son[a-z]+\s*=", response.text), f"{name}: an event handler attribute"
    assert responses["receipt"].headers["cache-control"] == "no-store"  # personal data: never cached


@one_database
def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(server) -> None:
    plain = server.client().get(FORM + "/apply").headers["set-cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure = server.client(https=True)
    response = secure.get(FORM + "/apply")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "; Secure" in cookie
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_answers_are_escaped_on_every_page_and_defused_in_exports(server) -> None:
    hostile = {
        **GOOD,
        "school.name": '<script>alert("name")</script>',
        "lead_teacher.reception.name": '"><img src=x onerror=alert(1)>',
        "plans.statement": '=HYPERLINK("http://evil.example","click")\n<b>bold</b>',
        "signature.headteacher": "@SUM(1+1)",
    }
    client = server.client()
    check = post_answers(client, hostile)
    receipt_response = apply(client, hostile)
    reference = reference_of(receipt_response)
    receipt = client.get(receipt_response.headers["location"])
    server.add_user("national@example.org", None)
    admin = server.client()
    sign_in(admin, "national@example.org")
    pages = {
        "check": check.text,
        "receipt": receipt.text,
        "admin list": admin.get("/admin").text,
        "admin application": admin.get(f"/admin/applications/{reference}").text,
    }
    for name, page in pages.items():
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page, name
        assert (
            "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in page
            or name == "admin list"
            and "&lt;script&gt;" in page
        ), name
    rows = list(csv.reader(io.StringIO(admin.get("/admin/export.csv").content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[header.index("plans.statement")].startswith("'=HYPERLINK(")
    assert row[header.index("signature.headteacher")] == "'@SUM(1+1)"
    sheet = load_workbook(io.BytesIO(admin.get("/admin/export.xlsx").content)).active
    columns = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=columns.index("plans.statement") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK(")  # text, never a formula


def test_a_database_failure_shows_no_traceback_and_no_sql(server) -> None:
    client = server.client()
    check = post_answers(client, GOOD)
    with server.web.engine.begin() as connection:
        connection.execute(text("DROP TABLE emails"))
        connection.execute(text("DROP TABLE decisions"))  # its rows refer to applications (migration 0009)
        connection.execute(text("DROP TABLE applications"))
    failed = client.post(
        FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": ANSWERS.search(check.text).group(1)}
    )
    assert failed.status_code == 500
    assert "Sorry, there is a problem with the service" in failed.text and "has not been sent" in failed.text
    for leak in ("Traceback", "INSERT", "SELECT", "applications (", "sqlalchemy", "psycopg", "sqlite3", 'File "'):
        assert leak not in failed.text, leak
    assert failed.headers["x-content-type-options"] == "nosniff"  # the error page has the headers too


@one_database
def test_altered_answers_between_check_and_send_are_refused(server) -> None:
    client = server.client()
    check = post_answers(client, GOOD)
    token = ANSWERS.search(check.text).group(1)
    payload, timestamp, signature = token.rsplit(".", 2)  # a compressed payload starts with a dot
    other_payload = "eyJmb3JtIjoiLzIwMjQtMjUvV005L251bWJlci1zZW5zZSJ9"  # {"form":"/2024-25/WM9/number-sense"}, unsigned
    for forged in (
        f"{other_payload}.{timestamp}.{signature}",
        f"{payload}.{timestamp}.{signature[::-1]}",
        "not a token",
    ):
        response = client.post(FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": forged})
        assert response.status_code == 400 and "could not be read" in response.text
    # Answers checked for one hub's form are not accepted by another's.
    response = client.post(
        "/2024-25/SE9/number-sense/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": token}
    )
    assert response.status_code == 400
    assert store.count(server.web.engine) == 0


def test_a_retried_page_never_counts_and_one_browser_is_held_to_fewer_than_one_network(make_server) -> None:
    """Sending the same "check your answers" page again (the README tells people to) returns the
    same application and is not counted: twenty schools behind one trust's network are not locked
    out by each other's retries. One browser alone is held to a stricter limit than its network."""
    server = make_server(submissions_per_hour=3, submissions_per_browser_hour=2)
    school = server.client()
    check = post_answers(school, GOOD)
    token = ANSWERS.search(check.text).group(1)
    sends = [
        school.post(FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": token}) for _ in range(6)
    ]
    assert {reference_of(s) for s in sends} == {reference_of(sends[0])}  # one application, six sends
    assert reference_of(apply(school, {**GOOD, "school.urn": "222222"}))
    third = apply(school, {**GOOD, "school.urn": "333333"})  # this browser's third: over its 2
    assert third.status_code == 429 and "from this browser" in third.text
    neighbour = server.client()  # another school on the same network
    assert reference_of(apply(neighbour, {**GOOD, "school.urn": "444444"}))
    fourth = apply(server.client(), {**GOOD, "school.urn": "555555"})
    assert fourth.status_code == 429 and "from this network" in fourth.text  # the network's 3
    assert store.count(server.web.engine) == 3


def test_a_reference_is_the_hub_and_eight_characters_any_of_the_32_in_each_place() -> None:
    """40 random bits read once, five to a character of store.ALPHABET (no 0/O or 1/I)."""
    references = [store.new_reference("WM9") for _ in range(2000)]
    assert all(re.fullmatch(r"WM9-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", r) for r in references)
    places = [{r.replace("-", "")[3 + i] for r in references} for i in range(8)]
    assert all(len(seen) == 32 for seen in places)  # 2000 draws miss one of 32 with odds under 1 in 10^25
    assert len(set(references)) == 2000
