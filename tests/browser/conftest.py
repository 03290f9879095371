"""Real-browser tests: Debian's Chromium driven by Playwright against a
CKAN server on a free local port. The server shares the test database, so
data the test creates through the factories (and commits) is what the
browser sees.

The server runs from a small ini generated in a tmp dir, which inherits
test.ini (``use = config:...``) and switches the verification workflow and
the data requests on (``satudata_workflow``, ``satudata_requests``) and a
threaded dev server (parallel requests are really parallel). Every test of
this package runs with the same plugins in the test process too
(``pytest_collection_modifyitems`` below), so that ``clean_db`` creates the
tables the server needs.

The server inherits the test process's environment, so the database and
Redis of ``CKAN_SQLALCHEMY_URL`` / ``CKAN_REDIS_URL``: the background jobs
it queues (e-mails) can be run by the test process (``tests.mail.deliver``),
whose ``mailbox`` fixture catches what they send."""

from __future__ import annotations

import configparser
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.mail import mailbox  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TEST_INI = ROOT / "test.ini"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _test_ini_plugins() -> list[str]:
    parser = configparser.RawConfigParser()
    parser.read(TEST_INI)
    return parser.get("app:main", "ckan.plugins").split()


#: the plugins the live server adds to test.ini's
EXTRA_PLUGINS = ["satudata_workflow", "satudata_requests",
                 "satudata_daftar"]


def _with_workflow(plugins: list[str]) -> list[str]:
    """``plugins`` with satudata_workflow and satudata_requests after the
    satudata plugins: they must come before scheming_datasets, or
    scheming's own scheming/package/read.html (a plain ``extends``) hides
    their overrides of it (the workflow panel, the link to report a
    problem)."""
    plugins = [name for name in plugins if name not in EXTRA_PLUGINS]
    ours = [i for i, name in enumerate(plugins)
            if name.startswith("satudata")]
    at = ours[-1] + 1 if ours else 0
    return plugins[:at] + EXTRA_PLUGINS + plugins[at:]


#: test.ini's plugins plus the verification workflow and the data
#: requests: what the live server runs, and what every test of this
#: package runs with
PLUGINS = " ".join(_with_workflow(_test_ini_plugins()))

#: settings the live server's ini adds to test.ini
SERVER_SETTINGS = {
    "ckan.plugins": PLUGINS,
    "ckan.devserver.threaded": "true",
}

#: the marks that give a test the live server's plugins (added to every
#: test of this package; other modules may reuse them)
workflow_on = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]


def pytest_collection_modifyitems(items):
    """The test process loads the plugins of the live server, for the
    browser tests only."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(workflow_on[0])


class LiveServer(str):
    """The base URL of a live server (a ``str``), with its ``ini``, its
    ``log`` (a Path: what the server printed, tracebacks included) and
    ``stop()``."""

    ini: Path
    log: Path
    proc: subprocess.Popen

    def __new__(cls, url: str, ini: Path, log: Path) -> LiveServer:
        made = super().__new__(cls, url)
        made.ini = ini
        made.log = log
        return made

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def write_server_ini(directory: Path, **extra: str) -> Path:
    """An ini in ``directory`` that inherits test.ini and adds
    SERVER_SETTINGS (and ``extra``)."""
    settings = dict(SERVER_SETTINGS, **extra)
    lines = ["[app:main]", f"use = config:{TEST_INI}"]
    lines += [f"{key} = {value}" for key, value in settings.items()]
    ini = directory / "live-server.ini"
    ini.write_text("\n".join(lines) + "\n")
    return ini


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(ini: Path, log: Path) -> LiveServer:
    """``ckan run`` with ``ini`` on a free port, once it answers; it
    shares the test process's database and Redis (its environment)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, CKAN_SITE_URL=url)
    ckan = Path(sys.executable).with_name("ckan")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(ckan), "-c", str(ini), "run", "--host", "127.0.0.1",
             "--port", str(port), "--disable-reloader"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    server = LiveServer(url, ini, log)
    server.proc = proc
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"CKAN server died:\n{server.log_tail()}")
            try:
                if requests.get(url + "/api/3/action/status_show",
                                timeout=2).ok:
                    return server
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"CKAN server did not start:\n"
                           f"{server.log_tail()}")
    except Exception:
        server.stop()
        raise


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A CKAN server (``ckan run``) with the workflow and the data
    requests on; the value is its base URL, a :class:`LiveServer`."""
    directory = tmp_path_factory.mktemp("server")
    server = start_server(write_server_ini(directory),
                          directory / "ckan.log")
    try:
        status = requests.get(server + "/api/3/action/status_show",
                              timeout=10).json()["result"]
        for plugin in EXTRA_PLUGINS:
            assert plugin in status["extensions"], status
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM,
                                      args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _context(browser, live_server):
    return browser.new_context(base_url=live_server,
                               viewport={"width": 1280, "height": 1000})


@pytest.fixture
def page(browser, live_server):
    context = _context(browser, live_server)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a tab in a browser context of its own (its own cookies: one
    per user), closed at the end of the test: ``new_page()``."""
    contexts = []

    def open_page():
        contexts.append(_context(browser, live_server))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


def login(page, user: dict, password: str = "correct123") -> None:
    page.goto("/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", password)
    with page.expect_navigation():
        page.click("form button.btn-primary[type=submit]")
    assert "/user/login" not in page.url, "login failed"


def open_dataset_form(page, path: str = "/dataset/new") -> None:
    """Open the dataset form and wait until CKAN's JavaScript modules are
    up: they start after the page's ``load`` event (CKAN fetches its
    translations first), and a title typed before the slug preview exists
    leaves the URL name empty."""
    page.goto(path)
    page.wait_for_selector(".slug-preview")


def fill_title(page, title: str) -> None:
    """Type the title and wait for the slug preview to fill the URL name
    from it."""
    page.fill("#field-title", title)
    page.wait_for_function(
        "() => document.querySelector('#field-name').value !== ''")


def workflow_state(page) -> str:
    """The state the dataset page's workflow panel shows."""
    return page.get_attribute("section.satudata-workflow", "data-state")


def messages(page) -> str:
    """Flash messages and form errors, to explain a failure."""
    found = page.locator(".flash-messages, .error-explanation, "
                         ".satudata-blockers")
    return " | ".join(found.all_inner_texts()) or page.url


def click_and_load(page, button: str, live_server) -> None:
    """Click a submit button; the page reloads without an error."""
    with page.expect_navigation():
        page.click(button)
    assert page.locator(".alert-danger, .alert-error").count() == 0, (
        messages(page))
    assert "Internal Server Error" not in page.content(), (
        live_server.log_tail())
