"""Shared fixtures. CKAN's pytest plugin (``--ckan-ini=test.ini``) provides
``app``, ``clean_db``, ``with_plugins`` and the factories."""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import re
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import factories

from tests import factories as sd_factories


def _worker_services() -> None:
    """Under pytest-xdist (``make test`` runs ``-n 2``), each worker gets
    its own database (``<CKAN_SQLALCHEMY_URL>_gw0``, made by
    ``scripts/setup.sh test``; its federation tests' national catalogue is
    ``..._gw0_national``) and its own Redis databases (10 + 2n for the
    portal, 11 + 2n for the national catalogue), set here before CKAN's
    pytest plugin reads the environment (at session start)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not worker.startswith("gw"):
        return
    number = int(worker[2:])
    database = os.environ.get(
        "CKAN_SQLALCHEMY_URL",
        "postgresql://satudata:satudata@127.0.0.1:5432/satudata_test")
    os.environ["CKAN_SQLALCHEMY_URL"] = f"{database}_{worker}"
    redis = urlsplit(os.environ.get("CKAN_REDIS_URL",
                                    "redis://127.0.0.1:6379/2"))
    os.environ["CKAN_REDIS_URL"] = urlunsplit(
        redis._replace(path=f"/{10 + 2 * number}"))
    os.environ["SATUDATA_NATIONAL_REDIS_DB"] = str(11 + 2 * number)


_worker_services()

#: plugins of test.ini that have their own migrations
MIGRATED_PLUGINS = ("activity", "satudata_search", "satudata_workflow",
                    "satudata_requests", "satudata_daftar", "harvest")

#: the revision each plugin's migrations reached in this session
_migrated: dict[str, str | None] = {}


def empty_audit_trail() -> None:
    """The workflow's audit trail refuses DELETE (it is append-only), which
    is how CKAN's reset_db empties tables; TRUNCATE is allowed."""
    found = model.Session.execute(sa.text(
        "SELECT to_regclass('satudata_workflow_event')")).scalar()
    if found:
        model.Session.execute(sa.text("TRUNCATE satudata_workflow_event"))
    model.Session.commit()


def _revision(plugin: str) -> str | None:
    """The migration revision the database records for ``plugin``."""
    table = f"{plugin}_alembic_version"
    if not model.Session.execute(sa.text("SELECT to_regclass(:t)"),
                                 {"t": table}).scalar():
        return None
    return model.Session.execute(sa.text(
        f'SELECT version_num FROM "{table}"')).scalar()


def table_exists(table: str) -> bool:
    """Whether the database has ``table`` (a fresh session: after a
    migration)."""
    model.Session.remove()
    return bool(model.Session.execute(sa.text(
        "SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar())


def index_names(prefix: str) -> set[str]:
    """The indexes of the tables whose names start with ``prefix``."""
    model.Session.remove()
    return set(model.Session.scalars(sa.text(
        "SELECT indexname FROM pg_indexes WHERE tablename LIKE :p"),
        {"p": prefix + "%"}))


def migrate(migrate_db_for: Callable[[str], None], plugin: str) -> None:
    """``migrate_db_for(plugin)``, skipped when the database still records
    the head this session's first migration of ``plugin`` reached: reset_db
    only deletes rows (the tables and their version stay), so running
    alembic again (~0.07 s a plugin) would change nothing. A dropped table
    (CKAN's first reset of a session) or a downgrade by a migration test
    changes the recorded revision, and the migrations run again."""
    if plugin in _migrated and _migrated[plugin] is not None and (
            _revision(plugin) == _migrated[plugin]):
        return
    with loggers_kept():
        migrate_db_for(plugin)
    _migrated[plugin] = _revision(plugin)
    model.Session.remove()


@contextlib.contextmanager
def loggers_kept() -> Iterator[None]:
    """Some plugins' alembic environments (ckanext-harvest's, activity's)
    call ``logging.config.fileConfig``, which disables every logger that
    exists: later tests reading log records (``caplog``) would find
    nothing. The loggers enabled before stay enabled."""
    enabled = [found for found in logging.root.manager.loggerDict.values()
               if isinstance(found, logging.Logger) and not found.disabled]
    try:
        yield
    finally:
        for found in enabled:
            found.disabled = False


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the tables of the plugins' own migrations."""
    empty_audit_trail()
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        if p.plugin_loaded(plugin):
            migrate(migrate_db_for, plugin)


# -- plugins kept loaded across a module's tests ----------------------------

class _Kept:
    """The plugins loaded by the last test: the config they were loaded
    from (``key``) and the config their loading produced."""

    key: str | None = None
    config: dict[str, Any] = {}
    names: list[str] = []

    @classmethod
    def matches(cls, key: str) -> bool:
        return key == cls.key and all(p.plugin_loaded(n) for n in cls.names)


def _config_key() -> str:
    return repr(sorted((k, repr(v)) for k, v in tk.config.items()))


@pytest.fixture(scope="module")
def kept_plugins():
    """Unloads, at the end of the module, the plugins ``plugins_kept`` kept
    loaded."""
    yield _Kept
    if _Kept.key is not None:
        _Kept.key = None
        p.unload_all()


@pytest.fixture
def plugins_kept(ckan_config, kept_plugins, request):
    """What CKAN's ``with_plugins`` gives (the plugins of ``ckan.plugins``
    loaded, after the test's config marks), without loading them again for
    each test: loading runs every plugin's ``update_config`` twice, and
    unloading once more (~0.5 s a test).

    The plugins stay loaded after a test. The next test of the module
    whose config (test.ini's, as CKAN's pytest plugin restores it before
    each test, with the test's own marks) is the same as the one they
    were loaded from gets the config their loading produced back instead
    (what loading again would make of the same config); any other config
    loads them again, as ``with_plugins`` does. The module's end, or a
    test of it that does not ask for the plugins, unloads them.
    A test that runs a CLI command (``cli``: CKAN loads test.ini's plugins
    for it) has them loaded again by the next test. ``with_plugins`` marks
    with names are not supported here."""
    assert not any(m.args for m in request.node.iter_markers(
        "with_plugins")), "use CKAN's with_plugins for with_plugins(names)"
    key = _config_key()
    if kept_plugins.matches(key):
        ckan_config.clear()
        ckan_config.update(copy.deepcopy(kept_plugins.config))
    else:
        kept_plugins.key = None
        p.load_all()
        kept_plugins.key = key
        kept_plugins.config = copy.deepcopy(dict(ckan_config))
        kept_plugins.names = tk.aslist(ckan_config["ckan.plugins"])
    yield
    if "cli" in request.fixturenames:
        kept_plugins.key = None


@pytest.fixture
def no_kept_plugins(request, kept_plugins):
    """A test that does not ask for the plugins runs without those a
    previous test of its module kept loaded (as with ``with_plugins``)."""
    if "with_plugins" not in request.fixturenames and (
            kept_plugins.key is not None):
        kept_plugins.key = None
        p.unload_all()


# -- snapshots of the database ------------------------------------------------

Rows = dict[str, list[dict[str, Any]]]


def _tables() -> list[sa.Table]:
    """CKAN's tables and the plugins' (one metadata), parents first, that
    exist in the database; not the migration versions (reset_db keeps
    them, and so does a snapshot)."""
    found = set(model.Session.scalars(sa.text(
        "SELECT tablename FROM pg_tables "
        "WHERE schemaname = current_schema()")))
    return [t for t in model.repo.metadata.sorted_tables
            if t.name in found and not t.name.endswith("alembic_version")]


def take_rows() -> Rows:
    """Every row of every table. Fails if a table has a column that the
    models do not declare (it could not be written back)."""
    tables = _tables()
    columns: dict[str, set[str]] = {}
    for table, column in model.Session.execute(sa.text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()")):
        columns.setdefault(table, set()).add(column)
    rows: Rows = {}
    for table in tables:
        extra = columns.get(table.name, set()) - set(table.columns.keys())
        assert not extra, f"{table.name}: undeclared columns {extra}"
        found = model.Session.execute(sa.select(table)).mappings().all()
        if found:
            rows[table.name] = [dict(r) for r in found]
    model.Session.remove()
    return rows


def restore_rows(rows: Rows) -> None:
    """Empty every table (as reset_db does) and write ``rows`` back."""
    empty_audit_trail()
    model.repo.delete_all()
    connection = model.Session.connection()
    for table in _tables():
        if table.name in rows:
            connection.execute(table.insert(), rows[table.name])
    model.Session.commit()
    model.Session.remove()


class Snapshots:
    """What a module built once, with the database as it left it."""

    def __init__(self) -> None:
        self._saved: dict[tuple[str, str], tuple[Rows, Any]] = {}

    def built(self, name: str, build: Callable[[], Any]) -> Any:
        """``build()``'s value; the first call builds it and takes the rows
        of the database, the next ones write the rows back instead of
        building again. Only for what its tests read, never for a value
        whose rows depend on a test's own config marks or clock. Each call
        returns a copy, so a test that changes the value changes nothing
        for the next ones."""
        key = (name, str(tk.config.get("ckan.plugins")))
        if key in self._saved:
            rows, value = self._saved[key]
            restore_rows(rows)
        else:
            value = build()
            self._saved[key] = (take_rows(), value)
        return copy.deepcopy(value)


@pytest.fixture(scope="module")
def db_snapshots() -> Snapshots:
    """The snapshots of one test module (see ``Snapshots.built``)."""
    return Snapshots()


def act(action: str, user: str | dict | None = None, **data: Any) -> Any:
    """Call an action as a real user (auth checked); ``None`` is anonymous."""
    if isinstance(user, dict):
        user = user["name"]
    return tk.get_action(action)({"user": user or ""}, data)


_CSRF_TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf(app: Any, url: str = "/permintaan-data/lacak") -> str:
    """The CSRF token of the test client's session, from a page with a
    form (the default needs satudata_requests)."""
    res = app.get(url)
    found = _CSRF_TOKEN.search(res.body)
    assert found, res.body[:2000]
    return found.group(1)


def as_user(app: Any, user: dict[str, Any] | None) -> Any:
    """The test client with fresh cookies, logged in as ``user`` through
    the login form (a session cookie, as a browser: CSRF applies), or
    anonymous."""
    app.set_session_user(None)
    if user is not None:
        res = app.post("/user/login", data={
            "login": user["name"], "password": "correct123",
            "_csrf_token": csrf(app, "/user/login")})
        assert res.request.path != "/user/login", "login failed"
    return app


def two_opds() -> dict[str, Any]:
    """Two OPDs (A and B), each with an operator (editor) and a verifikator
    (admin), and a plain registered user."""
    a = sd_factories.opd("opd-a", "OPD A")
    b = sd_factories.opd("opd-b", "OPD B")
    return {
        "org_a": a["org"], "operator_a": a["operator"],
        "verifikator_a": a["verifikator"],
        "org_b": b["org"], "operator_b": b["operator"],
        "verifikator_b": b["verifikator"],
        "public": factories.UserWithToken(),
    }


@pytest.fixture
def opd():
    """Two OPDs (A and B), each with an operator (editor) and a verifikator
    (admin), and a plain registered user."""
    return two_opds()
