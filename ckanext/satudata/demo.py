"""Demo content for a regional Satu Data portal (``ckan satudata demo-data``).

A walidata organisation (Diskominfo), three OPDs, a user for every role,
topic groups and datasets with CSV resources served from the portal's own
``/satudata/demo/`` folder. Idempotent: what exists already is left alone.
"""

from __future__ import annotations

from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config as sd_config

#: one password for every demo login; a demo portal only
DEMO_PASSWORD = "Satudata2026!"

ORGANIZATIONS = [
    {"name": "diskominfo", "title": "Dinas Komunikasi dan Informatika",
     "description": "Walidata Satu Data daerah: mengumpulkan, memeriksa, "
                    "menyebarluaskan data."},
    {"name": "dinkes", "title": "Dinas Kesehatan",
     "description": "Produsen data bidang kesehatan."},
    {"name": "disdik", "title": "Dinas Pendidikan dan Kebudayaan",
     "description": "Produsen data bidang pendidikan."},
    {"name": "disdukcapil",
     "title": "Dinas Kependudukan dan Pencatatan Sipil",
     "description": "Produsen data kependudukan dan pencatatan sipil."},
]

GROUPS = [
    {"name": "kesehatan", "title": "Kesehatan",
     "description": "Data layanan dan derajat kesehatan masyarakat."},
    {"name": "pendidikan", "title": "Pendidikan",
     "description": "Data satuan pendidikan, murid dan guru."},
    {"name": "kependudukan", "title": "Kependudukan",
     "description": "Data penduduk dan dokumen kependudukan."},
]

#: (user name, full name, sysadmin, [(organisation, capacity)])
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
    ("warga", "Warga (pengguna data)", False, []),
]

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
    {"name": "kepemilikan-ktp-elektronik-2025",
     "title": "Persentase Kepemilikan KTP Elektronik 2025",
     "owner_org": "disdukcapil", "groups": ["kependudukan"],
     "notes": "Penduduk wajib KTP dan yang sudah melakukan perekaman KTP "
              "elektronik per kecamatan.",
     "tags": ["ktp-el", "kependudukan"],
     "resource": ("Kepemilikan KTP-el 2025", "kepemilikan-ktp-el-2025.csv")},
    {"name": "kepemilikan-akta-kelahiran-anak",
     "title": "Kepemilikan Akta Kelahiran Anak Usia 0-18 Tahun",
     "owner_org": "disdukcapil", "groups": ["kependudukan"],
     "notes": "Anak usia 0-18 tahun yang telah memiliki akta kelahiran, "
              "2023-2025.",
     "tags": ["akta kelahiran", "anak"],
     "resource": ("Akta kelahiran 2023-2025", "akta-kelahiran-2025.csv")},
    {"name": "fasilitas-kesehatan-per-kecamatan-2025",
     "title": "Jumlah Fasilitas Kesehatan per Kecamatan 2025",
     "owner_org": "dinkes", "groups": ["kesehatan"],
     "notes": "Puskesmas, puskesmas rawat inap, klinik pratama dan rumah "
              "sakit menurut kecamatan.",
     "tags": ["fasilitas kesehatan", "puskesmas", "rumah sakit"],
     "resource": ("Fasilitas kesehatan 2025",
                  "fasilitas-kesehatan-2025.csv")},
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
    {"name": "sekolah-dasar-murid-guru-2025",
     "title": "Jumlah Sekolah Dasar, Murid dan Guru 2025",
     "owner_org": "disdik", "groups": ["pendidikan"],
     "notes": "Sekolah dasar negeri dan swasta, murid dan guru per "
              "kecamatan, tahun ajaran 2025/2026.",
     "tags": ["sekolah dasar", "murid", "guru"],
     "resource": ("SD, murid dan guru 2025", "sekolah-dasar-2025.csv")},
    {"name": "angka-partisipasi-sekolah-2025",
     "title": "Angka Partisipasi Sekolah Menurut Kelompok Umur 2025",
     "owner_org": "disdik", "groups": ["pendidikan"],
     "notes": "Angka partisipasi sekolah (APS) penduduk usia 7-24 tahun.",
     "tags": ["aps", "pendidikan"],
     "resource": ("APS 2025", "angka-partisipasi-sekolah-2025.csv")},
    {"name": "realisasi-anggaran-diskominfo-2025",
     "title": "Realisasi Anggaran Program Diskominfo 2025",
     "owner_org": "diskominfo", "groups": [],
     "notes": "Pagu dan realisasi anggaran per program Dinas Komunikasi dan "
              "Informatika.",
     "tags": ["anggaran", "keuangan daerah"],
     "sdi": {"jenis_data": "keuangan", "satuan": "Rupiah"},
     "resource": ("Realisasi anggaran 2025", "anggaran-kominfo-2025.csv")},
    # not yet published: visible only inside its OPD (and to the walidata
    # once the workflow plugin is on)
    {"name": "kasus-stunting-balita-2025-draf",
     "title": "Prevalensi Stunting pada Balita 2025 (belum terbit)",
     "owner_org": "dinkes", "groups": ["kesehatan"], "private": True,
     "notes": "Data hasil penimbangan serentak, masih diperiksa "
              "verifikator Dinas Kesehatan.",
     "tags": ["stunting", "balita"],
     "resource": ("Prevalensi stunting 2025",
                  "imunisasi-dasar-lengkap-2025.csv")},
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
     "tingkat_penyajian": ["KABUPATEN_KOTA", "KECAMATAN"]},
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
     "tingkat_penyajian": ["KECAMATAN"]},
]


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _exists(action: str, ref: str) -> bool:
    try:
        tk.get_action(action)(_site_context(), {"id": ref})
    except tk.ObjectNotFound:
        return False
    return True


def create_demo_content(echo: Callable[[str], Any] = print) -> dict:
    """Create what is missing of the demo content; return a summary."""
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

    for spec in ACTIVITIES:
        if not _exists("package_show", spec["name"]):
            tk.get_action("package_create")(
                dict(_site_context(), user="admin"),
                dict(spec, type="kegiatan"))
            created["activities"].append(spec["name"])

    site_url = tk.config.get("ckan.site_url").rstrip("/")
    for spec in DATASETS:
        if _exists("package_show", spec["name"]):
            continue
        res_name, filename = spec["resource"]
        org = spec["owner_org"]
        sdi = dict(SDI_DEFAULTS, urusan=URUSAN_OF_ORG[org],
                   sektor=SEKTOR_OF_ORG[org],
                   kontak_nama=f"Pengelola Data {org.upper()}",
                   kontak_email=f"data.{org}@satudata.local")
        sdi.update(spec.get("sdi", {}))
        tk.get_action("package_create")(dict(_site_context(), user="admin"), {
            **sdi,
            "name": spec["name"], "title": spec["title"],
            "notes": spec["notes"], "owner_org": spec["owner_org"],
            "private": spec.get("private", False),
            "license_id": "cc-by",
            "tags": [{"name": t} for t in spec["tags"]],
            "groups": [{"name": g} for g in spec["groups"]],
            "resources": [{
                "name": res_name, "format": "CSV",
                "url": f"{site_url}/satudata/demo/{filename}",
                "description": spec["notes"]}],
        })
        created["datasets"].append(spec["name"])

    for kind, names in created.items():
        echo(f"{kind}: {len(names)} created" + (
            f" ({', '.join(names)})" if names else ""))
    echo("")
    echo(f"Walidata organisation(s): "
         f"{', '.join(sd_config.walidata_organizations())}")
    echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for name, full_name, sysadmin, memberships in USERS:
        roles = ", ".join(f"{cap} {org}" for org, cap in memberships)
        echo(f"  {name:<26} {full_name}"
             + (" [sysadmin]" if sysadmin else "")
             + (f" [{roles}]" if roles else ""))
    return created
