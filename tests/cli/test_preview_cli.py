"""`packgen preview` as a real process: it prints its address, serves the pack there on
127.0.0.1, stops on Ctrl+C with a page still listening, and refuses a hub the project lacks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
from web.web_helpers import wait_for

PACKGEN = [str(Path(sys.executable).parent / "packgen")]


def test_preview_prints_its_address_serves_the_pack_and_stops_on_ctrl_c(sample: Path) -> None:
    process = subprocess.Popen(
        PACKGEN + ["preview", "--project", str(sample), "--hub", "wm9", "--port", "0", "--today", "2024-03-01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("Previewing WM9's number-sense 2024-25 at http://127.0.0.1:"), line
        address = line.split(" at ")[1].split()[0]
        response = httpx.get(address, follow_redirects=True, timeout=30)
        assert response.status_code == 200
        assert str(response.url).endswith(
            "/?hub=WM9&programme=number-sense&year=2024-25&document=information&format=html"
        )
        assert "Riverside Maths Hub has 12 places this year." in response.text
        assert httpx.get(address, headers={"host": "evil.example"}, timeout=10).status_code == 400

        seen = re.search(r'<meta name="packgen-preview" content="([0-9a-f]+)"', response.text).group(1)
        heard: list[str] = []
        listening = threading.Thread(
            target=_listen, args=(f"{address}events?{response.url.query.decode()}&seen={seen}", heard), daemon=True
        )
        listening.start()
        wait_for(lambda: heard, what="the page's event stream to open")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
        assert process.stderr.read() == ""
        assert heard == ["retry: 1000\n\n"]  # the page was still listening: no reload was sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _listen(url: str, heard: list[str]) -> None:
    try:
        with httpx.stream("GET", url, timeout=30) as response:
            for text in response.iter_text():
                heard.append(text)
    except httpx.HTTPError:
        pass


def test_preview_refuses_a_hub_the_project_does_not_have(sample: Path) -> None:
    result = subprocess.run(
        PACKGEN + ["preview", "--project", str(sample), "--hub", "WM7", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "command line: error: unknown hub 'WM7'; known: SE9, WM9 [hub.unknown]\n1 error.\n"
