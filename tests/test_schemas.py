"""The SDI metadata schemas: create, update and show through the API as
real users, each validation with a valid and an invalid value."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from tests.conftest import act

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

COMPLETE = {
    "title": "Jumlah Penduduk per Kecamatan 2025",
    "notes": "Jumlah penduduk per kecamatan dan jenis kelamin.",
    "kontak_nama": "Budi Santoso", "kontak_jabatan": "Kepala Bidang",
    "kontak_email": "data@disdukcapil.go.id", "kontak_telepon": "0721-123456",
    "konsep": "Penduduk adalah ...", "definisi": "Jumlah penduduk ...",
    "klasifikasi": "Jenis kelamin", "ukuran": "Jumlah", "satuan": "Jiwa",
    "kode_standar_data": "SD00001.00.00",
    "jenis_data": "statistik", "urusan": ["2.12"],
    "sektor": "KEPENDUDUKAN_DAN_MIGRASI", "klasifikasi_akses": "terbuka",
    "cakupan_wilayah": ["18.71"], "tingkat_penyajian": "KECAMATAN",
    "tahun_data": "2025", "periode_data": "S2", "frekuensi": "SEMESTERAN",
    "sifat_data": "tetap", "jadwal_rilis": "2026-07-01",
}


@pytest.fixture
def opd_a(opd):
    return opd


def create(opd, **fields):
    data = dict(COMPLETE, name=fields.pop("name", "data-uji"),
                owner_org=opd["org_a"]["id"])
    data.update(fields)
    return act("package_create", opd["operator_a"], **data)


def errors_of(opd, **fields):
    with pytest.raises(tk.ValidationError) as err:
        create(opd, **fields)
    return err.value.error_dict


class TestDatasetType:
    def test_create_and_show_carry_every_field(self, opd):
        made = create(opd)
        shown = act("package_show", None, id=made["id"])
        for key, value in COMPLETE.items():
            assert shown[key] == value, key
        assert shown["license_id"] == "cc-by"

    def test_update_by_operator(self, opd):
        made = create(opd)
        updated = act("package_patch", opd["operator_a"], id=made["id"],
                      urusan=["2.12", "2.20"], tahun_data="2024")
        assert updated["urusan"] == ["2.12", "2.20"]
        assert updated["tahun_data"] == "2024"

    def test_other_opd_may_not_update(self, opd):
        made = create(opd)
        with pytest.raises(tk.NotAuthorized):
            act("package_patch", opd["operator_b"], id=made["id"],
                tahun_data="2024")

    def test_a_draft_may_lack_sdi_fields(self, opd):
        made = act("package_create", opd["operator_a"], name="minimal",
                   owner_org=opd["org_a"]["id"])
        assert made["name"] == "minimal"

    def test_codes_accepted_as_comma_separated_text(self, opd):
        made = create(opd, urusan="2.12, 2.20", cakupan_wilayah="18,18.71.08")
        assert made["urusan"] == ["2.12", "2.20"]
        assert made["cakupan_wilayah"] == ["18", "18.71.08"]

    @pytest.mark.parametrize("field,value", [
        ("jenis_data", "rahasia"), ("sektor", "KESEHATAN_HEWAN"),
        ("frekuensi", "KADANG"), ("tingkat_penyajian", "RT"),
        ("periode_data", "TW5"), ("sifat_data", "final"),
        ("klasifikasi_akses", "publik"),
    ])
    def test_unknown_code_names_field_and_value(self, opd, field, value):
        errors = errors_of(opd, **{field: value})
        assert value in " ".join(errors[field])

    def test_unknown_urusan_and_region(self, opd):
        errors = errors_of(opd, urusan=["2.12", "9.99"],
                           cakupan_wilayah=["18.71", "99.99.99"])
        assert "9.99" in errors["urusan"][0]
        assert "Government affair" in errors["urusan"][0]
        assert "99.99.99" in errors["cakupan_wilayah"][0]

    @pytest.mark.parametrize("value,ok", [
        ("SD00001.00.00", True), ("SD12345.01.02", True),
        ("KUGI:1010010", True), ("SD1.00.00", False), ("sd00001.00.00",
                                                        False),
        ("SD00001-00-00", False), ("KUGI:", False)])
    def test_standard_code_pattern(self, opd, value, ok):
        if ok:
            assert create(opd, kode_standar_data=value)[
                "kode_standar_data"] == value
        else:
            assert value in errors_of(opd, kode_standar_data=value)[
                "kode_standar_data"][0]

    @pytest.mark.parametrize("value,ok", [
        ("2025", True), ("1900", True), ("1899", False), ("2101", False),
        ("duaribu", False)])
    def test_year(self, opd, value, ok):
        if ok:
            assert create(opd, tahun_data=value)["tahun_data"] == value
        else:
            assert "tahun_data" in errors_of(opd, tahun_data=value)

    @pytest.mark.parametrize("value,ok", [
        ("0721-123456", True), ("+62 721 123456", True), ("telepon", False),
        ("12", False)])
    def test_phone(self, opd, value, ok):
        if ok:
            assert create(opd, kontak_telepon=value)["kontak_telepon"]
        else:
            assert "kontak_telepon" in errors_of(opd, kontak_telepon=value)

    def test_email(self, opd):
        assert "kontak_email" in errors_of(opd, kontak_email="bukan-email")

    def test_closed_data_needs_legal_basis_and_period(self, opd):
        errors = errors_of(opd, klasifikasi_akses="tertutup")
        assert "dasar_hukum_pengecualian" in errors
        assert "masa_pengecualian" in errors
        made = create(opd, klasifikasi_akses="tertutup",
                      dasar_hukum_pengecualian="UU 14/2008 pasal 17 huruf h",
                      masa_pengecualian="2030-12-31")
        assert made["masa_pengecualian"] == "2030-12-31"
        # open data needs neither
        assert "dasar_hukum_pengecualian" not in create(
            opd, name="terbuka")

    def test_oversized_text(self, opd):
        errors = errors_of(opd, konsep="x" * 5001)
        assert "5001" in errors["konsep"][0]
        errors = errors_of(opd, title="x" * 501)
        assert "title" in errors

    def test_variables_with_value_domain(self, opd):
        variables = [{"nama": "jenis_kelamin", "tipe_data": "TEKS",
                      "klasifikasi_isian": "1=Laki-laki\n2=Perempuan",
                      "akses_umum": "ya"},
                     {"nama": "jumlah", "tipe_data": "INTEGER",
                      "satuan": "jiwa"}]
        made = create(opd, variabel=variables)
        assert [v["nama"] for v in made["variabel"]] == [
            "jenis_kelamin", "jumlah"]
        assert made["variabel"][0]["klasifikasi_isian"] == (
            "1=Laki-laki\n2=Perempuan")

    def test_value_domain_with_duplicate_codes(self, opd):
        errors = errors_of(opd, variabel=[{
            "nama": "jk", "klasifikasi_isian": "1=Laki-laki\n1=Perempuan"}])
        assert "1" in str(errors["variabel"])
        errors = errors_of(opd, variabel=[{
            "nama": "jk", "klasifikasi_isian": "Laki-laki"}])
        assert "variabel" in errors

    def test_variable_names_are_unique(self, opd):
        errors = errors_of(opd, variabel=[{"nama": "jumlah"},
                                          {"nama": "Jumlah"}])
        assert "appears twice" in str(errors["variabel"])

    def test_variable_needs_a_name_and_a_known_type(self, opd):
        errors = errors_of(opd, variabel=[{"nama": "", "tipe_data": "X"}])
        assert "variabel" in errors

    def test_kegiatan_reference_must_exist(self, opd):
        assert "kegiatan" in errors_of(opd, kegiatan="tidak-ada")


KEGIATAN = {
    "title": "Survei Kesehatan Daerah 2025", "tahun_kegiatan": "2025",
    "jenis_statistik": "SEKTORAL", "cara_pengumpulan": "SURVEI",
    "sektor": "KESEHATAN", "penyelenggara_instansi": "Dinas Kesehatan",
    "latar_belakang": "Perlu data kesehatan.", "tujuan": "Mengukur ...",
    "penyelenggaraan": "BERULANG", "frekuensi": "TAHUNAN",
    "tipe_pengumpulan": "CROSS_SECTIONAL",
    "metode_pengumpulan": ["WAWANCARA"], "sarana_pengumpulan": ["CAPI"],
    "unit_pengumpulan": ["RUMAH_TANGGA"], "metode_analisis": "DESKRIPTIF",
    "tingkat_penyajian": ["KABUPATEN_KOTA", "KECAMATAN"],
    "cakupan_wilayah": ["18.71"], "sampel_ukuran": "1200",
    "jadwal": [{"tahap": "PENGUMPULAN", "mulai": "2025-03-01",
                "selesai": "2025-04-30"}],
}


class TestKegiatanType:
    def _create(self, opd, **fields):
        data = dict(KEGIATAN, name="survei-kesehatan-2025", type="kegiatan",
                    owner_org=opd["org_a"]["id"])
        data.update(fields)
        return act("package_create", opd["operator_a"], **data)

    def test_create_and_show(self, opd):
        made = self._create(opd)
        shown = act("package_show", None, id=made["id"])
        assert shown["type"] == "kegiatan"
        for key in ("cara_pengumpulan", "metode_pengumpulan",
                    "tingkat_penyajian", "sektor"):
            assert shown[key] == KEGIATAN[key]
        assert shown["jadwal"][0]["selesai"] == "2025-04-30"

    def test_end_before_start_is_refused(self, opd):
        with pytest.raises(tk.ValidationError) as err:
            self._create(opd, jadwal=[{"tahap": "PENGUMPULAN",
                                       "mulai": "2025-04-30",
                                       "selesai": "2025-03-01"}])
        assert "2025-03-01" in str(err.value.error_dict["jadwal"])

    def test_unknown_enumeration(self, opd):
        with pytest.raises(tk.ValidationError) as err:
            self._create(opd, sarana_pengumpulan=["PAPI", "MERPATI"])
        assert "MERPATI" in err.value.error_dict["sarana_pengumpulan"][0]

    def test_dataset_links_to_its_kegiatan(self, opd):
        keg = self._create(opd)
        made = create(opd, kegiatan=keg["name"])
        assert made["kegiatan"] == keg["name"]


class TestOrganizationAndGroup:
    def test_opd_profile(self):
        sysadmin = factories.Sysadmin()
        org = act("organization_create", sysadmin, name="dinkes",
                  title="Dinas Kesehatan", singkatan="Dinkes",
                  kode_opd="1.02.0.00.0.00.01.0000",
                  kepala_nama="dr. Sari", kepala_nip="197001012000031001",
                  kepala_jabatan="Kepala Dinas", telepon="0721-111222",
                  email="dinkes@kota.go.id", urusan=["1.02"])
        shown = act("organization_show", None, id=org["id"])
        assert shown["kepala_nip"] == "197001012000031001"
        assert shown["urusan"] == ["1.02"]

    @pytest.mark.parametrize("field,value", [
        ("kepala_nip", "12345"), ("urusan", ["7.77"]),
        ("email", "bukan email"), ("telepon", "abc")])
    def test_bad_opd_profile_values(self, field, value):
        with pytest.raises(tk.ValidationError) as err:
            act("organization_create", factories.Sysadmin(), name="opd-x",
                **{field: value})
        assert field in err.value.error_dict

    def test_topic_group(self):
        group = act("group_create", factories.Sysadmin(), name="kesehatan",
                    title="Kesehatan", urusan=["1.02"], sektor=["KESEHATAN"])
        assert act("group_show", None, id=group["id"])["sektor"] == [
            "KESEHATAN"]
        with pytest.raises(tk.ValidationError):
            act("group_create", factories.Sysadmin(), name="lain",
                sektor=["BUKAN_SEKTOR"])


class TestFacets:
    @pytest.mark.ckan_config("ckan.locale_default", "id")
    def test_facets_with_indonesian_labels_filter(self, app, opd):
        create(opd, name="aa", urusan=["2.12"], jenis_data="statistik")
        create(opd, name="bb", urusan=["1.02"], jenis_data="geospasial",
               cakupan_wilayah=["18.71.08"])
        result = act("package_search", None, **{"facet.field": [
            "urusan", "jenis_data", "cakupan_wilayah"]})
        urusan = {i["name"]: i["display_name"]
                  for i in result["search_facets"]["urusan"]["items"]}
        assert urusan == {
            "2.12": "Administrasi kependudukan dan pencatatan sipil",
            "1.02": "Kesehatan"}
        # a district also counts under its regency and province
        regions = result["facets"]["cakupan_wilayah"]
        assert regions == {"18": 2, "18.71": 2, "18.71.08": 1}
        assert [r["name"] for r in act(
            "package_search", None, fq='urusan:"1.02"')["results"]] == ["bb"]

    @pytest.mark.ckan_config("ckan.locale_default", "id")
    def test_dataset_page_facets_in_indonesian(self, app, opd):
        create(opd, name="aa", urusan=["1.02"], jenis_data="geospasial")
        body = app.get("/dataset/").get_data(as_text=True)
        for label in ("Jenis data", "Urusan pemerintahan", "Frekuensi "
                      "pemutakhiran", "Klasifikasi akses", "Geospasial",
                      "Kesehatan"):
            assert label in body, label
        body = app.get("/dataset/?jenis_data=geospasial").get_data(
            as_text=True)
        assert "Jumlah Penduduk per Kecamatan 2025" in body
        body = app.get("/dataset/?jenis_data=statistik").get_data(
            as_text=True)
        assert "Jumlah Penduduk per Kecamatan 2025" not in body

    @pytest.mark.ckan_config("ckan.locale_default", "id")
    def test_dataset_page_shows_blocks_and_hides_empty_ones(self, app, opd):
        create(opd, name="aa")
        body = app.get("/dataset/aa").get_data(as_text=True)
        assert "Standar data" in body
        assert "Kota Bandar Lampung, Lampung (18.71)" in body
        assert "Metadata indikator (MS-Ind)" not in body


@pytest.mark.ckan_config("ckan.locale_default", "en")
def test_kegiatan_page_lists_its_datasets(app, opd):
    keg = act("package_create", opd["operator_a"],
              **dict(KEGIATAN, name="survei-kesehatan-2025", type="kegiatan",
                     owner_org=opd["org_a"]["id"]))
    create(opd, name="hasil-survei", title="Hasil Survei Kesehatan",
           kegiatan=keg["name"])
    create(opd, name="hasil-rahasia", title="Hasil Rahasia",
           kegiatan=keg["name"], private=True)
    body = app.get("/kegiatan/survei-kesehatan-2025").get_data(as_text=True)
    assert "Data sets produced by this activity" in body
    assert "Hasil Survei Kesehatan" in body
    assert "Hasil Rahasia" not in body
    body = app.get("/kegiatan/survei-kesehatan-2025", headers={
        "Authorization": opd["operator_a"]["token"]}).get_data(as_text=True)
    assert "Hasil Rahasia" in body


class TestUnknownKeys:
    URL = "/api/3/action/package_create"

    def test_api_refuses_unknown_keys(self, app, opd):
        response = app.post(self.URL, json={
            "name": "kunci-asing", "owner_org": opd["org_a"]["id"],
            "kunci_asing": "nilai"},
            headers={"Authorization": opd["operator_a"]["token"]})
        assert response.status_code == 409
        assert "kunci_asing" in response.json["error"]

    def test_api_keeps_extras_and_round_trips_show(self, app, opd):
        headers = {"Authorization": opd["operator_a"]["token"]}
        response = app.post(self.URL, json={
            "name": "dengan-ekstra", "owner_org": opd["org_a"]["id"],
            "extras": [{"key": "catatan", "value": "bebas"}]},
            headers=headers)
        assert response.status_code == 200, response.json
        shown = app.get("/api/3/action/package_show",
                        query_string={"id": "dengan-ekstra"},
                        headers=headers).json["result"]
        shown["title"] = "Diperbarui"
        response = app.post("/api/3/action/package_update", json=shown,
                            headers=headers)
        assert response.status_code == 200, response.json
        assert response.json["result"]["extras"] == [
            {"key": "catatan", "value": "bebas"}]


def test_kegiatan_web_form(app, opd):
    headers = {"Authorization": opd["operator_a"]["token"]}
    response = app.post("/kegiatan/new", headers=headers, data={
        "title": "Survei Pasar 2026", "name": "survei-pasar-2026",
        "owner_org": opd["org_a"]["id"], "tahun_kegiatan": "2026",
        "cara_pengumpulan": "SURVEI", "sektor": "HARGA",
        "metode_pengumpulan": ["WAWANCARA", "OBSERVASI"],
        "jadwal-0-tahap": "PENGUMPULAN", "jadwal-0-mulai": "2026-02-01",
        "jadwal-0-selesai": "2026-02-20",
        "save": "", "_ckan_phase": 1}, follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)
    shown = act("package_show", opd["operator_a"], id="survei-pasar-2026")
    assert shown["type"] == "kegiatan"
    assert shown["metode_pengumpulan"] == ["WAWANCARA", "OBSERVASI"]
    assert shown["jadwal"] == [{"tahap": "PENGUMPULAN", "mulai": "2026-02-01",
                                "selesai": "2026-02-20"}]
    response = app.post("/kegiatan/new", headers=headers, data={
        "title": "Salah", "name": "salah", "owner_org": opd["org_a"]["id"],
        "sektor": "BUKAN", "save": "", "_ckan_phase": 1})
    assert response.status_code == 200
    assert "BUKAN" in response.get_data(as_text=True)


def test_dataset_made_before_the_schema_keeps_working(opd):
    from ckan import model

    pkg = model.Package(name="data-lama", title="Data Lama",
                        owner_org=opd["org_a"]["id"], type="dataset")
    model.Session.add(pkg)
    pkg.extras = {"catatan_lama": "dari portal lama"}
    model.Session.commit()
    import ckan.lib.search as search
    search.rebuild(pkg.id)
    shown = act("package_show", None, id="data-lama")
    assert shown["title"] == "Data Lama"
    assert [r["name"] for r in act("package_search", None,
                                   q="lama")["results"]] == ["data-lama"]
    patched = act("package_patch", opd["operator_a"], id="data-lama",
                  title="Data Lama Diperbarui")
    assert patched["title"] == "Data Lama Diperbarui"
    report = act("satudata_metadata_completeness", None, id="data-lama")
    assert report["complete"] is False


def test_edit_forms_update_both_types(app, opd):
    headers = {"Authorization": opd["operator_a"]["token"]}
    create(opd, name="ubah-saya")
    response = app.post("/dataset/edit/ubah-saya", headers=headers, data={
        **{k: v for k, v in COMPLETE.items() if isinstance(v, str)},
        "name": "ubah-saya", "owner_org": opd["org_a"]["id"],
        "urusan": ["2.12", "1.02"], "cakupan_wilayah": "18.71.08",
        "tahun_data": "2026", "save": ""}, follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)
    shown = act("package_show", None, id="ubah-saya")
    assert shown["tahun_data"] == "2026"
    assert shown["urusan"] == ["2.12", "1.02"]
    assert shown["cakupan_wilayah"] == ["18.71.08"]
    response = app.post("/dataset/edit/ubah-saya", headers=headers, data={
        "name": "ubah-saya", "title": "x", "owner_org": opd["org_a"]["id"],
        "tahun_data": "20266", "save": ""})
    assert response.status_code == 200
    assert "20266" in response.get_data(as_text=True)

    act("package_create", opd["operator_a"], **dict(
        KEGIATAN, name="keg-ubah", type="kegiatan",
        owner_org=opd["org_a"]["id"]))
    response = app.post("/kegiatan/edit/keg-ubah", headers=headers, data={
        "name": "keg-ubah", "title": "Kegiatan Diubah",
        "owner_org": opd["org_a"]["id"], "cara_pengumpulan": "SURVEI",
        "sektor": "KESEHATAN", "save": ""}, follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert act("package_show", None, id="keg-ubah")["title"] == (
        "Kegiatan Diubah")
