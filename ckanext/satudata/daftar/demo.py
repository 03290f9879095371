"""The demo portal's Daftar Data (part of ``ckan satudata demo-data``, see
:mod:`ckanext.satudata.demo`): the current year's list of the demo OPDs,
agreed in a berita acara (a small PDF made here), with entries of several
frequencies delivered by the demo's published datasets:

- on time: datasets linked for the period that contains today, or (the
  monthly budget realisation) for the first period of the year not due
  yet, so that the year's monitoring has one on time (a due date still
  ahead: publishing early counts as on time);
- late: a dataset linked for the latest period of the year whose due
  date has passed (it is published only now);
- missing: entries with nothing published, whose past periods are due;
- pending: a dataset linked that is not published yet.

Dinas Pendidikan's head has confirmed its list (the Surat Pernyataan).

Idempotent: an entry of the same OPD and name is left alone; datasets are
linked and the list confirmed only for entries made in this run. Early
in January no period of the year is due yet: the demo then shows no late
or missing release.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import ckan.plugins.toolkit as tk

from ckanext.satudata import config as sd_config
from ckanext.satudata import demo

from . import schedule

#: the OPDs whose head confirms the list
CONFIRMED = ("disdik",)

#: the entries: OPD, data name, codes, topic, and the demo dataset that
#: delivers it with the period it delivers ("current" or "past", see the
#: module's docstring), or none
ENTRIES: list[dict[str, Any]] = [
    {"produsen_data": "disdukcapil",
     "nama_data": "Jumlah penduduk menurut kecamatan dan jenis kelamin",
     "jenis_data": "statistik", "jadwal_pemutakhiran": "SEMESTERAN",
     "klasifikasi_risiko": "terbuka", "satuan": "Jiwa",
     "kode_standar_data": "SD00001.00.00",
     "indikator_atau_variabel": "variabel",
     "klasifikasi_penyajian": "KECAMATAN", "group": "kependudukan",
     "definisi": "Jumlah penduduk yang tercatat dalam data kependudukan "
                 "menurut kecamatan domisili.",
     "dataset": ("jumlah-penduduk-per-kecamatan-2025", "past")},
    {"produsen_data": "disdukcapil",
     "nama_data": "Persentase kepemilikan KTP elektronik",
     "jenis_data": "statistik", "jadwal_pemutakhiran": "SEMESTERAN",
     "klasifikasi_risiko": "terbuka", "satuan": "Persen",
     "indikator_atau_variabel": "indikator",
     "klasifikasi_penyajian": "KECAMATAN", "group": "kependudukan",
     "dataset": ("kepemilikan-ktp-elektronik-2025", "current")},
    {"produsen_data": "dinkes",
     "nama_data": "Cakupan imunisasi dasar lengkap pada bayi",
     "jenis_data": "statistik", "jadwal_pemutakhiran": "TAHUNAN",
     "klasifikasi_risiko": "terbuka", "satuan": "Persen",
     "indikator_atau_variabel": "indikator",
     "klasifikasi_penyajian": "KECAMATAN", "group": "kesehatan",
     "dataset": ("cakupan-imunisasi-dasar-lengkap-2025", "current")},
    {"produsen_data": "dinkes",
     "nama_data": "Jumlah kasus demam berdarah dengue (DBD)",
     "jenis_data": "statistik", "jadwal_pemutakhiran": "BULANAN",
     "klasifikasi_risiko": "terbuka", "satuan": "Kasus",
     "indikator_atau_variabel": "variabel",
     "klasifikasi_penyajian": "KECAMATAN", "group": "kesehatan"},
    {"produsen_data": "dinkes",
     "nama_data": "Kejadian luar biasa (KLB) penyakit menular",
     "jenis_data": "statistik", "jadwal_pemutakhiran": "INSIDENTAL",
     "klasifikasi_risiko": "terbatas", "satuan": "Kejadian",
     "group": "kesehatan"},
    {"produsen_data": "disdik",
     "nama_data": "Jumlah sekolah dasar, murid dan guru",
     "jenis_data": "statistik", "jadwal_pemutakhiran": "TAHUNAN",
     "klasifikasi_risiko": "terbuka", "satuan": "Unit",
     "indikator_atau_variabel": "variabel",
     "klasifikasi_penyajian": "KECAMATAN", "group": "pendidikan",
     "dataset": ("sekolah-dasar-murid-guru-2025", "current")},
    {"produsen_data": "disdik",
     "nama_data": "Angka partisipasi sekolah menurut kelompok umur",
     "jenis_data": "statistik", "jadwal_pemutakhiran": "TAHUNAN",
     "klasifikasi_risiko": "terbuka", "satuan": "Persen",
     "indikator_atau_variabel": "indikator",
     "klasifikasi_penyajian": "KABUPATEN_KOTA", "group": "pendidikan"},
    {"produsen_data": "diskominfo",
     "nama_data": "Realisasi anggaran program Diskominfo",
     "jenis_data": "keuangan", "jadwal_pemutakhiran": "BULANAN",
     "klasifikasi_risiko": "terbuka", "satuan": "Rupiah",
     "klasifikasi_penyajian": "KABUPATEN_KOTA",
     "dataset": ("realisasi-anggaran-diskominfo-2025", "next")},
]


def berita_acara_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII text), with a correct
    cross-reference table: enough for any PDF reader."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(
            ")", "\\)")

    content = "BT /F1 12 Tf 16 TL 72 790 Td " + " ".join(
        f"({escape(line)}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets
                   ).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{start}\n%%EOF\n").encode()
    return out


def demo_period(frequency: str, when: str, today: dt.date
                ) -> schedule.Period | None:
    """The period a demo dataset delivers: the one containing ``today``
    ("current"), the first of the year not due yet ("next": delivered
    today, it is on time, and due this year for a monthly entry, so the
    monitoring of the year counts it), or the latest of the year already
    due ("past"; None when none is due yet)."""
    kind = schedule.period_kind(frequency)
    if kind is None:
        return None
    if when == "current":
        return schedule.Period.containing(kind, today)
    lag, calendar = sd_config.daftar_lag_days(), sd_config.calendar()
    period = schedule.Period.containing(kind, dt.date(today.year, 1, 1))
    if when == "next":
        while period.start.year == today.year:
            if schedule.due_date(period, lag_days=lag,
                                 calendar=calendar) >= today:
                return period
            period = period.next()
        return None
    found = None
    while period.start.year == today.year and period.end < today:
        if schedule.due_date(period, lag_days=lag,
                             calendar=calendar) < today:
            found = period
        period = period.next()
    return found


def _berita_acara(year: int, today: dt.date) -> None:
    nomor = f"005/BA/FSD/{year}"
    tanggal = min(dt.date(year, 1, 20), today)
    pdf = berita_acara_pdf([
        "BERITA ACARA FORUM SATU DATA KOTA BANDAR LAMPUNG",
        f"Nomor: {nomor}", f"Tanggal: {tanggal.isoformat()}", "",
        f"Kesepakatan Daftar Data tahun {year}: data yang diserahkan "
        "setiap OPD,", "jenis data, jadwal pemutakhiran dan klasifikasi "
        "risiko (lampiran).", "",
        "Dokumen contoh portal demo Satu Data."])
    demo._act("satudata_daftar_update", demo.WALIDATA_USER, year=year,
              berita_acara_nomor=nomor,
              berita_acara_tanggal=tanggal.isoformat(),
              berita_acara_upload=(f"berita-acara-forum-satu-data-{year}"
                                   ".pdf", pdf, "application/pdf"))


def _link(spec: dict[str, Any], entry: dict[str, Any], today: dt.date,
          echo: Callable[[str], Any]) -> None:
    name, when = spec["dataset"]
    if not demo._exists("package_show", name):
        return
    period = demo_period(spec["jadwal_pemutakhiran"], when, today)
    if period is None:
        echo(f"note: {name}: no period of {today.year} is due yet, so the "
             "dataset is not linked as a late delivery")
        return
    demo._act("satudata_daftar_entry_link",
              demo._org_user(spec["produsen_data"], "editor"),
              id=entry["id"], package_id=name, period=str(period))


def _confirm(org: str, year: int) -> None:
    profile = next(o for o in demo.ORGANIZATIONS if o["name"] == org)
    demo._act("satudata_daftar_confirm", demo._org_user(org, "admin"),
              year=year, org=org, jabatan=profile["kepala_jabatan"],
              nip=profile["kepala_nip"])


def create(echo: Callable[[str], Any]) -> None:
    """Create what is missing of the current year's demo Daftar Data."""
    today = sd_config.today()
    year = today.year
    walidata = demo.WALIDATA_USER
    try:
        years = {item["year"]: item for item in demo._act(
            "satudata_daftar_year_list", walidata)}
        if not (years.get(year) or {}).get("berita_acara", {}).get(
                "nomor"):
            _berita_acara(year, today)
        existing = {(item["produsen_data"], item["nama_data"].lower())
                    for item in demo._act("satudata_daftar_entry_list",
                                          walidata, year=year)}
    except (tk.ValidationError, tk.NotAuthorized) as err:
        echo(f"warning: Daftar Data {year}: {err}")
        return
    made: list[str] = []
    for number, spec in enumerate(ENTRIES, start=1):
        org = spec["produsen_data"]
        if (org, spec["nama_data"].lower()) in existing or not (
                demo._exists("organization_show", org)):
            continue
        fields = {k: v for k, v in spec.items() if k != "dataset"}
        fields.update(id_ddd=f"DDD-{year}-{number:03d}",
                      sumber_referensi="Kesepakatan Forum Satu Data")
        try:
            entry = demo._act("satudata_daftar_entry_create", walidata,
                              year=year, **fields)
            made.append(org)
            if spec.get("dataset"):
                _link(spec, entry, today, echo)
        except (tk.ValidationError, tk.NotAuthorized,
                tk.ObjectNotFound) as err:
            echo(f"warning: Daftar Data {year}: {spec['nama_data']}: "
                 f"{err}")
    for org in CONFIRMED:
        if org in made:
            try:
                _confirm(org, year)
            except (tk.ValidationError, tk.NotAuthorized) as err:
                echo(f"warning: Daftar Data {year}: {org} did not "
                     f"confirm: {err}")
    echo(f"daftar data {year}: {len(made)} entries created")
