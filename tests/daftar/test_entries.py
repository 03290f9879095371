"""Daftar Data entries through the actions, as real users: who creates,
edits, reads, confirms and links what; the history kept; bad input."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from tests.conftest import act
from tests.daftar.conftest import ENTRY, daftar_on, deliver, new_entry

pytestmark = daftar_on


def test_walidata_creates_an_entry_with_codes_from_labels(people):
    entry = new_entry(people, jenis_data="Statistik",
                      klasifikasi_risiko="Terbuka",
                      jadwal_pemutakhiran="Tahunan")
    assert entry["jenis_data"] == "statistik"
    assert entry["klasifikasi_risiko"] == "terbuka"
    assert entry["jadwal_pemutakhiran"] == "TAHUNAN"
    assert entry["produsen_data"] == "opd-a"
    assert entry["organization"]["name"] == "opd-a"
    assert entry["satuan"] == "Jiwa"
    assert entry["next_due"]["period"] == "2026"
    years = act("satudata_daftar_year_list", people["walidata"])
    assert [(y["year"], y["entries"]) for y in years] == [(2026, 1)]


@pytest.mark.parametrize("who", ["operator_a", "verifikator_a", "pembina",
                                 "public", None])
def test_only_the_walidata_creates_entries(people, who):
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_entry_create",
            people[who] if who else None, year=2026, **ENTRY)


def test_bad_entries_are_refused_by_field(people):
    with pytest.raises(tk.ValidationError) as error:
        new_entry(people, jenis_data="rahasia", produsen_data="opd-x",
                  nama_data="", link_portal_sdi="bukan alamat")
    errors = error.value.error_dict
    assert set(errors) >= {"jenis_data", "produsen_data", "nama_data",
                           "link_portal_sdi"}
    with pytest.raises(tk.ValidationError) as error:
        new_entry(people, year="dua ribu")
    assert "year" in error.value.error_dict
    new_entry(people)
    with pytest.raises(tk.ValidationError) as error:
        new_entry(people, nama_data="JUMLAH penduduk miskin")
    assert "nama_data" in error.value.error_dict


def test_each_opd_reads_its_own_entries_and_the_public_none(people):
    new_entry(people)
    new_entry(people, nama_data="Panjang jalan", produsen_data="opd-b")
    names = {who: [e["nama_data"] for e in act(
        "satudata_daftar_entry_list", people[who], year=2026)]
        for who in ("walidata", "pembina", "operator_a", "verifikator_b")}
    assert sorted(names["walidata"]) == sorted(names["pembina"]) == [
        "Jumlah penduduk miskin", "Panjang jalan"]
    assert names["operator_a"] == ["Jumlah penduduk miskin"]
    assert names["verifikator_b"] == ["Panjang jalan"]
    for who in (people["public"], None):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_entry_list", who, year=2026)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_show", who, year=2026)
    entry_b = act("satudata_daftar_entry_list", people["walidata"],
                  year=2026, org="opd-b")[0]
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_entry_show", people["operator_a"],
            id=entry_b["id"])


def test_opd_edits_until_its_head_confirms_then_only_walidata(people):
    entry = new_entry(people)
    changed = act("satudata_daftar_entry_update", people["operator_a"],
                  id=entry["id"], satuan="Orang")
    assert changed["satuan"] == "Orang"
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_entry_update", people["operator_b"],
            id=entry["id"], satuan="KK")
    # only the OPD's head signs the Surat Pernyataan
    for who in ("operator_a", "verifikator_b", "walidata"):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_confirm", people[who], year=2026,
                org="opd-a")
    signed = act("satudata_daftar_confirm", people["verifikator_a"],
                 year=2026, org="opd-a", nip="198001012005011001")
    assert signed["signer"]["jabatan"] == "Kepala OPD A"
    shown = act("satudata_daftar_show", people["walidata"], year=2026)
    opd_a = [o for o in shown["opds"] if o["name"] == "opd-a"][0]
    assert opd_a["confirmed"] and opd_a["confirmed_by"] == (
        people["verifikator_a"]["name"])
    with pytest.raises(tk.ValidationError):
        act("satudata_daftar_confirm", people["verifikator_a"],
            year=2026, org="opd-a")
    with pytest.raises(tk.NotAuthorized) as denied:
        act("satudata_daftar_entry_update", people["operator_a"],
            id=entry["id"], satuan="KK")
    assert "walidata" in str(denied.value)
    after = act("satudata_daftar_entry_update", people["walidata"],
                id=entry["id"], satuan="KK")
    assert after["satuan"] == "KK" and after["confirmed"]
    history = act("satudata_daftar_entry_show", people["operator_a"],
                  id=entry["id"])["history"]
    updates = [h for h in history if h["action"] == "update"]
    assert [h["data"]["changes"]["satuan"] for h in updates] == [
        ["Orang", "KK"], ["Jiwa", "Orang"]]
    assert updates[0]["data"]["after_confirmation"] is True
    # the walidata reopens; the withdrawn confirmation is kept in history
    with pytest.raises(tk.ValidationError):
        act("satudata_daftar_reopen", people["walidata"], year=2026,
            org="opd-a")
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_reopen", people["verifikator_a"], year=2026,
            org="opd-a", reason="salah")
    act("satudata_daftar_reopen", people["walidata"], year=2026,
        org="opd-a", reason="Satuan perlu diperbaiki")
    act("satudata_daftar_entry_update", people["operator_a"],
        id=entry["id"], satuan="Jiwa")


def test_removed_entries_are_kept(people):
    entry = new_entry(people)
    with pytest.raises(tk.ValidationError):
        act("satudata_daftar_entry_delete", people["walidata"],
            id=entry["id"])
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_entry_delete", people["operator_a"],
            id=entry["id"], reason="x")
    act("satudata_daftar_entry_delete", people["walidata"], id=entry["id"],
        reason="Digabung dengan entri lain")
    assert act("satudata_daftar_entry_list", people["walidata"],
               year=2026) == []
    kept = act("satudata_daftar_entry_list", people["walidata"],
               year=2026, include_deleted=True)
    assert [e["state"] for e in kept] == ["deleted"]
    # the name is free again
    new_entry(people)


def test_linking_a_published_dataset_delivers_its_period(people):
    entry = new_entry(people, jadwal_pemutakhiran="TRIWULANAN")
    assert entry["next_due"]["period"] == "2026-TW1"
    deliver(people, entry, "miskin-tw1", None, tahun_data="2026",
            periode_data="TW1")
    shown = act("satudata_daftar_entry_show", people["operator_a"],
                id=entry["id"])
    assert shown["last_published"] == "2026-TW1"
    assert shown["next_due"]["period"] == "2026-TW2"
    assert [d["period"] for d in shown["datasets"]] == ["2026-TW1"]
    assert shown["datasets"][0]["published"] is True


def test_links_are_checked(people):
    from tests.daftar.conftest import new_draft

    entry = new_entry(people, jadwal_pemutakhiran="TRIWULANAN")
    other = new_draft(people, name="milik-b", org="b")
    with pytest.raises(tk.ValidationError) as error:
        act("satudata_daftar_entry_link", people["walidata"],
            id=entry["id"], package_id=other["id"], period="2026-TW1")
    assert "package_id" in error.value.error_dict
    own = new_draft(people, name="milik-a", tahun_data="2026",
                    periode_data="")
    for period in ("2026", "2026-TW9", "kemarin"):
        with pytest.raises(tk.ValidationError) as error:
            act("satudata_daftar_entry_link", people["operator_a"],
                id=entry["id"], package_id=own["id"], period=period)
        assert "period" in error.value.error_dict
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_entry_link", people["operator_b"],
            id=entry["id"], package_id=own["id"], period="2026-TW1")
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_entry_link", people["pembina"],
            id=entry["id"], package_id=own["id"], period="2026-TW1")
    linked = act("satudata_daftar_entry_link", people["operator_a"],
                 id=entry["id"], package_id=own["id"], period="2026-TW1")
    # a draft is linked but delivers nothing until it is published
    assert linked["last_published"] is None
    assert linked["datasets"][0]["published"] is False
    # it shows to those who may open the draft (package_show), only
    for who, seen in (("operator_a", ["milik-a"]),
                      ("walidata", ["milik-a"]), ("pembina", [])):
        shown = act("satudata_daftar_entry_show", people[who],
                    id=entry["id"])
        assert [d["name"] for d in shown["datasets"]] == seen
    with pytest.raises(tk.ObjectNotFound):
        act("package_show", people["pembina"], id=own["id"])
    act("satudata_daftar_entry_unlink", people["operator_a"],
        id=entry["id"], package_id=own["id"])
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_daftar_entry_unlink", people["operator_a"],
            id=entry["id"], package_id=own["id"])


def test_berita_acara(people):
    pdf = b"%PDF-1.4 berita acara forum satu data"
    year = act("satudata_daftar_update", people["walidata"], year=2026,
               berita_acara_nomor="BA/01/FSD/2026",
               berita_acara_tanggal="2026-01-20",
               berita_acara_upload=("ba.pdf", pdf, "application/pdf"))
    assert year["berita_acara"] == {"nomor": "BA/01/FSD/2026",
                                    "tanggal": "2026-01-20",
                                    "berkas": "ba.pdf"}
    with pytest.raises(tk.ValidationError) as error:
        act("satudata_daftar_update", people["walidata"], year=2026,
            berita_acara_tanggal="20 Januari",
            berita_acara_upload=("x.pdf", b"MZ\x90\x00", "application/pdf"))
    assert set(error.value.error_dict) == {"berita_acara_tanggal",
                                           "berita_acara_upload"}
    with pytest.raises(tk.NotAuthorized):
        act("satudata_daftar_update", people["verifikator_a"], year=2026,
            berita_acara_nomor="x")
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_daftar_show", people["walidata"], year=2031)


def _statements(call) -> int:
    """How many SQL statements ``call()`` runs."""
    import ckan.model as model
    import sqlalchemy as sa

    found = []

    def seen(conn, cursor, statement, *args):
        found.append(statement)

    engine = model.meta.engine
    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        call()
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    return len(found)


def test_listing_runs_the_same_statements_for_more_entries(people):
    """No statement per entry (N+1): two entries or six, with datasets
    linked, cost the same."""
    first = new_entry(people, jadwal_pemutakhiran="TRIWULANAN")
    deliver(people, first, "banyak-tw1", "2026-TW1")
    new_entry(people, nama_data="Panjang jalan", produsen_data="opd-b")

    def listing():
        act("satudata_daftar_entry_list", people["walidata"], year=2026)

    few = _statements(listing)
    for number in range(4):
        new_entry(people, nama_data=f"Data ke-{number}",
                  produsen_data="opd-a" if number % 2 else "opd-b")
    assert len(act("satudata_daftar_entry_list", people["walidata"],
                   year=2026)) == 6
    assert _statements(listing) == few
