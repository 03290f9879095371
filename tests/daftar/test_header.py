"""The site header's Daftar Data links: the release calendar for everyone,
the Daftar Data for the walidata, pembina and OPD members, the monitoring
for the walidata and pembina only."""

from __future__ import annotations

import pytest

from tests.daftar.conftest import daftar_on

pytestmark = daftar_on


@pytest.mark.parametrize("who, daftar, monitoring", [
    (None, False, False),
    ("public", False, False),
    ("operator_a", True, False),
    ("verifikator_b", True, False),
    ("pembina", True, True),
    ("walidata", True, True),
])
def test_header_links(app, people, who, daftar, monitoring):
    headers = {"Authorization": people[who]["token"]} if who else {}
    body = app.get("/dataset", headers=headers).body
    assert 'href="/jadwal-rilis"' in body
    assert ('href="/satudata/daftar"' in body) is daftar
    assert ('href="/satudata/monitoring"' in body) is monitoring
