"""Demo content for a regional Satu Data portal (``ckan satudata demo-data``).

A walidata organisation (Diskominfo), three OPDs, the Pembina (BPS), a user
for every role, topic groups, statistical activities and datasets with CSV
resources served from the portal's own ``/satudata/demo/`` folder. The OPD
operators make their datasets.

With the ``satudata_workflow`` plugin on, the datasets then go through the
real workflow actions as the demo users (operator submits, verifikator
verifies or returns, walidata publishes or rejects with the QA checklist),
so that the demo holds every state and every role has tasks. Without it,
the datasets are public, or private where marked. With ``satudata_daftar``
on, the current year's Daftar Data follows (:mod:`.daftar.demo`).

Idempotent: what exists already is left alone; a dataset is taken through
the workflow only while it is a draft that never moved.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import config as sd_config

#: one password for every demo login; a demo portal only
DEMO_PASSWORD = "Satudata2026!"

ORGANIZATIONS = [
    {"name": "diskominfo", "title": "Dinas Komunikasi dan Informatika",
     "description": "Walidata Satu Data daerah: mengumpulkan, memeriksa, "
                    "menyebarluaskan data.",
     "kepala_jabatan": "Kepala Dinas Komunikasi dan Informatika",
     "kepala_nip": "197603142001121002"},
    {"name": "dinkes", "title": "Dinas Kesehatan",
     "description": "Produsen data bidang kesehatan.",
     "kepala_jabatan": "Kepala Dinas Kesehatan",
     "kepala_nip": "197805122005011003"},
    {"name": "disdik", "title": "Dinas Pendidikan dan Kebudayaan",
     "description": "Produsen data bidang pendidikan.",
     "kepala_jabatan": "Kepala Dinas Pendidikan dan Kebudayaan",
     "kepala_nip": "197111202000032001"},
    {"name": "disdukcapil",
     "title": "Dinas Kependudukan dan Pencatatan Sipil",
     "description": "Produsen data kependudukan dan pencatatan sipil.",
     "kepala_jabatan": "Kepala Dinas Kependudukan dan Pencatatan Sipil",
     "kepala_nip": "198002172006041004"},
    {"name": "bps", "title": "Badan Pusat Statistik Kota Bandar Lampung",
     "description": "Pembina Data statistik: membina produsen data, "
                    "merekomendasikan kegiatan statistik dan menelaah "
                    "kualitas data."},
]

GROUPS = [
    {"name": "kesehatan", "title": "Kesehatan",
     "description": "Data layanan dan derajat kesehatan masyarakat."},
    {"name": "pendidikan", "title": "Pendidikan",
     "description": "Data satuan pendidikan, murid dan guru."},
    {"name": "kependudukan", "title": "Kependudukan",
     "description": "Data penduduk dan dokumen kependudukan."},
]

#: (user name, full name, sysadmin, [(organisation, capacity)]); the
#: editor of an organisation is its operator, the admin its verifikator
USERS = [
    ("admin", "Administrator Sistem", True, []),
    ("walidata", "Staf Walidata Diskominfo", False,
     [("diskominfo", "editor")]),
    ("kepala_walidata", "Kepala Bidang Statistik Diskominfo", False,
     [("diskominfo", "admin")]),
    ("operator_dinkes", "Operator Data Dinas Kesehatan", False,
     [("dinkes", "editor")]),
    ("verifikator_dinkes", "Kepala Dinas Kesehatan", False,
     [("dinkes", "admin")]),
    ("operator_disdik", "Operator Data Dinas Pendidikan", False,
     [("disdik", "editor")]),
    ("verifikator_disdik", "Kepala Dinas Pendidikan", False,
     [("disdik", "admin")]),
    ("operator_disdukcapil", "Operator Data Disdukcapil", False,
     [("disdukcapil", "editor")]),
    ("verifikator_disdukcapil", "Kepala Disdukcapil", False,
     [("disdukcapil", "admin")]),
    ("pembina_bps", "Statistisi BPS Kota Bandar Lampung", False,
     [("bps", "member")]),
    ("warga", "Warga (pengguna data)", False, []),
]

#: the walidata user who publishes and rejects
WALIDATA_USER = "walidata"

#: where a dataset ends in the workflow, and the steps that bring it there
PATHS = {
    "published": ("submit", "verify", "publish"),
    "verified": ("submit", "verify"),
    "submitted": ("submit",),
    "returned": ("submit", "return"),
    "rejected": ("submit", "verify", "reject"),
    "draft": (),
}

# Each dataset: its metadata, "resource" (name, file under
# public/satudata/demo), "workflow" (a key of PATHS; default published),
# "private" (without the workflow plugin), "return_note", "reject" (note and
# failed QA items), "qa_na" (QA items not applicable at publication).
DATASETS = [
    {"name": "jumlah-penduduk-per-kecamatan-2025",
     "title": "Jumlah Penduduk per Kecamatan Menurut Jenis Kelamin 2025",
     "owner_org": "disdukcapil", "groups": ["kependudukan"],
     "notes": "Jumlah penduduk hasil konsolidasi data kependudukan semester "
              "II 2025, dirinci per kecamatan dan jenis kelamin.",
     "tags": ["penduduk", "kependudukan", "jenis kelamin"],
     "sdi": {"urusan": ["2.12"], "sektor": "KEPENDUDUKAN_DAN_MIGRASI",
             "ukuran": "Jumlah", "satuan": "Jiwa",
             "tingkat_penyajian": "KECAMATAN", "frekuensi": "SEMESTERAN",
             "periode_data": "S2", "kode_standar_data": "SD00001.00.00",
             "konsep": "Penduduk adalah semua orang yang berdomisili di "
                       "wilayah Republik Indonesia.",
             "definisi": "Jumlah penduduk yang tercatat dalam data "
                         "kependudukan menurut kecamatan domisili.",
             "klasifikasi": "Jenis kelamin",
             "variabel": [
                 {"nama": "kode_wilayah", "tipe_data": "TEKS",
                  "definisi": "Kode wilayah kecamatan (Kemendagri)"},
                 {"nama": "jenis_kelamin", "tipe_data": "TEKS",
                  "klasifikasi_isian": "1=Laki-laki\n2=Perempuan"},
                 {"nama": "jumlah", "tipe_data": "INTEGER",
                  "satuan": "jiwa"}]},
     "resource": ("Penduduk per kecamatan 2025",
                  "penduduk-kecamatan-2025.csv")},
    # verified by Disdukcapil: waits for the walidata
    {"name": "kepemilikan-ktp-elektronik-2025",
     "title": "Persentase Kepemilikan KTP Elektronik 2025",
     "owner_org": "disdukcapil", "groups": ["kependudukan"],
     "notes": "Penduduk wajib KTP dan yang sudah melakukan perekaman KTP "
              "elektronik per kecamatan.",
     "tags": ["ktp-el", "kependudukan"],
     "resource": ("Kepemilikan KTP-el 2025", "kepemilikan-ktp-el-2025.csv"),
     "workflow": "verified"},
    # rejected by the walidata: back with the failed QA items
    {"name": "kepemilikan-akta-kelahiran-anak",
     "title": "Kepemilikan Akta Kelahiran Anak Usia 0-18 Tahun",
     "owner_org": "disdukcapil", "groups": ["kependudukan"],
     "notes": "Anak usia 0-18 tahun yang telah memiliki akta kelahiran, "
              "2023-2025.",
     "tags": ["akta kelahiran", "anak"],
     "resource": ("Akta kelahiran 2023-2025", "akta-kelahiran-2025.csv"),
     "workflow": "rejected",
     "reject": {
         "note": "Belum dapat dipublikasikan. Perbaiki sifat data dan "
                 "samakan jumlah anak 2025 dengan data kependudukan "
                 "semester II 2025, lalu ajukan kembali.",
         "failed": {
             "aktualitas": "Angka 2025 masih angka sementara, tetapi sifat "
                           "data diisi 'tetap'.",
             "keterbandingan": "Jumlah anak usia 0-18 tahun 2025 belum "
                               "sama dengan data penduduk semester II "
                               "2025."}}},
    # submitted: waits for the verifikator of Dinas Kesehatan
    {"name": "fasilitas-kesehatan-per-kecamatan-2025",
     "title": "Jumlah Fasilitas Kesehatan per Kecamatan 2025",
     "owner_org": "dinkes", "groups": ["kesehatan"],
     "notes": "Puskesmas, puskesmas rawat inap, klinik pratama dan rumah "
              "sakit menurut kecamatan.",
     "tags": ["fasilitas kesehatan", "puskesmas", "rumah sakit"],
     "resource": ("Fasilitas kesehatan 2025",
                  "fasilitas-kesehatan-2025.csv"),
     "workflow": "submitted"},
    {"name": "cakupan-imunisasi-dasar-lengkap-2025",
     "title": "Cakupan Imunisasi Dasar Lengkap pada Bayi 2025",
     "owner_org": "dinkes", "groups": ["kesehatan"],
     "notes": "Persentase bayi yang mendapat imunisasi dasar lengkap "
              "menurut kecamatan.",
     "tags": ["imunisasi", "bayi", "kesehatan anak"],
     "sdi": {"urusan": ["1.02"], "sektor": "KESEHATAN",
             "ukuran": "Persentase", "satuan": "Persen",
             "tingkat_penyajian": "KECAMATAN", "frekuensi": "TAHUNAN",
             "kegiatan": "survei-kesehatan-daerah-2025",
             "ind_nama": "Cakupan imunisasi dasar lengkap",
             "ind_rumus": "bayi IDL / sasaran bayi x 100",
             "ind_satuan": "Persen", "ind_komposit": "tidak",
             "ind_level_estimasi": "KECAMATAN"},
     "resource": ("Imunisasi dasar lengkap 2025",
                  "imunisasi-dasar-lengkap-2025.csv")},
    # returned by the verifikator: the operator sees why (not public
    # either without the workflow plugin)
    {"name": "kasus-stunting-balita-2025-draf",
     "title": "Prevalensi Stunting pada Balita 2025 (belum terbit)",
     "owner_org": "dinkes", "groups": ["kesehatan"], "private": True,
     "notes": "Prevalensi balita stunting hasil penimbangan serentak "
              "Agustus 2025 menurut kecamatan.",
     "tags": ["stunting", "balita"],
     "resource": ("Prevalensi stunting 2025",
                  "imunisasi-dasar-lengkap-2025.csv"),
     "workflow": "returned",
     "return_note": "Berkas yang dilampirkan masih tabel imunisasi dasar "
                    "lengkap, bukan tabel stunting. Unggah tabel "
                    "prevalensi stunting hasil penimbangan serentak per "
                    "kecamatan, lalu ajukan kembali."},
    {"name": "sekolah-dasar-murid-guru-2025",
     "title": "Jumlah Sekolah Dasar, Murid dan Guru 2025",
     "owner_org": "disdik", "groups": ["pendidikan"],
     "notes": "Sekolah dasar negeri dan swasta, murid dan guru per "
              "kecamatan, tahun ajaran 2025/2026.",
     "tags": ["sekolah dasar", "murid", "guru"],
     "resource": ("SD, murid dan guru 2025", "sekolah-dasar-2025.csv")},
    # submitted: waits for the verifikator of Dinas Pendidikan
    {"name": "angka-partisipasi-sekolah-2025",
     "title": "Angka Partisipasi Sekolah Menurut Kelompok Umur 2025",
     "owner_org": "disdik", "groups": ["pendidikan"],
     "notes": "Angka partisipasi sekolah (APS) penduduk usia 7-24 tahun.",
     "tags": ["aps", "pendidikan"],
     "resource": ("APS 2025", "angka-partisipasi-sekolah-2025.csv"),
     "workflow": "submitted"},
    # a draft the operator has not sent yet
    {"name": "rasio-murid-guru-sekolah-dasar-2025",
     "title": "Rasio Murid terhadap Guru Sekolah Dasar 2025",
     "owner_org": "disdik", "groups": ["pendidikan"], "private": True,
     "notes": "Rasio murid terhadap guru SD per kecamatan, dihitung dari "
              "data sekolah dasar 2025; perhitungan masih diperiksa "
              "operator sebelum diajukan.",
     "tags": ["rasio murid guru", "guru"],
     "sdi": {"ukuran": "Rasio", "satuan": "Murid per guru",
             "tingkat_penyajian": "KECAMATAN"},
     "resource": ("Bahan perhitungan: SD, murid dan guru 2025",
                  "sekolah-dasar-2025.csv"),
     "workflow": "draft"},
    {"name": "realisasi-anggaran-diskominfo-2025",
     "title": "Realisasi Anggaran Program Diskominfo 2025",
     "owner_org": "diskominfo", "groups": [],
     "notes": "Pagu dan realisasi anggaran per program Dinas Komunikasi dan "
              "Informatika.",
     "tags": ["anggaran", "keuangan daerah"],
     "sdi": {"jenis_data": "keuangan", "satuan": "Rupiah"},
     "resource": ("Realisasi anggaran 2025", "anggaran-kominfo-2025.csv"),
     "qa_na": {"kode_referensi": "Data per program anggaran, tidak "
                                 "dirinci menurut wilayah."}},
]


#: metadata every demo dataset gets unless its "sdi" says otherwise
SDI_DEFAULTS = {
    "jenis_data": "statistik", "klasifikasi_akses": "terbuka",
    "cakupan_wilayah": ["18.71"], "tingkat_penyajian": "KABUPATEN_KOTA",
    "tahun_data": "2025", "periode_data": "TAHUNAN",
    "frekuensi": "TAHUNAN", "sifat_data": "tetap",
    "jadwal_rilis": "2026-06-30", "ukuran": "Jumlah", "satuan": "Unit",
    "konsep": "Konsep mengikuti standar data sektoral yang disepakati "
              "Forum Satu Data.",
    "definisi": "Definisi mengikuti standar data sektoral yang disepakati "
                "Forum Satu Data.",
}
URUSAN_OF_ORG = {"dinkes": ["1.02"], "disdik": ["1.01"],
                 "disdukcapil": ["2.12"], "diskominfo": ["2.16"]}
SEKTOR_OF_ORG = {"dinkes": "KESEHATAN", "disdik": "PENDIDIKAN_DAN_PELATIHAN",
                 "disdukcapil": "KEPENDUDUKAN_DAN_MIGRASI",
                 "diskominfo": "KEUANGAN_PEMERINTAH_DAN_SEKTOR_PUBLIK"}

#: statistical activities (MS-Keg), published through the workflow; the
#: resource is the activity's result table
ACTIVITIES = [
    {"name": "survei-kesehatan-daerah-2025",
     "title": "Survei Kesehatan Daerah 2025", "owner_org": "dinkes",
     "notes": "Survei rumah tangga tahunan tentang status kesehatan dan "
              "pemanfaatan layanan kesehatan.",
     "tahun_kegiatan": "2025", "jenis_statistik": "SEKTORAL",
     "cara_pengumpulan": "SURVEI", "sektor": "KESEHATAN",
     "penyelenggara_instansi": "Dinas Kesehatan",
     "penyelenggara_email": "dinkes@satudata.local",
     "latar_belakang": "Perencanaan kesehatan daerah memerlukan data "
                       "status kesehatan per kecamatan.",
     "tujuan": "Mengukur cakupan layanan kesehatan dasar.",
     "jadwal": [{"tahap": "PENGUMPULAN", "mulai": "2025-03-01",
                 "selesai": "2025-04-30"},
                {"tahap": "DISEMINASI", "mulai": "2025-08-01",
                 "selesai": "2025-08-31"}],
     "penyelenggaraan": "BERULANG", "frekuensi": "TAHUNAN",
     "tipe_pengumpulan": "CROSS_SECTIONAL",
     "cakupan_wilayah_jenis": "SELURUH_WILAYAH",
     "cakupan_wilayah": ["18.71"], "metode_pengumpulan": ["WAWANCARA"],
     "sarana_pengumpulan": ["CAPI"], "unit_pengumpulan": ["RUMAH_TANGGA"],
     "sampel_metode": "Two-stage stratified sampling", "sampel_ukuran": 1200,
     "metode_analisis": "DESKRIPTIF",
     "tingkat_penyajian": ["KABUPATEN_KOTA", "KECAMATAN"],
     "resource": ("Tabel hasil: imunisasi dasar lengkap 2025",
                  "imunisasi-dasar-lengkap-2025.csv")},
    {"name": "kompilasi-data-kependudukan-2025",
     "title": "Kompilasi Data Kependudukan Semester II 2025",
     "owner_org": "disdukcapil",
     "notes": "Kompilasi data administrasi kependudukan dari SIAK.",
     "tahun_kegiatan": "2025", "jenis_statistik": "SEKTORAL",
     "cara_pengumpulan": "KOMPILASI_PRODUK_ADMINISTRASI",
     "sektor": "KEPENDUDUKAN_DAN_MIGRASI",
     "penyelenggara_instansi": "Dinas Kependudukan dan Pencatatan Sipil",
     "latar_belakang": "Data kependudukan menjadi data dasar perencanaan.",
     "tujuan": "Menyajikan jumlah penduduk per kecamatan.",
     "penyelenggaraan": "BERULANG", "frekuensi": "SEMESTERAN",
     "tipe_pengumpulan": "LONGITUDINAL_CROSS_SECTIONAL",
     "cakupan_wilayah": ["18.71"], "metode_pengumpulan": ["DATA_SEKUNDER"],
     "unit_pengumpulan": ["INDIVIDU"], "metode_analisis": "DESKRIPTIF",
     "tingkat_penyajian": ["KECAMATAN"],
     "resource": ("Tabel hasil: penduduk per kecamatan 2025",
                  "penduduk-kecamatan-2025.csv")},
]

#: keys of a spec above that steer the demo and are not dataset fields
DEMO_KEYS = ("resource", "workflow", "private", "groups", "tags", "sdi",
             "return_note", "reject", "qa_na")


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _act(action: str, user: str, **data: Any) -> Any:
    """An action called as a demo user (auth checked)."""
    return tk.get_action(action)({"user": user}, data)


def _exists(action: str, ref: str) -> bool:
    try:
        tk.get_action(action)(_site_context(), {"id": ref})
    except tk.ObjectNotFound:
        return False
    return True


def _org_user(org: str, capacity: str) -> str:
    """The demo user holding ``capacity`` in ``org``."""
    return next(name for name, _, _, memberships in USERS
                if (org, capacity) in memberships)


def _resource(spec: dict[str, Any], site_url: str) -> dict[str, Any]:
    name, filename = spec["resource"]
    return {"name": name, "format": "CSV",
            "url": f"{site_url}/satudata/demo/{filename}",
            "description": spec["notes"]}


def _dataset_fields(spec: dict[str, Any]) -> dict[str, Any]:
    org = spec["owner_org"]
    fields = dict(SDI_DEFAULTS, urusan=URUSAN_OF_ORG[org],
                  sektor=SEKTOR_OF_ORG[org],
                  kontak_nama=f"Pengelola Data {org.upper()}",
                  kontak_email=f"data.{org}@satudata.local")
    fields.update(spec.get("sdi", {}))
    fields.update({k: v for k, v in spec.items() if k not in DEMO_KEYS})
    fields["license_id"] = "cc-by"
    fields["tags"] = [{"name": t} for t in spec["tags"]]
    return fields


def _create(spec: dict[str, Any], fields: dict[str, Any], workflow: bool,
            site_url: str) -> None:
    """The OPD's operator makes the dataset; the portal administrator
    files it under its topic groups (groups are the portal's)."""
    made = _act("package_create", _org_user(spec["owner_org"], "editor"),
                **fields,
                # the workflow makes new datasets private drafts; only
                # publication makes them public
                private=workflow or spec.get("private", False),
                resources=[_resource(spec, site_url)])
    for group in spec.get("groups", []):
        _act("member_create", "admin", id=group, object=made["id"],
             object_type="package", capacity="public")


# -- the verification workflow ----------------------------------------------

def _qa(codes: list[str], results: dict[str, tuple[str, str]]
        ) -> dict[str, dict[str, str]]:
    """An answer to every checklist item: pass, unless ``results`` says
    ``(result, note)``."""
    answers = {code: {"result": "pass", "note": ""} for code in codes}
    for code, (result, note) in results.items():
        if code in answers:
            answers[code] = {"result": result, "note": note}
    return answers


def _step(step: str, spec: dict[str, Any], codes: list[str]) -> None:
    name, org = spec["name"], spec["owner_org"]
    if step == "submit":
        _act("satudata_dataset_submit", _org_user(org, "editor"), id=name,
             qc_statement=True)
    elif step == "verify":
        profile = next(o for o in ORGANIZATIONS if o["name"] == org)
        _act("satudata_dataset_verify", _org_user(org, "admin"), id=name,
             position=profile["kepala_jabatan"], nip=profile["kepala_nip"],
             note="Data sudah diperiksa dan sesuai dengan catatan OPD.")
    elif step == "return":
        _act("satudata_dataset_return", _org_user(org, "admin"), id=name,
             note=spec["return_note"])
    elif step == "publish":
        na = {code: ("na", note)
              for code, note in spec.get("qa_na", {}).items()}
        _act("satudata_dataset_publish", WALIDATA_USER, id=name,
             qa=_qa(codes, na),
             note="Lolos penjaminan kualitas walidata.")
    elif step == "reject":
        failed = {code: ("fail", note)
                  for code, note in spec["reject"]["failed"].items()
                  if code in codes}
        if not failed:  # a checklist of the deployment's own
            failed = {codes[0]: ("fail", spec["reject"]["note"])}
        _act("satudata_dataset_reject", WALIDATA_USER, id=name,
             qa=_qa(codes, failed), note=spec["reject"]["note"])


def _take_through_workflow(spec: dict[str, Any], codes: list[str],
                           echo: Callable[[str], Any]) -> None:
    """Bring a draft that never moved to where the spec says; a dataset
    already past a step is left alone."""
    shown = tk.get_action("satudata_workflow_show")(
        _site_context(), {"id": spec["name"]})
    moved = [e for e in shown["history"]
             if e["transition"] not in ("create", "edit")]
    if shown["state"] != "draft" or moved:
        return
    for step in PATHS[spec.get("workflow", "published")]:
        try:
            _step(step, spec, codes)
        except (tk.ValidationError, tk.NotAuthorized) as err:
            echo(f"warning: {spec['name']}: {step} refused: {err}")
            return


#: revision and withdrawal requests in the register: (dataset, kind,
#: who asks, reason, whether the walidata opens the revision, the copy's
#: new description)
CHANGES = [
    ("sekolah-dasar-murid-guru-2025", "revision", "disdik",
     "Jumlah guru belum memasukkan guru honorer sekolah swasta.", True,
     "Jumlah sekolah dasar, murid dan guru (termasuk guru honorer sekolah "
     "swasta) per kecamatan, tahun ajaran 2025/2026."),
    ("cakupan-imunisasi-dasar-lengkap-2025", "withdrawal", "dinkes",
     "Angka cakupan Kecamatan Panjang tertukar dengan Kecamatan Sukabumi; "
     "mohon ditarik sampai diperbaiki.", False, None),
]


def _demo_changes(echo: Callable[[str], Any]) -> None:
    """A revision in progress and a withdrawal request waiting, so that
    the register (/satudata/perubahan) and the dataset pages show them
    (only where the dataset has no request yet)."""
    for name, kind, org, reason, open_it, notes in CHANGES:
        try:
            found = _act("satudata_change_request_list", WALIDATA_USER,
                         id=name)
            if found["count"]:
                continue
            _act(f"satudata_{kind}_request", _org_user(org, "editor"),
                 id=name, reason=reason)
            if open_it:
                opened = _act("satudata_revision_open", WALIDATA_USER,
                              id=name)
                _act("package_patch", _org_user(org, "editor"),
                     id=opened["revision"]["id"], notes=notes)
        except (tk.ValidationError, tk.NotAuthorized,
                tk.ObjectNotFound) as err:
            echo(f"warning: {name}: {kind} request refused: {err}")


#: demo data requests: (title, description, steps) filed by "warga";
#: steps are (action, user, data) taken in order
REQUESTS = [
    ("Jumlah penduduk miskin per kelurahan 2025",
     "Jumlah penduduk miskin per kelurahan di Kota Bandar Lampung, "
     "menurut jenis kelamin.", []),
    ("Jumlah tenaga kesehatan per puskesmas 2025",
     "Jumlah dokter, perawat dan bidan per puskesmas.",
     [("assign", WALIDATA_USER, {"organizations": ["dinkes"]}),
      ("confirm", "operator_dinkes", {"availability": "tersedia",
                                      "note": "Data sedang disusun."})]),
    ("Jumlah penduduk per kecamatan 2025",
     "Jumlah penduduk per kecamatan menurut jenis kelamin.",
     [("assign", WALIDATA_USER, {"organizations": ["disdukcapil"]}),
      ("fulfil", "operator_disdukcapil", {
          "datasets": ["jumlah-penduduk-per-kecamatan-2025"],
          "note": "Data tersedia di portal."})]),
    ("Data kepemilikan kendaraan bermotor per rumah tangga",
     "Jumlah kendaraan bermotor per rumah tangga per kecamatan.",
     [("refuse", WALIDATA_USER, {
         "ground": "tidak_dikuasai",
         "note": "Data ini dikelola Bapenda Provinsi Lampung; silakan "
                 "ajukan ke sana."})]),
]

#: demo complaints: (category, dataset, description, steps)
COMPLAINTS = [
    ("data_salah", "sekolah-dasar-murid-guru-2025",
     "Jumlah murid Kecamatan Kemiling tampak tertukar dengan Kecamatan "
     "Rajabasa.",
     [("verify", WALIDATA_USER, {}),
      ("assign", WALIDATA_USER, {"organizations": ["disdik"]})]),
    ("tautan_rusak", "realisasi-anggaran-diskominfo-2025",
     "Berkas CSV tidak dapat diunduh.",
     [("verify", WALIDATA_USER, {}),
      ("resolve", WALIDATA_USER, {
          "note": "Tautan berkas sudah diperbaiki."})]),
]


def _demo_requests(echo: Callable[[str], Any]) -> None:
    """Data requests and complaints in every kind of state, filed by the
    demo user "warga" for three people (only into an empty register)."""
    from ckanext.satudata.requests.logic.action import NO_RATE_LIMIT

    if _act("satudata_request_list", WALIDATA_USER)["count"] or _act(
            "satudata_complaint_list", WALIDATA_USER)["count"]:
        return
    people = [{"name": name, "email": email, "institution": institution}
              for name, email, institution in (
                  ("Warga Pengguna Data", "warga@satudata.local",
                   "Universitas Lampung"),
                  ("Rina Wulandari", "rina@satudata.local",
                   "Lembaga Kajian Kebijakan Publik"),
                  ("Andi Saputra", "andi@satudata.local",
                   "Harian Lampung Pos"))]
    filed = []
    for index, (title, description, steps) in enumerate(REQUESTS):
        case = tk.get_action("satudata_request_create")(
            {"user": "warga", NO_RATE_LIMIT: True}, dict(
                title=title, description=description, purpose="Penelitian",
                **people[index % len(people)]))
        filed.append(("request", case["number"], steps))
    for index, (category, dataset, description, steps) in enumerate(
            COMPLAINTS):
        data = dict(people[(index + 1) % len(people)], category=category,
                    description=description)
        if _exists("package_show", dataset):
            data["dataset"] = dataset
        case = tk.get_action("satudata_complaint_create")(
            {"user": "warga", NO_RATE_LIMIT: True}, data)
        filed.append(("complaint", case["number"], steps))
    for kind, number, steps in filed:
        for action, user, data in steps:
            try:
                _act(f"satudata_{kind}_{action}", user, id=number, **data)
            except (tk.ValidationError, tk.NotAuthorized,
                    tk.ObjectNotFound) as err:
                echo(f"warning: {number}: {action} refused: {err}")
    echo(f"requests and complaints: {len(filed)} filed")


def _workflow_summary(echo: Callable[[str], Any]) -> None:
    """One line per workflow state, and the tasks of every demo user."""
    found: dict[str, list[str]] = {
        "published": [], "verified": [], "submitted": [], "draft": []}
    for spec in ACTIVITIES + DATASETS:
        try:
            shown = tk.get_action("satudata_workflow_show")(
                _site_context(), {"id": spec["name"]})
        except tk.ObjectNotFound:
            continue
        label = spec["name"]
        last = shown.get("last_return")
        if last:
            label += " ({})".format(
                "returned" if last["transition"] == "return" else "rejected")
        found.setdefault(shown["state"], []).append(label)
    echo("Workflow states of the demo datasets and activities:")
    for state, names in found.items():
        echo(f"  {state}: {len(names)}"
             + (f" ({', '.join(names)})" if names else ""))
    if not found["submitted"] or not found["verified"]:
        echo("  (datasets made before satudata_workflow was switched on "
             "count as published; seed an empty database to see every "
             "state)")
    echo("Tasks waiting (Tugas saya, /satudata/tugas):")
    for name, _, sysadmin, _ in USERS:
        if sysadmin or model.User.get(name) is None:
            continue
        tasks = _act("satudata_task_list", name)
        if tasks["count"]:
            kinds = Counter(item["task"] for item in tasks["items"])
            echo(f"  {name:<26} "
                 + ", ".join(f"{n} {kind}" for kind, n in kinds.items()))


def create_demo_content(echo: Callable[[str], Any] = print) -> dict:
    """Create what is missing of the demo content; return a summary."""
    workflow = p.plugin_loaded("satudata_workflow")
    created: dict[str, list[str]] = {"users": [], "organizations": [],
                                     "groups": [], "activities": [],
                                     "datasets": []}
    for name, full_name, sysadmin, _ in USERS:
        if model.User.get(name) is None:
            tk.get_action("user_create")(_site_context(), {
                "name": name, "fullname": full_name,
                "email": f"{name}@satudata.local",
                "password": DEMO_PASSWORD})
            created["users"].append(name)
        user = model.User.get(name)
        if sysadmin and not user.sysadmin:
            user.sysadmin = True
            model.Session.commit()

    for org in ORGANIZATIONS:
        if not _exists("organization_show", org["name"]):
            tk.get_action("organization_create")(
                dict(_site_context(), user="admin"), dict(org))
            created["organizations"].append(org["name"])
    for name, _, _, memberships in USERS:
        for org_name, capacity in memberships:
            tk.get_action("organization_member_create")(_site_context(), {
                "id": org_name, "username": name, "role": capacity})

    for group in GROUPS:
        if not _exists("group_show", group["name"]):
            tk.get_action("group_create")(
                dict(_site_context(), user="admin"), dict(group))
            created["groups"].append(group["name"])

    site_url = tk.config.get("ckan.site_url").rstrip("/")
    codes = ([item["code"] for item in _act(
        "satudata_qa_checklist_show", WALIDATA_USER)] if workflow else [])
    # activities first: datasets name the activity that produced them
    for kind, specs in (("activities", ACTIVITIES), ("datasets", DATASETS)):
        for spec in specs:
            if not _exists("package_show", spec["name"]):
                fields = (dict({k: v for k, v in spec.items()
                                if k not in DEMO_KEYS}, type="kegiatan")
                          if kind == "activities" else _dataset_fields(spec))
                _create(spec, fields, workflow, site_url)
                created[kind].append(spec["name"])
            if workflow:
                _take_through_workflow(spec, codes, echo)

    for kind, names in created.items():
        echo(f"{kind}: {len(names)} created" + (
            f" ({', '.join(names)})" if names else ""))
    if workflow:
        _demo_changes(echo)
        _workflow_summary(echo)
    if p.plugin_loaded("satudata_requests"):
        _demo_requests(echo)
    if p.plugin_loaded("satudata_daftar"):
        # the year's Daftar Data, delivered by the datasets published above
        from ckanext.satudata.daftar import demo as daftar_demo

        daftar_demo.create(echo)
    echo("")
    echo(f"Walidata organisation(s): "
         f"{', '.join(sd_config.walidata_organizations())}")
    pembina = sd_config.pembina_organizations()
    if pembina:
        echo(f"Pembina organisation(s): {', '.join(pembina)}")
    echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for name, full_name, sysadmin, memberships in USERS:
        roles = ", ".join(f"{cap} {org}" for org, cap in memberships)
        echo(f"  {name:<26} {full_name}"
             + (" [sysadmin]" if sysadmin else "")
             + (f" [{roles}]" if roles else ""))
    return created
