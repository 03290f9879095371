"""`ckan satudata demo-data`: the demo portal's content."""

import json

import ckan.model as model
import pytest
from ckan.cli.cli import ckan as ckan_cli

from ckanext.satudata import demo
from tests.conftest import act

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def test_demo_content_is_created_once_and_searchable(cli):
    first = cli.invoke(ckan_cli, ["satudata", "demo-data"])
    assert first.exit_code == 0, first.output
    assert "Satudata2026!" in first.output
    second = cli.invoke(ckan_cli, ["satudata", "demo-data"])
    assert second.exit_code == 0, second.output
    assert "datasets: 0 created" in second.output

    orgs = act("organization_list", None)
    assert set(orgs) == {o["name"] for o in demo.ORGANIZATIONS}
    assert len(orgs) >= 4  # walidata + at least three OPDs
    for name, _, sysadmin, memberships in demo.USERS:
        user = model.User.get(name)
        assert user is not None and bool(user.sysadmin) == sysadmin
        for org, capacity in memberships:
            members = act("member_list", "admin", id=org,
                          object_type="user")
            assert (user.id, "user", capacity.title()) in [
                tuple(m) for m in members]

    public = act("package_search", None, q="penduduk")
    assert "jumlah-penduduk-per-kecamatan-2025" in [
        r["name"] for r in public["results"]]
    everything = act("package_search", None, rows=100,
                     fq="+dataset_type:dataset")
    assert everything["count"] == len(
        [d for d in demo.DATASETS if not d.get("private")])
    assert all(d["num_resources"] >= 1 for d in everything["results"])
    # SDI metadata and statistical activities
    activities = act("package_search", None, fq="+dataset_type:kegiatan")
    assert activities["count"] == len(demo.ACTIVITIES) >= 2
    imunisasi = act("package_show", None,
                    id="cakupan-imunisasi-dasar-lengkap-2025")
    assert imunisasi["kegiatan"] == "survei-kesehatan-daerah-2025"
    report = act("satudata_metadata_completeness", None,
                 id="jumlah-penduduk-per-kecamatan-2025")
    assert report["complete"], report["missing"]
    # the INDAH export of a demo activity carries what the demo entered
    spec = demo.ACTIVITIES[0]
    exported = act("satudata_indah_export", None, id=spec["name"])
    text = json.dumps(exported)
    for key in ("title", "cara_pengumpulan", "sektor", "latar_belakang",
                "sampel_metode", "metode_analisis"):
        assert json.dumps(spec[key]) in text, key
    dataset = act("satudata_indah_export", None,
                  id="jumlah-penduduk-per-kecamatan-2025")
    assert [v["nama_variabel"] for v in dataset["ms_var"]] == [
        "kode_wilayah", "jenis_kelamin", "jumlah"]
    # the unpublished one: its OPD sees it, the public does not
    assert act("package_search", "warga", q="stunting",
               include_private=True)["count"] == 0
    assert act("package_search", "operator_dinkes", q="stunting",
               include_private=True)["count"] == 1
