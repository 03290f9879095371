"""Fixtures of the Daftar Data tests: the plugins on (with the workflow
and the request module), the people of every role (two OPDs, walidata,
pembina), and helpers to make entries and deliver datasets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import act
from tests.mail import mailbox  # noqa: F401 (a fixture)
from tests.workflow.conftest import (  # noqa: F401 (fixtures)
    _plugins_only_when_asked,
    advance,
    new_draft,
    people,
    with_plugins,
)

PLUGINS = ("satudata satudata_search satudata_workflow satudata_requests "
           "satudata_daftar scheming_datasets scheming_organizations "
           "scheming_groups activity")

daftar_on = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckanext.satudata.pembina_organizations", "bps"),
    pytest.mark.ckan_config("ckanext.satudata.daftar.lag_days", "10"),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]

#: an entry of OPD A (the 19 attributes that matter)
ENTRY = {
    "nama_data": "Jumlah penduduk miskin",
    "jenis_data": "statistik",
    "produsen_data": "opd-a",
    "klasifikasi_risiko": "terbuka",
    "jadwal_pemutakhiran": "TAHUNAN",
    "definisi": "Penduduk dengan pengeluaran di bawah garis kemiskinan.",
    "satuan": "Jiwa",
}


def workbook_row(**values: Any) -> dict[str, Any]:
    """A row of the Daftar Data workbook: the 19 field keys (empty ones
    None), codes for coded values; an entry of OPD A unless ``values``
    say otherwise."""
    from ckanext.satudata.daftar import xlsx

    out: dict[str, Any] = dict.fromkeys(xlsx.KEYS)
    out.update(nama_data="Jumlah puskesmas", jenis_data="statistik",
               produsen_data="opd-a", klasifikasi_risiko="terbuka",
               jadwal_pemutakhiran="TAHUNAN")
    out.update(values)
    return out


def new_entry(cast: dict, year: int = 2026, **fields: Any
              ) -> dict[str, Any]:
    """An entry made by the walidata (``cast``: the ``people``)."""
    data = dict(ENTRY, year=year)
    data.update(fields)
    return act("satudata_daftar_entry_create", cast["walidata"], **data)


def deliver(cast: dict, entry: dict, name: str, period: str | None,
            org: str = "a", **fields: Any) -> dict[str, Any]:
    """A dataset of the entry's OPD published through the workflow and
    linked to the entry for ``period``."""
    pkg = new_draft(cast, name=name, org=org, **fields)
    advance(cast, pkg, "published", org=org)
    act("satudata_daftar_entry_link", cast[f"operator_{org}"],
        id=entry["id"], package_id=pkg["id"], period=period)
    return pkg
