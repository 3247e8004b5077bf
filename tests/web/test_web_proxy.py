"""`packgen serve --forwarded-allow-ips 127.0.0.1` behind Debian's nginx with TLS, both started by
the tests on local ports (issue 21): the session cookie is Secure, HttpOnly and SameSite, HSTS is
sent, and the address nginx saw (127.0.0.2 or 127.0.0.3: two clients on one machine) is the one
the limits count and the audit log keeps, whatever X-Forwarded-For a client sends itself.

nginx runs in the foreground with its configuration, certificate and pid file in a temporary
folder; it is installed by scripts/setup.sh --test."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from conftest import REPO, SAMPLE

from packgen.web import store
from packgen.web.db import make_engine, parse_url
from web.test_web_cli import cli
from web.test_web_workers import start, stop, wait_up
from web.web_helpers import ANSWERS, GOOD, csrf_of, free_port, self_signed, wait_for_server

pytestmark = pytest.mark.servers
FORM = "/2024-25/WM9/number-sense"
PASSWORD = "purple otter lamp"
NGINX_CONF = """\
worker_processes 1;
{user}
events {{ worker_connections 128; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        location / {{
            proxy_pass http://127.0.0.1:{app};
            proxy_set_header Host $host;
            # $remote_addr, not $proxy_add_x_forwarded_for: what a client says of itself is dropped
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@dataclass
class Proxied:
    base: str  # https://127.0.0.1:PORT, nginx
    tls: ssl.SSLContext  # trusts the test's self-signed certificate
    project: Path

    def client(self, address: str, **kwargs: object) -> httpx.Client:
        """A browser on the machine at ``address`` (127.0.0.2, 127.0.0.3: loopback addresses)."""
        transport = httpx.HTTPTransport(local_address=address, verify=self.tls)
        return httpx.Client(base_url=self.base, transport=transport, timeout=30, **kwargs)


def _nginx() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        raise RuntimeError("nginx is not installed: run scripts/setup.sh --test (Debian's nginx package)")
    return found


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    root = tmp_path_factory.mktemp("proxied")
    project = root / "sample"
    shutil.copytree(SAMPLE, project)
    shutil.copytree(REPO / "templates", project / "templates")
    database = f"sqlite:///{project / 'var/applications.sqlite3'}"
    added = cli(
        "users", "add", "wm9@example.org", "--hub", "WM9", "--password-stdin", "--project", str(project),
        "--database", database, input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    app = start(
        project, root / "serve.log", database, "--forwarded-allow-ips", "127.0.0.1", "--submissions-per-hour", "2"
    )
    conf = root / "nginx"
    (conf / "tmp").mkdir(parents=True)
    self_signed(conf)
    port = int(app.base.rsplit(":", 1)[1])
    nginx_port = free_port()
    # As root, nginx's worker would run as nobody, who cannot enter the test's private folder.
    user = "user root;" if os.geteuid() == 0 else ""
    (conf / "nginx.conf").write_text(NGINX_CONF.format(user=user, dir=conf, port=nginx_port, app=port))
    nginx = subprocess.Popen(
        [_nginx(), "-p", str(conf), "-c", str(conf / "nginx.conf"),
         "-g", f"daemon off; pid {conf}/nginx.pid; error_log stderr;"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    tls = ssl.create_default_context(cafile=str(conf / "cert.pem"))
    try:
        wait_up(app)
        base = f"https://127.0.0.1:{nginx_port}"
        if not wait_for_server(base, lambda: nginx.poll() is None, 30, verify=tls):
            nginx.kill()
            raise AssertionError(nginx.communicate()[0].decode())
        yield Proxied(base, tls, project)
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)
        stop(app)


def _sign_in(client: httpx.Client, password: str = PASSWORD) -> httpx.Response:
    page = client.get("/admin/sign-in")
    data = {"_csrf": csrf_of(page.text), "email": "wm9@example.org", "password": password, "next": "/admin"}
    return client.post("/admin/sign-in", data=data)


def test_behind_nginx_the_session_cookie_is_secure_and_hsts_is_sent(proxied: Proxied) -> None:
    with proxied.client("127.0.0.2") as browser:
        start_page = browser.get("/")
        assert start_page.headers["strict-transport-security"] == "max-age=31536000"
        signed = _sign_in(browser)
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"]
        parts = {p.strip().split("=", 1)[0].lower() for p in cookie.split(";")}
        assert {"secure", "httponly", "samesite"} <= parts and "samesite=lax" in cookie.lower(), cookie
        assert browser.get("/admin").status_code == 200


def _send(client: httpx.Client, urn: int) -> int:
    form = client.get(FORM + "/apply")
    check = client.post(FORM + "/apply", data={"_csrf": csrf_of(form.text), **GOOD, "school.urn": str(urn)})
    found = ANSWERS.search(check.text)
    if found is None:
        return check.status_code
    return client.post(
        FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": found.group(1)}
    ).status_code


def test_behind_nginx_the_limits_count_the_address_nginx_saw(proxied: Proxied) -> None:
    # --submissions-per-hour 2: each new browser at 127.0.0.2 counts against that address, even one
    # that names another address itself (nginx replaces X-Forwarded-For).
    sent = []
    for n in range(3):
        with proxied.client("127.0.0.2", headers={"x-forwarded-for": f"10.0.0.{n}"}) as browser:
            sent.append(_send(browser, 600000 + n))
    assert sent == [303, 303, 429]
    with proxied.client("127.0.0.3") as other:
        assert _send(other, 600010) == 303  # another client has its own count


def test_behind_nginx_the_audit_log_keeps_the_address_nginx_saw(proxied: Proxied) -> None:
    with proxied.client("127.0.0.3", headers={"x-forwarded-for": "203.0.113.9"}) as stranger:
        assert _sign_in(stranger, "not the password").status_code == 400
    with proxied.client("127.0.0.2") as staff:
        assert _sign_in(staff).status_code == 303
    engine = make_engine(parse_url(None, proxied.project))
    log = [(a.action, a.address) for a in store.audit_log(engine)]
    engine.dispose()
    assert ("sign-in failed", "127.0.0.3") in log
    assert ("sign-in", "127.0.0.2") in log
    assert not any(address in ("127.0.0.1", "203.0.113.9") for _, address in log)
