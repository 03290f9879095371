"""INDAH metadata v2 and Daftar Data exports."""

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata import codelists, export
from tests.conftest import act
from tests.test_schemas import COMPLETE, KEGIATAN

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

VARIABLES = [
    {"nama": "jenis_kelamin", "alias": "jk", "konsep": "Jenis kelamin",
     "definisi": "Jenis kelamin penduduk", "referensi_pemilihan": "SDKI",
     "referensi_waktu": "Semester II 2025", "ukuran": "Kategori",
     "satuan": "-", "tipe_data": "TEKS",
     "klasifikasi_isian": "1=Laki-laki\n2=Perempuan",
     "aturan_validasi": "1 atau 2", "kalimat_pertanyaan": "Jenis kelamin?",
     "akses_umum": "ya", "kode_sds": "SD00002.00.00"}]
INDICATOR = {
    "ind_nama": "Rasio jenis kelamin", "ind_konsep": "Konsep rasio",
    "ind_definisi": "Perbandingan laki-laki dan perempuan",
    "ind_interpretasi": "Di atas 100: lebih banyak laki-laki",
    "ind_metode_perhitungan": "Laki-laki dibagi perempuan",
    "ind_rumus": "L/P x 100", "ind_ukuran": "Rasio", "ind_satuan": "Persen",
    "ind_klasifikasi_penyajian": "Kecamatan", "ind_komposit": "tidak",
    "ind_variabel_pembangun": "jenis_kelamin",
    "ind_level_estimasi": "KECAMATAN", "ind_akses_umum": "ya",
    "ind_kode_sds": "SD00003.00.00"}


def _leaves(tree, prefix=""):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(tree, list):
        for item in tree:
            yield from _leaves(item, prefix + "[]")
    else:
        yield prefix, tree


def _mapped_fields(mapping):
    """Every schema field an INDAH mapping reads."""
    if isinstance(mapping, str):
        return {mapping}
    if "list" in mapping:
        return {mapping["list"]}
    if "field" in mapping:
        return {mapping["field"]}
    return set().union(*(_mapped_fields(v) for k, v in mapping.items()
                         if k != "survey_only"))


@pytest.fixture
def records(opd):
    user = opd["operator_a"]
    keg = act("package_create", user, **dict(
        KEGIATAN, name="survei-kesehatan-2025", type="kegiatan",
        owner_org=opd["org_a"]["id"], id_rekomendasi="REK-2025-001",
        penyelenggara_alamat="Jl. Merdeka 1",
        penyelenggara_telepon="0721-111222",
        penyelenggara_email="dinkes@kota.go.id",
        pj_unit_eselon1="Bidang P2P", pj_kontak="dr. Sari",
        cakupan_wilayah_jenis="SELURUH_WILAYAH",
        sampel_populasi="Rumah tangga", sampel_metode="Two-stage",
        pengawasan_kualitas="Supervisi berjenjang",
        pengolahan="Editing, coding, entri, validasi",
        diseminasi="Publikasi digital"))
    ds = act("package_create", user, **dict(
        COMPLETE, **INDICATOR, name="rasio-jenis-kelamin",
        owner_org=opd["org_a"]["id"], variabel=VARIABLES,
        kegiatan=keg["name"]))
    return {"kegiatan": keg, "dataset": ds, **opd}


def test_ms_keg_carries_every_field_entered(records):
    keg = records["kegiatan"]
    result = act("satudata_indah_export", None, id=keg["name"])
    assert result["jenis"] == "MS-Keg"
    ms_keg = result["ms_keg"]
    leaves = dict(_leaves(ms_keg))
    assert None not in leaves.values(), [k for k, v in leaves.items()
                                         if v is None]
    # the fixture fills every field the mapping reads, and each arrives
    used = _mapped_fields(export.indah_mapping()["ms_keg"])
    assert used <= set(keg), used - set(keg)
    assert ms_keg["desain_sampel"]["ukuran_sampel"] == "1200"
    assert ms_keg["perencanaan_dan_persiapan"]["rencana_jadwal"] == [{
        "tahap": "PENGUMPULAN", "tanggal_mulai": "2025-03-01",
        "tanggal_selesai": "2025-04-30"}]


def test_enumerations_come_from_the_code_lists(records):
    mapping = export.indah_mapping()
    result = act("satudata_indah_export", None,
                 id=records["kegiatan"]["name"])

    def coded(mapping, tree):
        for key, spec in mapping.items():
            if isinstance(spec, dict) and spec.get("codelist"):
                yield spec["codelist"], tree.get(key)
            elif isinstance(spec, dict) and "list" not in spec and (
                    "field" not in spec):
                yield from coded(spec, tree.get(key) or {})

    checked = 0
    for list_name, value in coded(mapping["ms_keg"], result["ms_keg"]):
        for code in value if isinstance(value, list) else [value]:
            if list_name == "regions":
                assert codelists.region(code) is not None
            else:
                assert code in codelists.get(list_name), (list_name, code)
            checked += 1
    assert checked >= 12


def test_non_survey_has_no_sample_design(records):
    act("package_patch", records["operator_a"],
        id=records["kegiatan"]["id"],
        cara_pengumpulan="KOMPILASI_PRODUK_ADMINISTRASI")
    result = act("satudata_indah_export", None,
                 id=records["kegiatan"]["name"])
    assert result["ms_keg"]["desain_sampel"] is None


def test_ms_ind_and_ms_var(records):
    result = act("satudata_indah_export", None,
                 id=records["dataset"]["name"])
    ms_ind = result["ms_ind"]
    assert ms_ind["nama_indikator"] == "Rasio jenis kelamin"
    assert ms_ind["kegiatan_penghasil"] == "survei-kesehatan-2025"
    for key, field in export.indah_mapping()["ms_ind"].items():
        name = field if isinstance(field, str) else field["field"]
        if name.startswith("ind_") and name != "ind_indikator_pembangun":
            assert ms_ind[key] is not None, key
    [var] = result["ms_var"]
    assert var["klasifikasi_isian"] == [
        {"kode": "1", "label": "Laki-laki"},
        {"kode": "2", "label": "Perempuan"}]
    assert var["tipe_data"] in codelists.get("tipe_data_variabel")
    assert {k for k, v in var.items() if v is None} == set()


def test_dataset_without_indicator(opd):
    ds = act("package_create", opd["operator_a"], name="tanpa-indikator",
             owner_org=opd["org_a"]["id"], title="Data")
    result = act("satudata_indah_export", None, id=ds["id"])
    assert result["ms_ind"] is None and result["ms_var"] == []


def test_daftar_data_row(records):
    row = act("satudata_daftar_data_row", None,
              id=records["dataset"]["name"])
    assert tuple(row) == export.DAFTAR_DATA_KEYS
    assert len(row) == 19
    assert row["nama_data"] == COMPLETE["title"]
    assert row["nama_indikator"] == "Rasio jenis kelamin"
    assert row["indikator_atau_variabel"] == "indikator"
    assert row["produsen_data"] == "OPD A"
    # labels in the portal's language outside a request (Indonesian)
    assert row["klasifikasi_risiko"] in ("Terbuka", "Open")
    assert row["jadwal_pemutakhiran"] in ("Semesteran", "Half-yearly")
    assert row["kode_standar_data"] == "SD00001.00.00"
    assert row["link_portal_daerah"].endswith("/dataset/rasio-jenis-kelamin")


def test_private_dataset_export_needs_access(opd):
    ds = act("package_create", opd["operator_a"], name="rahasia",
             owner_org=opd["org_a"]["id"], private=True)
    for action in ("satudata_indah_export", "satudata_daftar_data_row"):
        act(action, opd["verifikator_a"], id=ds["id"])
        for who in (None, opd["operator_b"]):
            with pytest.raises(tk.NotAuthorized):
                act(action, who, id=ds["id"])


def test_export_urls(app, records):
    response = app.get("/satudata/indah/survei-kesehatan-2025.json")
    assert response.status_code == 200
    assert response.json["ms_keg"]["judul_kegiatan"] == KEGIATAN["title"]
    response = app.get("/satudata/daftar-data/rasio-jenis-kelamin.json")
    assert response.status_code == 200
    assert response.json["nama_data"] == COMPLETE["title"]
    assert app.get("/satudata/indah/tidak-ada.json").status_code == 404
    body = app.get("/dataset/rasio-jenis-kelamin").get_data(as_text=True)
    assert "/satudata/daftar-data/rasio-jenis-kelamin.json" in body
