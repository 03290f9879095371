"""The Daftar Data's management pages through CKAN's test app: who sees
what (403 for the public, 404 for unknown years and entries), the forms
(a new year, the berita acara with its file, entries, dataset links, the
OPD head's Surat Pernyataan and its reopening), the XLSX export and the
import with its row-numbered report, and CSRF on every form."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl

from ckanext.satudata.daftar import xlsx
from ckanext.satudata.daftar.logic import entries
from ckanext.satudata.daftar.views.manage import XLSX_TYPE
from ckanext.satudata.daftar.xlsx_import import read_workbook
from tests.conftest import act, as_user, csrf
from tests.daftar.conftest import daftar_on, new_entry, workbook_row
from tests.workflow.conftest import advance, new_draft

pytestmark = daftar_on

BASE = "/satudata/daftar"
PDF = b"%PDF-1.4\n% berita acara forum satu data\n%%EOF\n"


def auth(user: dict[str, Any]) -> dict[str, str]:
    """The headers of a request made with ``user``'s API token."""
    return {"Authorization": user["token"]}




def entry_names(user: dict[str, Any], year: int = 2026, **data: Any
                ) -> list[str]:
    return [e["nama_data"] for e in act("satudata_daftar_entry_list", user,
                                        year=year, **data)]


def two_entries(people: dict[str, Any]) -> tuple[dict, dict]:
    first = new_entry(people)
    second = new_entry(people, nama_data="Panjang jalan kota",
                       produsen_data="opd-b", jadwal_pemutakhiran="BULANAN")
    return first, second


row = workbook_row


ROWS = [
    row(id_ddd="1871.001", satuan="Unit", definisi="Puskesmas aktif.",
        indikator_atau_variabel="variabel",
        klasifikasi_penyajian="KECAMATAN",
        link_portal_sdi="https://katalog.data.go.id/dataset/puskesmas"),
    row(id_ddd="1871.002", nama_data="Panjang jalan kota",
        produsen_data="opd-b", jadwal_pemutakhiran="TRIWULANAN",
        jenis_data="geospasial", klasifikasi_risiko="terbatas"),
    row(id_ddd="1871.003", nama_data="Realisasi belanja",
        jenis_data="keuangan", jadwal_pemutakhiran="SEMESTERAN"),
]


def upload(app: Any, user: dict[str, Any], data: bytes, *,
           replace: bool = False, status: int = 200, year: int = 2026
           ) -> Any:
    fields: dict[str, Any] = {"upload": (io.BytesIO(data), "daftar.xlsx")}
    if replace:
        fields["replace"] = "1"
    return app.post(f"{BASE}/{year}/impor", data=fields,
                    headers=auth(user), status=status,
                    content_type="multipart/form-data")


# -- who sees what ---------------------------------------------------------

def test_walidata_pages(app, people):
    first, second = two_entries(people)
    walidata = auth(people["walidata"])
    res = app.get(BASE, headers=walidata, status=200)
    assert 'data-year="2026"' in res.body
    assert 'id="satudata-daftar-open-year"' in res.body
    res = app.get(f"{BASE}/2026", headers=walidata, status=200)
    for text in ("Jumlah penduduk miskin", "Panjang jalan kota", "OPD A",
                 "OPD B", "Tahunan", "Bulanan", "Statistik", "Terbuka",
                 'id="satudata-daftar-berita-acara-form"',
                 'enctype="multipart/form-data"',
                 f'href="{BASE}/2026/impor"',
                 f'href="{BASE}/2026/ekspor.xlsx"',
                 f'href="{BASE}/2026/entri/baru"',
                 'name="_csrf_token"'):
        assert text in res.body, text
    # confirming is the OPD head's; nobody confirmed, so nothing reopens
    assert "satudata-daftar-confirm-form" not in res.body
    assert "satudata-daftar-reopen-form" not in res.body
    res = app.get(f"{BASE}/2026?org=opd-b", headers=walidata, status=200)
    assert "Panjang jalan kota" in res.body
    assert "Jumlah penduduk miskin" not in res.body
    assert f'href="{BASE}/2026/ekspor.xlsx?org=opd-b"' in res.body
    res = app.get(f"{BASE}/entri/{first['id']}", headers=walidata,
                  status=200)
    for text in ('id="satudata-daftar-entry-form"',
                 "satudata-daftar-delete-form",
                 "satudata-daftar-link-form", "Penduduk dengan pengeluaran",
                 'value="opd-b"'):  # the walidata may move it
        assert text in res.body, text
    for url in (f"{BASE}/2026/entri/baru", f"{BASE}/2026/impor"):
        app.get(url, headers=walidata, status=200)


def test_opd_pages(app, people):
    first, second = two_entries(people)
    operator = auth(people["operator_a"])
    res = app.get(BASE, headers=operator, status=200)
    assert 'data-year="2026"' in res.body
    assert "satudata-daftar-open-year" not in res.body
    res = app.get(f"{BASE}/2026", headers=operator, status=200)
    assert "Jumlah penduduk miskin" in res.body
    assert "Panjang jalan kota" not in res.body
    assert f'href="{BASE}/2026/ekspor.xlsx"' in res.body
    for text in ("satudata-daftar-berita-acara-form", "/impor",
                 "/entri/baru", "satudata-daftar-confirm-form"):
        assert text not in res.body, text
    res = app.get(f"{BASE}/entri/{first['id']}", headers=operator,
                  status=200)
    assert 'id="satudata-daftar-entry-form"' in res.body
    assert "satudata-daftar-link-form" in res.body
    assert "satudata-daftar-delete-form" not in res.body
    assert 'value="opd-b"' not in res.body  # its own OPD only
    # the head of the OPD signs its Surat Pernyataan
    res = app.get(f"{BASE}/2026", headers=auth(people["verifikator_a"]),
                  status=200)
    assert "satudata-daftar-confirm-form" in res.body
    assert "Confirm (Surat Pernyataan)" in res.body
    # the pembina reads every list and changes nothing
    res = app.get(f"{BASE}/2026", headers=auth(people["pembina"]),
                  status=200)
    assert "Panjang jalan kota" in res.body
    assert "<form method=\"post\"" not in res.body
    res = app.get(f"{BASE}/entri/{second['id']}",
                  headers=auth(people["pembina"]), status=200)
    assert "<form method=\"post\"" not in res.body


def test_the_public_and_other_opds_are_refused(app, people):
    first, second = two_entries(people)
    act("satudata_daftar_update", people["walidata"], year=2026,
        berita_acara_upload=("ba.pdf", PDF, "application/pdf"))
    urls = [BASE, f"{BASE}/2026", f"{BASE}/2026/berita-acara",
            f"{BASE}/2026/ekspor.xlsx", f"{BASE}/2026/impor",
            f"{BASE}/2026/entri/baru", f"{BASE}/entri/{first['id']}"]
    for url in urls:
        app.get(url, headers=auth(people["public"]), status=403)
        res = as_user(app, None).get(url, status=302,
                                     follow_redirects=False)
        assert "/user/login" in res.headers["Location"]
    for url in (BASE, f"{BASE}/2026/berita-acara", f"{BASE}/2026/impor",
                f"{BASE}/2026/konfirmasi", f"{BASE}/2026/buka-kembali",
                f"{BASE}/entri/{first['id']}",
                f"{BASE}/entri/{first['id']}/hapus"):
        app.post(url, data={"year": "2027", "org": "opd-a",
                            "reason": "x", "satuan": "x"},
                 headers=auth(people["public"]), status=403)
    operator_b = auth(people["operator_b"])
    app.get(f"{BASE}/entri/{first['id']}", headers=operator_b, status=403)
    app.post(f"{BASE}/entri/{first['id']}", data={"satuan": "x"},
             headers=operator_b, status=403)
    app.post(f"{BASE}/entri/{first['id']}/tautan",
             data={"package_id": "x"}, headers=operator_b, status=403)
    operator_a = auth(people["operator_a"])
    for url in (f"{BASE}/2026/impor", f"{BASE}/2026/entri/baru"):
        app.get(url, headers=operator_a, status=403)
    app.post(f"{BASE}/entri/{first['id']}/hapus", data={"reason": "x"},
             headers=operator_a, status=403)
    app.post(f"{BASE}/2026/berita-acara", data={"berita_acara_nomor": "x"},
             headers=operator_a, status=403)
    upload(app, people["operator_a"], xlsx.write_workbook(ROWS, year=2026),
           status=403)
    assert len(entry_names(people["walidata"])) == 2


def test_unknown_years_and_entries(app, people):
    new_entry(people)
    walidata = auth(people["walidata"])
    for url in (f"{BASE}/2031", f"{BASE}/2031/ekspor.xlsx",
                f"{BASE}/2031/berita-acara", f"{BASE}/2031/impor",
                f"{BASE}/2031/entri/baru", f"{BASE}/entri/tidak-ada",
                f"{BASE}/2026/berita-acara",  # no file uploaded
                f"{BASE}/2026?org=opd-x", f"{BASE}/tahun"):
        app.get(url, headers=walidata, status=404)
    app.post(f"{BASE}/2031/berita-acara", data={"berita_acara_nomor": "x"},
             headers=walidata, status=404)
    app.post(f"{BASE}/entri/tidak-ada/hapus", data={"reason": "x"},
             headers=walidata, status=404)
    assert [y["year"] for y in act("satudata_daftar_year_list",
                                   people["walidata"])] == [2026]


# -- the forms -------------------------------------------------------------

def test_the_walidata_opens_a_year(app, people):
    walidata = auth(people["walidata"])
    res = app.post(BASE, data={"year": "2027"}, headers=walidata)
    assert res.request.path == f"{BASE}/2027"
    res = app.post(BASE, data={"year": "dua ribu"}, headers=walidata,
                   status=400)
    assert "is-invalid" in res.body and "Give a year" in res.body
    act("satudata_daftar_update", people["walidata"], year=2027,
        berita_acara_nomor="BA/01/2027")
    # opening it again keeps its berita acara
    app.post(BASE, data={"year": "2027"}, headers=walidata, status=200)
    shown = act("satudata_daftar_show", people["walidata"], year=2027)
    assert shown["berita_acara"]["nomor"] == "BA/01/2027"
    app.post(BASE, data={"year": "2028"},
             headers=auth(people["operator_a"]), status=403)
    assert [y["year"] for y in act("satudata_daftar_year_list",
                                   people["walidata"])] == [2027]


def test_entries_through_the_forms(app, people):
    walidata = auth(people["walidata"])
    act("satudata_daftar_update", people["walidata"], year=2026)
    form = {key: "" for key in xlsx.KEYS}
    form.update(nama_data="", jenis_data="rahasia", produsen_data="opd-a",
                klasifikasi_risiko="terbuka", jadwal_pemutakhiran="TAHUNAN",
                link_portal_sdi="bukan alamat", group="")
    res = app.post(f"{BASE}/2026/entri/baru", data=form, headers=walidata,
                   status=400)
    assert res.body.count("satudata-field-error") >= 3
    assert "Nama Data: This column is required." in res.body
    assert 'value="bukan alamat"' in res.body  # the form keeps the input
    assert entry_names(people["walidata"]) == []
    form.update(nama_data="Jumlah <b>sekolah</b>", jenis_data="statistik",
                link_portal_sdi="", satuan="Unit")
    res = app.post(f"{BASE}/2026/entri/baru", data=form, headers=walidata)
    entry_id = res.request.path.rsplit("/", 1)[-1]
    res = app.get(f"{BASE}/entri/{entry_id}", headers=walidata)
    assert "Jumlah &lt;b&gt;sekolah&lt;/b&gt;" in res.body  # escaped
    assert "<b>sekolah</b>" not in res.body
    # the OPD's operator edits it while the list is not confirmed
    shown = act("satudata_daftar_entry_show", people["walidata"],
                id=entry_id)
    edit = {key: shown[key] or "" for key in xlsx.KEYS}
    edit.update(satuan="Sekolah", group="")
    app.post(f"{BASE}/entri/{entry_id}", data=edit,
             headers=auth(people["operator_a"]), status=200)
    edit["jadwal_pemutakhiran"] = "SETIAP SAAT"
    res = app.post(f"{BASE}/entri/{entry_id}", data=edit,
                   headers=auth(people["operator_a"]), status=400)
    assert "Unknown value" in res.body
    shown = act("satudata_daftar_entry_show", people["walidata"],
                id=entry_id)
    assert shown["satuan"] == "Sekolah"
    assert shown["jadwal_pemutakhiran"] == "TAHUNAN"
    res = app.get(f"{BASE}/entri/{entry_id}", headers=walidata)
    assert "satudata-daftar-event-update" in res.body
    # removal needs a reason; the entry is kept
    res = app.post(f"{BASE}/entri/{entry_id}/hapus", data={"reason": " "},
                   headers=walidata, status=400)
    assert "Give the reason" in res.body
    res = app.post(f"{BASE}/entri/{entry_id}/hapus",
                   data={"reason": "Digabung"}, headers=walidata)
    assert res.request.path == f"{BASE}/2026"
    assert entry_names(people["walidata"]) == []
    res = app.get(f"{BASE}/entri/{entry_id}", headers=walidata, status=200)
    assert "satudata-daftar-removed" in res.body
    assert 'id="satudata-daftar-entry-form"' not in res.body
    assert "Digabung" in res.body


def test_datasets_are_linked_and_unlinked(app, people):
    entry = new_entry(people, jadwal_pemutakhiran="TRIWULANAN")
    pkg = new_draft(people, name="miskin-tw1", tahun_data="2026",
                    periode_data="TW1")
    advance(people, pkg, "published")
    operator = auth(people["operator_a"])
    url = f"{BASE}/entri/{entry['id']}"
    res = app.get(url, headers=operator)
    assert '<option value="miskin-tw1">' in res.body  # the OPD's datasets
    res = app.post(f"{url}/tautan", data={"package_id": "miskin-tw1",
                                          "period": "2026"},
                   headers=operator, status=400)
    assert "TRIWULANAN" in res.body and 'value="miskin-tw1"' in res.body
    app.post(f"{url}/tautan", data={"package_id": "miskin-tw1",
                                    "period": "2026-TW1"},
             headers=operator, status=200)
    res = app.get(url, headers=operator)
    assert 'data-dataset="miskin-tw1"' in res.body
    assert "2026-TW1" in res.body
    assert "2026-TW2" in res.body  # the next release
    res = app.get(f"{BASE}/2026", headers=operator)
    assert '<td class="satudata-daftar-dataset-count">1</td>' in res.body
    app.post(f"{url}/lepas", data={"package_id": pkg["id"]},
             headers=operator, status=200)
    app.post(f"{url}/lepas", data={"package_id": pkg["id"]},
             headers=operator, status=404)
    assert act("satudata_daftar_entry_show", people["walidata"],
               id=entry["id"])["datasets"] == []


def test_berita_acara_upload_and_download(app, people):
    new_entry(people)
    walidata = auth(people["walidata"])
    url = f"{BASE}/2026/berita-acara"
    res = app.post(url, data={
        "berita_acara_nomor": "BA/01/FSD/2026",
        "berita_acara_tanggal": "20 Januari",
        "berita_acara_upload": (io.BytesIO(b"MZ\x90\x00"), "ba.exe")},
        headers=walidata, content_type="multipart/form-data", status=400)
    assert "Not a date" in res.body
    assert "must be a PDF, JPEG or PNG" in res.body
    assert 'value="BA/01/FSD/2026"' in res.body
    res = app.post(url, data={
        "berita_acara_nomor": "BA/01/FSD/2026",
        "berita_acara_tanggal": "2026-01-20",
        "berita_acara_upload": (io.BytesIO(PDF), "Berita acara “FSD”.pdf")},
        headers=walidata, content_type="multipart/form-data")
    assert res.request.path == f"{BASE}/2026"
    res = app.get(f"{BASE}/2026", headers=walidata)
    assert "BA/01/FSD/2026" in res.body
    assert f'href="{url}"' in res.body
    for user in ("walidata", "operator_b", "pembina"):
        res = app.get(url, headers=auth(people[user]), status=200)
        assert res.data == PDF
        assert res.headers["Content-Type"] == "application/pdf"
        disposition = res.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''Berita%20acara%20%E2%80%9CFSD" in (
            disposition)
    # the number and date kept when only the form's other fields change
    app.post(url, data={"berita_acara_nomor": "BA/01/FSD/2026",
                        "berita_acara_tanggal": "2026-01-20",
                        "clear_berita_acara_file": "1"},
             headers=walidata, status=200)
    app.get(url, headers=walidata, status=404)
    shown = act("satudata_daftar_show", people["walidata"], year=2026)
    assert shown["berita_acara"] == {"nomor": "BA/01/FSD/2026",
                                     "tanggal": "2026-01-20",
                                     "berkas": None}


def test_a_file_alone_keeps_the_number_and_date(app, people):
    """The API's multipart upload of the file alone (and opening the
    year again) leaves the number and date as they were."""
    act("satudata_daftar_update", people["walidata"], year=2026,
        berita_acara_nomor="BA/01/FSD/2026",
        berita_acara_tanggal="2026-01-20")
    app.post("/api/3/action/satudata_daftar_update", data={
        "year": "2026",
        "berita_acara_upload": (io.BytesIO(PDF), "ba.pdf")},
        headers=auth(people["walidata"]),
        content_type="multipart/form-data", status=200)
    act("satudata_daftar_update", people["walidata"], year=2026)
    shown = act("satudata_daftar_show", people["walidata"], year=2026)
    assert shown["berita_acara"] == {"nomor": "BA/01/FSD/2026",
                                     "tanggal": "2026-01-20",
                                     "berkas": "ba.pdf"}
    # given empty, they are removed
    act("satudata_daftar_update", people["walidata"], year=2026,
        berita_acara_nomor="", berita_acara_tanggal="")
    shown = act("satudata_daftar_show", people["walidata"], year=2026)
    assert shown["berita_acara"]["nomor"] is None
    assert shown["berita_acara"]["tanggal"] is None


def test_confirm_and_reopen_through_the_forms(app, people):
    entry = new_entry(people)
    head = auth(people["verifikator_a"])
    url = f"{BASE}/2026/konfirmasi"
    res = app.post(url, data={"org": "opd-a", "jabatan": "Kepala OPD A",
                              "nip": "12345"}, headers=head, status=400)
    assert "A NIP has 18 digits" in res.body
    app.post(url, data={"org": "opd-b", "nip": ""}, headers=head,
             status=403)
    app.post(url, data={"org": "opd-a", "jabatan": "Kepala OPD A",
                        "nip": "197805122005011003"}, headers=head,
             status=200)
    res = app.get(f"{BASE}/2026", headers=auth(people["walidata"]))
    assert 'data-confirmed="yes"' in res.body
    assert "Kepala OPD A" in res.body and "197805122005011003" in res.body
    assert "satudata-daftar-reopen-form" in res.body
    res = app.post(url, data={"org": "opd-a"}, headers=head, status=400)
    assert "confirmed its list already" in res.body
    # confirmed: the operator no longer edits
    res = app.get(f"{BASE}/entri/{entry['id']}",
                  headers=auth(people["operator_a"]))
    assert 'id="satudata-daftar-entry-form"' not in res.body
    assert "satudata-daftar-locked" in res.body
    reopen = f"{BASE}/2026/buka-kembali"
    walidata = auth(people["walidata"])
    res = app.post(reopen, data={"org": "opd-a", "reason": ""},
                   headers=walidata, status=400)
    assert "Give the reason" in res.body
    app.post(reopen, data={"org": "opd-a", "reason": "Satuan keliru"},
             headers=head, status=403)
    app.post(reopen, data={"org": "opd-a", "reason": "Satuan keliru"},
             headers=walidata, status=200)
    res = app.get(f"{BASE}/2026", headers=head)
    assert 'data-confirmed="no"' in res.body
    assert "satudata-daftar-confirm-form" in res.body


# -- export and import -----------------------------------------------------

def by_ddd(item: dict[str, Any]) -> str:
    return item["id_ddd"]


def exported(app: Any, user: dict[str, Any], query: str = "") -> bytes:
    res = app.get(f"{BASE}/2026/ekspor.xlsx{query}", headers=auth(user),
                  status=200)
    assert res.headers["Content-Type"] == XLSX_TYPE
    assert res.headers["Content-Disposition"].startswith("attachment;")
    return res.data


def test_import_export_round_trip_through_the_portal(app, people):
    act("satudata_daftar_update", people["walidata"], year=2026,
        berita_acara_nomor="BA/01/FSD/2026")
    res = upload(app, people["walidata"],
                 xlsx.write_workbook(ROWS, year=2026))
    assert "Imported 3 rows: 3 added, 0 changed, 0 unchanged, 0 removed." \
        in res.body
    assert sorted(entry_names(people["walidata"])) == sorted(
        r["nama_data"] for r in ROWS)
    first = exported(app, people["walidata"])
    book = openpyxl.load_workbook(io.BytesIO(first), read_only=True)
    sheet = [list(r) for r in book["Daftar Data"].iter_rows(
        values_only=True)]
    assert tuple(sheet[0]) == xlsx.HEADERS
    assert {line[xlsx.KEYS.index("produsen_data")] for line in sheet[1:]} \
        == {"OPD A", "OPD B"}  # the OPDs' titles
    info = [list(r) for r in book["Keterangan"].iter_rows(values_only=True)]
    assert ["Nomor berita acara", "BA/01/FSD/2026"] in info
    rows = read_workbook(first, opd_names=entries.opd_names())
    assert sorted(rows, key=by_ddd) == sorted(ROWS, key=by_ddd)
    # import the export again: nothing changes, the next export is equal
    res = upload(app, people["walidata"], first)
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in res.body
    assert read_workbook(exported(app, people["walidata"]),
                         opd_names=entries.opd_names()) == rows
    # an OPD exports its own entries, the filter one OPD's
    mine = read_workbook(exported(app, people["operator_b"]),
                         opd_names=entries.opd_names())
    assert [r["nama_data"] for r in mine] == ["Panjang jalan kota"]
    one = read_workbook(exported(app, people["walidata"], "?org=opd-a"),
                        opd_names=entries.opd_names())
    assert {r["produsen_data"] for r in one} == {"opd-a"}


def test_a_bad_workbook_shows_the_rows_and_imports_nothing(app, people):
    new_entry(people)
    bad = [ROWS[0], row(nama_data="Jumlah bidan", jenis_data="rahasia"),
           ROWS[0]]  # row 3: an unknown code; row 4: row 2 again
    res = upload(app, people["walidata"],
                 xlsx.write_workbook(bad, year=2026), status=400)
    report = re.findall(
        r'<tr class="satudata-daftar-problem" data-row="(\d*)">\s*'
        r"<td>[^<]*</td>\s*<td>([^<]*)</td>", res.body)
    assert ("3", "Jenis Data") in report
    assert ("4", "ID DDD") in report and ("4", "Nama Data") in report
    assert "rahasia" in res.body
    assert "The same OPD and data name as row 2." in res.body
    assert 'id="satudata-daftar-import-form"' in res.body
    assert entry_names(people["walidata"]) == ["Jumlah penduduk miskin"]
    res = upload(app, people["walidata"], b"bukan spreadsheet", status=400)
    assert "not an XLSX spreadsheet" in res.body
    res = app.post(f"{BASE}/2026/impor", data={"replace": "1"},
                   headers=auth(people["walidata"]), status=400)
    assert "Choose the XLSX file" in res.body
    assert entry_names(people["walidata"]) == ["Jumlah penduduk miskin"]


def test_import_with_replace_through_the_view(app, people):
    new_entry(people)
    res = upload(app, people["walidata"],
                 xlsx.write_workbook(ROWS[:1], year=2026), replace=True)
    assert "1 added, 0 changed, 0 unchanged, 1 removed" in res.body
    assert entry_names(people["walidata"]) == ["Jumlah puskesmas"]


# -- CSRF ------------------------------------------------------------------

def test_forms_need_the_csrf_token(app, people):
    entry = new_entry(people)
    walidata = as_user(app, people["walidata"])
    posts = [(BASE, {"year": "2027"}),
             (f"{BASE}/2026/berita-acara", {"berita_acara_nomor": "BA/9"}),
             (f"{BASE}/2026/buka-kembali", {"org": "opd-a", "reason": "x"}),
             (f"{BASE}/entri/{entry['id']}", {"satuan": "x"}),
             (f"{BASE}/entri/{entry['id']}/hapus", {"reason": "x"})]
    for url, data in posts:
        res = walidata.post(url, data=data, status=400)
        assert "CSRF" in res.body, url
    res = walidata.post(f"{BASE}/2026/impor", data={
        "upload": (io.BytesIO(xlsx.write_workbook(ROWS, year=2026)),
                   "daftar.xlsx")}, content_type="multipart/form-data",
        status=400)
    assert "CSRF" in res.body
    head = as_user(app, people["verifikator_a"])
    head.post(f"{BASE}/2026/konfirmasi", data={"org": "opd-a"}, status=400)
    assert entry_names(people["walidata"]) == ["Jumlah penduduk miskin"]
    shown = act("satudata_daftar_show", people["walidata"], year=2026)
    assert shown["berita_acara"]["nomor"] is None
    assert [o["confirmed"] for o in shown["opds"]] == [None]
    assert [y["year"] for y in act("satudata_daftar_year_list",
                                   people["walidata"])] == [2026]
    # with the token, the same form goes through
    walidata = as_user(app, people["walidata"])
    walidata.post(BASE, data={"year": "2027",
                              "_csrf_token": csrf(walidata, BASE)},
                  status=200)
