"""Fixtures of the federation tests: our portal with the workflow, the
federation plugin, ckanext-harvest and ckanext-dcat on (in the test
process and as a live server), and a second CKAN standing for the national
catalogue (:mod:`tests.federation.remote`)."""

from __future__ import annotations

import os
from typing import Any

import pytest
import requests
from ckan.tests import factories

from tests import factories as sd_factories
from tests.browser import conftest as browser

from .remote import PROFILES, RemoteCkan, redis_settings

#: the live server's plugins (workflow, requests) plus the federation's;
#: satudata_federation next to the other satudata plugins, before
#: activity (whose header template drops the links of later ones)
PLUGINS = (browser.PLUGINS.replace(
    "satudata_requests", "satudata_requests satudata_federation")
    + " harvest ckan_harvester dcat_rdf_harvester dcat dcat_json_interface")

#: settings of our portal in these tests (test process and live server)
SETTINGS = {
    "ckan.plugins": PLUGINS,
    "ckanext.dcat.rdf.profiles": PROFILES,
    **redis_settings(os.environ.get("CKAN_REDIS_URL",
                                    "redis://127.0.0.1:6379/2")),
}

#: the marks of a test with the federation on
federation_on = [
    *[pytest.mark.ckan_config(key, value) for key, value in SETTINGS.items()],
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]


@pytest.fixture
def actors():
    """An OPD (operator, verifikator), the walidata (staff, head) and a
    sysadmin."""
    made = sd_factories.opd("dinas-kesehatan", "Dinas Kesehatan")
    walidata = sd_factories.walidata()
    return {"org": made["org"], "operator": made["operator"],
            "verifikator": made["verifikator"],
            "walidata": walidata["staff"], "walidata_head": walidata["head"],
            "walidata_org": walidata["org"],
            "sysadmin": factories.SysadminWithToken()}


@pytest.fixture(scope="session")
def national(tmp_path_factory):
    """The second CKAN, started once per session on a fresh database."""
    remote = RemoteCkan(tmp_path_factory.mktemp("national"))
    remote.fresh_database()
    remote.add_sysadmin()
    remote.start()
    try:
        yield remote
    finally:
        remote.stop()


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    """Our portal as a live server (``ckan run``) with the federation on;
    the value is its base URL."""
    directory = tmp_path_factory.mktemp("portal")
    ini = browser.write_server_ini(directory, **SETTINGS)
    server = browser.start_server(ini, directory / "ckan.log")
    try:
        yield server
    finally:
        server.stop()


def get(url: str, **params: Any) -> requests.Response:
    return requests.get(url, params=params, timeout=60)
