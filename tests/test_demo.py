"""`ckan satudata demo-data`: the demo portal's content, without and with
the verification workflow."""

import datetime as dt
import json

import ckan.model as model
import pytest
from ckan.cli.cli import ckan as ckan_cli

from ckanext.satudata import demo
from ckanext.satudata.daftar import delivery
from ckanext.satudata.daftar.demo import berita_acara_pdf
from tests.conftest import act
from tests.requests.conftest import PLUGINS

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
    # without the workflow: public, or private where marked
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


def _states() -> dict[str, str]:
    """Workflow state of every demo dataset and activity, by name."""
    return {spec["name"]: act("satudata_workflow_show", "admin",
                              id=spec["name"])["state"]
            for spec in demo.ACTIVITIES + demo.DATASETS}


def _events() -> dict[str, int]:
    return {spec["name"]: len(act("satudata_workflow_show", "admin",
                                  id=spec["name"])["history"])
            for spec in demo.ACTIVITIES + demo.DATASETS}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS + " satudata_daftar")
@pytest.mark.ckan_config("ckanext.satudata.pembina_organizations", "bps")
@pytest.mark.usefixtures("with_extended_cli")
def test_demo_goes_through_the_workflow(cli, freezer):
    # mid-year, so that the Daftar Data has releases due already
    freezer.move_to("2026-09-15T03:00:00Z")
    first = cli.invoke(ckan_cli, ["satudata", "demo-data"])
    assert first.exit_code == 0, first.output
    assert "warning" not in first.output, first.output
    assert "pembina_bps" in first.output
    events = _events()
    second = cli.invoke(ckan_cli, ["satudata", "demo-data"])
    assert second.exit_code == 0, second.output
    assert "datasets: 0 created" in second.output
    assert "activities: 0 created" in second.output
    assert "warning" not in second.output, second.output
    assert _events() == events  # a dataset past a step is left alone
    for state in ("published", "verified", "submitted", "draft"):
        assert f"  {state}: " in second.output
    assert "seed an empty database" not in second.output

    # every state, as the demo specs say
    states = _states()
    for spec in demo.ACTIVITIES:
        assert states[spec["name"]] == "published"
    wanted = {spec["name"]: spec.get("workflow", "published")
              for spec in demo.DATASETS}
    for name, path in wanted.items():
        expected = {"returned": "draft", "rejected": "draft"}.get(path, path)
        assert states[name] == expected, name
    paths = set(wanted.values())
    assert paths == set(demo.PATHS)  # every state and both ways back
    assert list(wanted.values()).count("published") >= 3

    # each role sees tasks at once
    tasks = {user: act("satudata_task_list", user)["items"] for user in (
        "operator_dinkes", "verifikator_dinkes", "verifikator_disdik",
        "operator_disdik", "operator_disdukcapil", "walidata")}
    assert all(tasks.values()), tasks
    assert "verify" in {t["task"] for t in tasks["verifikator_dinkes"]}
    assert "verify" in {t["task"] for t in tasks["verifikator_disdik"]}
    assert "publish" in {t["task"] for t in tasks["walidata"]}
    assert "fix" in {t["task"] for t in tasks["operator_dinkes"]}
    assert "fix" in {t["task"] for t in tasks["operator_disdukcapil"]}

    # the register: a revision in progress (the copy edited), a withdrawal
    # request waiting; the public still sees the published version
    register = act("satudata_change_request_list", "walidata")["items"]
    assert {(r["kind"], r["status"]) for r in register} == {
        ("revision", "in_progress"), ("withdrawal", "received")}
    revised, = [r for r in register if r["kind"] == "revision"]
    diff = act("satudata_revision_diff", "walidata", id=revised["package_id"])
    assert [f["field"] for f in diff["fields"]] == ["notes"]
    assert "honorer" not in act("package_show", None,
                                id=revised["package_id"])["notes"]

    # requests and complaints in every kind of state, filed once
    requests = act("satudata_request_list", "walidata")["results"]
    assert sorted(r["state"] for r in requests) == [
        "dipenuhi", "diproses", "diterima", "ditolak"]
    complaints = act("satudata_complaint_list", "walidata")["results"]
    assert sorted(c["state"] for c in complaints) == [
        "ditindaklanjuti", "selesai"]
    assert "requests and complaints: 6 filed" in first.output
    assert "daftar data 2026: 8 entries created" in first.output
    assert "daftar data 2026: 0 entries created" in second.output
    assert "requests and complaints" not in second.output
    fulfilled, = [r for r in requests if r["state"] == "dipenuhi"]
    shown = act("satudata_request_show", None, id=fulfilled["number"])
    assert [d["name"] for d in shown["datasets"]] == [
        "jumlah-penduduk-per-kecamatan-2025"]

    # the public finds the published datasets and activities only
    published = {n for n, s in states.items() if s == "published"}
    public = act("package_search", None, rows=100, include_private=True,
                 fq="+dataset_type:(dataset OR kegiatan)")
    assert {r["name"] for r in public["results"]} == published
    assert all(not r["private"] for r in public["results"])
    assert act("package_search", "warga", q="stunting",
               include_private=True)["count"] == 0
    # the pembina reads what was submitted, not the drafts
    pembina = act("package_search", "pembina_bps", rows=100,
                  include_private=True,
                  fq="+dataset_type:(dataset OR kegiatan)")
    seen = {r["name"] for r in pembina["results"]}
    assert {n for n, s in states.items() if s != "draft"} == seen

    # the operator sees why a draft came back
    returned = next(s for s in demo.DATASETS
                    if s.get("workflow") == "returned")
    flow = act("satudata_workflow_show", "operator_dinkes",
               id=returned["name"])
    assert flow["state"] == "draft"
    assert flow["last_return"]["transition"] == "return"
    assert flow["last_return"]["note"] == returned["return_note"]
    rejected = next(s for s in demo.DATASETS
                    if s.get("workflow") == "rejected")
    flow = act("satudata_workflow_show", "operator_disdukcapil",
               id=rejected["name"])
    assert flow["last_return"]["transition"] == "reject"
    qa = flow["last_return"]["qa"]
    assert {c for c, a in qa.items() if a["result"] == "fail"} == set(
        rejected["reject"]["failed"])
    # the verifikator's validation record names the position
    verified = act("satudata_workflow_show", "walidata",
                   id="kepemilikan-ktp-elektronik-2025")
    assert verified["validation"]["data"]["position"] == (
        "Kepala Dinas Kependudukan dan Pencatatan Sipil")

    _daftar_data_demo()


def _daftar_data_demo() -> None:
    """The year's Daftar Data: a berita acara with its file, entries of
    several frequencies, a release on time, one late and one missing, and
    one OPD's list confirmed."""
    year = 2026
    shown = act("satudata_daftar_show", "walidata", year=year)
    assert shown["berita_acara"]["nomor"] == "005/BA/FSD/2026"
    assert shown["berita_acara"]["berkas"].endswith(".pdf")
    confirmed = {o["name"] for o in shown["opds"] if o["confirmed"]}
    assert confirmed == {"disdik"}
    items = act("satudata_daftar_entry_list", "walidata", year=year)
    assert len(items) == 8
    assert len({e["jadwal_pemutakhiran"] for e in items}) >= 4
    assert {e["produsen_data"] for e in items} >= {
        "dinkes", "disdik", "disdukcapil"}
    assert sum(len(e["datasets"]) for e in items) >= 4
    found = delivery.statuses(
        delivery.active_entries([year]), dt.date(year, 1, 1),
        dt.date(year + 1, 12, 31), today=dt.date(2026, 9, 15))
    statuses = {s.status for s in found}
    assert {delivery.ON_TIME, delivery.LATE, delivery.MISSING} <= statuses
    late = {s.entry.nama_data for s in found if s.status == delivery.LATE}
    assert "Jumlah penduduk menurut kecamatan dan jenis kelamin" in late
    # the year's own monitoring shows a release on time, too
    in_year = delivery.statuses(
        delivery.active_entries([year]), dt.date(year, 1, 1),
        dt.date(year, 12, 31), today=dt.date(2026, 9, 15))
    on_time = {s.entry.nama_data for s in in_year
               if s.status == delivery.ON_TIME}
    assert on_time == {"Realisasi anggaran program Diskominfo"}


def test_the_demo_berita_acara_is_a_pdf():
    data = berita_acara_pdf(["BERITA ACARA (contoh)", "Nomor: 1"])
    assert data.startswith(b"%PDF-1.4\n") and data.endswith(b"%%EOF\n")
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[start:].startswith(b"xref\n0 6\n")
    # every offset of the table points at its object
    table = data[start:].split(b"\n")[3:8]
    for number, line in enumerate(table, start=1):
        offset = int(line[:10])
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert b"(BERITA ACARA \\(contoh\\)) '" in data
