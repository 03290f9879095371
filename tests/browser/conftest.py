"""Real-browser tests: Debian's Chromium driven by Playwright against a
CKAN server started from test.ini on a free local port. The server shares
the test database, so data the test creates through the factories (and
commits) is what the browser sees."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("server") / "ckan.log"
    env = dict(os.environ, CKAN_SITE_URL=url)
    ckan = Path(sys.executable).with_name("ckan")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(ckan), "-c", str(ROOT / "test.ini"), "run", "--host",
             "127.0.0.1", "--port", str(port), "--disable-reloader"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"CKAN server died:\n{log.read_text()}")
            try:
                if requests.get(url + "/api/3/action/status_show",
                                timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError(f"CKAN server did not start:\n"
                               f"{log.read_text()[-3000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM,
                                      args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server,
                                  viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


def login(page, user: dict, password: str = "correct123") -> None:
    page.goto("/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", password)
    with page.expect_navigation():
        page.click("form button.btn-primary[type=submit]")
    assert "/user/login" not in page.url, "login failed"
