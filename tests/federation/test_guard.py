"""Bad input on ckanext-dcat's endpoints (the catalogue in every
serialisation, the DCAT-JSON list, a dataset's RDF) answers 400 with a
translated message, never 500, while the federation plugin is on; good
input still works, and other endpoints are left alone.

Without the guard (ckanext-dcat 2.4.4 on our search backend): an unknown
format, ``page`` beyond what the search can skip, a date ``dateutil``
cannot hold, any ``modified_since`` with a time zone, and a ``q`` or
``fq`` the search refuses all end in a server error; ``page=abc``, ``0``,
``-1`` and an unparseable date in a 409."""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlencode

import pytest

from tests.conftest import act
from tests.workflow import conftest as workflow
from tests.workflow.conftest import (
    PLUGINS,
    advance,
    new_draft,
    workflow_on,
)

#: the ``people`` fixture of the workflow tests
people = workflow.people

pytestmark = [
    pytest.mark.ckan_config(
        "ckan.plugins",
        f"{PLUGINS} satudata_federation dcat dcat_json_interface"),
    *workflow_on[1:],
]

CATALOGUES = [f"/catalog.{fmt}" for fmt in ("rdf", "xml", "ttl", "n3",
                                            "jsonld")]
#: the endpoints that read page and modified_since
PAGED = [*CATALOGUES, "/dcat.json"]
PAGE_MESSAGE = "page must be a whole number from 1 to 1000000"


@pytest.fixture
def world(people):
    """A published dataset and a draft of OPD A."""
    published = new_draft(people, name="data-terbit",
                          title="Data Terbit Umum")
    advance(people, published, "published")
    new_draft(people, name="data-draf", title="Data Draf Rahasia")
    return people


def body(response) -> str:
    return html.unescape(response.get_data(as_text=True))


class Walk:
    """Collects what went wrong over many URLs; fails once with all."""

    def __init__(self, app) -> None:
        self.app = app
        self.findings: list[str] = []

    def get(self, url: str, status: int, shows: tuple[str, ...] = (),
            hides: tuple[str, ...] = ()) -> None:
        response = self.app.get(url)
        text = body(response)
        if response.status_code != status:
            self.findings.append(f"{url}: status {response.status_code}")
        self.findings += [f"{url}: missing {w!r}" for w in shows
                          if w not in text]
        self.findings += [f"{url}: shows {w!r}" for w in hides if w in text]

    def done(self) -> None:
        assert not self.findings, "\n".join(self.findings)


#: bad page or date: (query, what the message says)
BAD_PAGE_OR_DATE = [
    ("page=abc", PAGE_MESSAGE),
    ("page=0", PAGE_MESSAGE),
    ("page=-1", PAGE_MESSAGE),
    ("page=1.5", PAGE_MESSAGE),
    ("page=1000001", PAGE_MESSAGE),
    ("page=99999999999999999999", PAGE_MESSAGE),
    ("modified_since=notadate", "modified_since: Not a date: notadate"),
    ("modified_since=2026-13-01", "Not a date: 2026-13-01"),
    ("modified_since=99999999999999999999", "Not a date: 9999999999"),
    ("page=2&modified_since=kemarin", "Not a date: kemarin"),
]
#: bad q or fq (the catalogue only)
BAD_QUERY = [
    ("q=%22unbalanced", "q: A quotation mark is not closed"),
    ("q=a:[1", "q: A range is not closed"),
    ("fq=(organization:opd-a", "fq: A parenthesis is not matched"),
    ("fq=metadata_modified:[kemarin TO *]", "fq: Not a date: kemarin"),
    ("fq=tags:", "fq: The field tags has no value"),
]
#: good values that list the published dataset
GOOD = [
    "", "page=", "page=1", "page=%201", "modified_since=",
    "modified_since=2000-01-01", "modified_since=2000-01-01T00:00:00",
    "modified_since=2000-01-01T00:00:00Z",
    "modified_since=2000-01-01T07:00:00%2B07:00",
    "modified_since=2000-01-01T00:00:00.123456Z",
]
#: good values past the data: nothing listed
PAST = [
    "page=2", "page=1000000", "modified_since=2999-01-01",
    "modified_since=2999-01-01T00:00:00Z",
    "modified_since=2999-01-01T00:00:00-05:00",
]
PUBLISHED, DRAFT = "Data Terbit Umum", "Data Draf Rahasia"


@pytest.mark.parametrize("url", PAGED)
def test_bad_page_or_date_is_400(app, world, url):
    walk = Walk(app)
    bad = BAD_PAGE_OR_DATE + (BAD_QUERY if url in CATALOGUES else [])
    for query, message in bad:
        walk.get(f"{url}?{query}", 400,
                 shows=("Invalid search parameters: ", message),
                 hides=("Traceback", PUBLISHED))
    walk.done()


@pytest.mark.parametrize("url", PAGED)
def test_good_values_still_work(app, world, url):
    walk = Walk(app)
    for query in GOOD:
        walk.get(f"{url}?{query}", 200, shows=(PUBLISHED,), hides=(DRAFT,))
    for query in PAST:
        walk.get(f"{url}?{query}", 200, hides=(PUBLISHED, DRAFT))
    walk.done()


def test_unknown_format_is_400(app, world):
    walk = Walk(app)
    for url in ("/catalog.xyz", "/dataset/data-terbit.xyz",
                "/dataset/data-terbit.html", "/dataset/data-draf.xyz"):
        walk.get(url, 400, shows=("Unknown format",),
                 hides=(PUBLISHED, DRAFT))
    walk.done()


def test_a_zoned_date_counts_in_utc(app, world):
    """``modified_since`` with a time zone is the same moment in UTC: a
    minute before the change (written in UTC+7) lists the dataset, a
    minute after it (written in UTC-5) does not."""
    modified = dt.datetime.fromisoformat(act(
        "package_show", None, id="data-terbit")["metadata_modified"]
    ).replace(tzinfo=dt.timezone.utc)
    before = (modified - dt.timedelta(minutes=1)).astimezone(
        dt.timezone(dt.timedelta(hours=7)))
    after = (modified + dt.timedelta(minutes=1)).astimezone(
        dt.timezone(dt.timedelta(hours=-5)))
    walk = Walk(app)
    for url in ("/catalog.ttl", "/dcat.json"):
        walk.get(f"{url}?{urlencode({'modified_since': before.isoformat()})}",
                 200, shows=(PUBLISHED,))
        walk.get(f"{url}?{urlencode({'modified_since': after.isoformat()})}",
                 200, hides=(PUBLISHED,))
    walk.done()


@pytest.mark.parametrize("url", ["/dataset/data-terbit.ttl",
                                 "/dataset/data-terbit.jsonld",
                                 "/catalog.ttl?q=terbit",
                                 "/catalog.ttl?fq=organization:opd-a"])
def test_good_requests_still_work(app, world, url):
    response = app.get(url)
    assert response.status_code == 200
    assert "Data Terbit Umum" in body(response)


def test_unpublished_dataset_still_not_found(app, world):
    assert app.get("/dataset/data-draf.ttl").status_code == 404
    assert app.get("/dataset/tidak-ada.ttl").status_code == 404


def test_other_endpoints_are_left_alone(app, world):
    response = app.get("/api/3/action/status_show?page=abc"
                       "&modified_since=notadate")
    assert response.status_code == 200
    response = app.get("/api/3/action/package_search?q=%22unbalanced")
    assert response.status_code == 400  # CKAN's own answer, as before
    assert response.json["error"]["__type"] == "Search Query Error"


def test_message_in_indonesian(app, world):
    response = app.get("/id/catalog.ttl?modified_since=notadate")
    assert response.status_code == 400
    assert "Parameter pencarian tidak valid: modified_since: " in body(
        response)
    assert "Bukan tanggal: notadate" in body(response)
