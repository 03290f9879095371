"""The vocabulary of the SDI DCAT profile: the ``satudata:`` namespace,
the code-list URIs, the EU vocabularies our codes map to, the SDI fields
of each dataset type and the small conversions between codes and terms.
Data and small functions, used by :class:`.SatuDataProfile`."""

from __future__ import annotations

import calendar
import json
from typing import Any, Iterable
from urllib.parse import quote, unquote

from ckanext.dcat.profiles import DCAT, DCT, FOAF, VCARD
from rdflib import Namespace, URIRef
from rdflib.term import Node

from ckanext.satudata import codelists

#: the satudata: vocabulary (classes and properties of SDI metadata)
SD = Namespace("https://satudata.go.id/ns/sdi#")
#: base of the reference code list URIs: KODE + "<list>/<code>"
KODE = "https://satudata.go.id/ns/kode/"

EU_FREQUENCY = Namespace(
    "http://publications.europa.eu/resource/authority/frequency/")
EU_ACCESS = Namespace(
    "http://publications.europa.eu/resource/authority/access-right/")
EU_DATASET_TYPE = Namespace(
    "http://publications.europa.eu/resource/authority/dataset-type/")

#: frekuensi -> EU frequency. LEBIH_DARI_DUA_TAHUNAN has no exact concept:
#: OTHER, with the code kept in satudata:frekuensi.
FREQUENCY = {
    "HARIAN": EU_FREQUENCY.DAILY,
    "MINGGUAN": EU_FREQUENCY.WEEKLY,
    "BULANAN": EU_FREQUENCY.MONTHLY,
    "TRIWULANAN": EU_FREQUENCY.QUARTERLY,
    "EMPAT_BULANAN": EU_FREQUENCY.ANNUAL_3,
    "SEMESTERAN": EU_FREQUENCY.ANNUAL_2,
    "TAHUNAN": EU_FREQUENCY.ANNUAL,
    "LEBIH_DARI_DUA_TAHUNAN": EU_FREQUENCY.OTHER,
    "INSIDENTAL": EU_FREQUENCY.IRREG,
}
#: EU frequency -> frekuensi, for records from other catalogues as well
FREQUENCY_IN = {
    **{uri: code for code, uri in FREQUENCY.items()
       if uri != EU_FREQUENCY.OTHER},
    **{EU_FREQUENCY[c]: "LEBIH_DARI_DUA_TAHUNAN" for c in (
        "BIENNIAL", "TRIENNIAL", "QUADRENNIAL", "QUINQUENNIAL",
        "DECENNIAL")},
}
#: klasifikasi_akses -> EU access right (one to one)
ACCESS = {
    "terbuka": EU_ACCESS.PUBLIC,
    "terbatas": EU_ACCESS.RESTRICTED,
    "tertutup": EU_ACCESS.NON_PUBLIC,
}
ACCESS_IN = {uri: code for code, uri in ACCESS.items()}
#: jenis_data -> EU dataset type (keuangan, lainnya: satudata:jenisData)
DATASET_TYPE = {
    "statistik": EU_DATASET_TYPE.STATISTICAL,
    "geospasial": EU_DATASET_TYPE.GEOSPATIAL,
}
DATASET_TYPE_IN = {uri: code for code, uri in DATASET_TYPE.items()}

#: the agency named on the Romantik recommendation identifier
ROMANTIK = "BPS Romantik"

# Kinds of simple values
TEXT, CODES, DATE, INT, BOOL = "text", "codes", "date", "int", "bool"
YES, NO = "ya", "tidak"

#: simple fields of each type: (field, predicate, kind); CODES fields
#: are named after their code list
DATASET_FIELDS = (
    ("konsep", SD.konsep, TEXT),
    ("definisi", SD.definisi, TEXT),
    ("klasifikasi", SD.klasifikasi, TEXT),
    ("ukuran", SD.ukuran, TEXT),
    ("satuan", SD.satuan, TEXT),
    ("dasar_hukum_pengecualian", SD.dasarHukumPengecualian, TEXT),
    ("masa_pengecualian", SD.masaPengecualian, DATE),
    ("tingkat_penyajian", SD.tingkatPenyajian, TEXT),
    ("periode_data", SD.periodeData, TEXT),
    ("sifat_data", SD.sifatData, TEXT),
    ("jadwal_rilis", SD.jadwalRilis, DATE),
)
KEGIATAN_FIELDS = (
    ("tahun_kegiatan", SD.tahunKegiatan, DATE),
    ("jenis_statistik", SD.jenisStatistik, TEXT),
    ("cara_pengumpulan", SD.caraPengumpulan, TEXT),
    ("latar_belakang", SD.latarBelakang, TEXT),
    ("tujuan", SD.tujuan, TEXT),
    ("penyelenggaraan", SD.penyelenggaraan, TEXT),
    ("tipe_pengumpulan", SD.tipePengumpulan, TEXT),
    ("cakupan_wilayah_jenis", SD.jenisCakupanWilayah, TEXT),
    ("metode_pengumpulan", SD.metodePengumpulan, CODES),
    ("sarana_pengumpulan", SD.saranaPengumpulan, CODES),
    ("unit_pengumpulan", SD.unitPengumpulan, CODES),
    ("sampel_populasi", SD.sampelPopulasi, TEXT),
    ("sampel_metode", SD.sampelMetode, TEXT),
    ("sampel_ukuran", SD.sampelUkuran, INT),
    ("pengawasan_kualitas", SD.pengawasanKualitas, TEXT),
    ("pengolahan", SD.pengolahan, TEXT),
    ("metode_analisis", SD.metodeAnalisis, TEXT),
    ("tingkat_penyajian", SD.tingkatPenyajian, CODES),
    ("diseminasi", SD.diseminasi, TEXT),
)
#: MS-Ind: one satudata:Indikator node
INDICATOR_FIELDS = (
    ("ind_nama", DCT.title, TEXT),
    ("ind_konsep", SD.konsep, TEXT),
    ("ind_definisi", SD.definisi, TEXT),
    ("ind_interpretasi", SD.interpretasi, TEXT),
    ("ind_metode_perhitungan", SD.metodePerhitungan, TEXT),
    ("ind_rumus", SD.rumus, TEXT),
    ("ind_ukuran", SD.ukuran, TEXT),
    ("ind_satuan", SD.satuan, TEXT),
    ("ind_klasifikasi_penyajian", SD.klasifikasiPenyajian, TEXT),
    ("ind_komposit", SD.komposit, BOOL),
    ("ind_indikator_pembangun", SD.indikatorPembangun, TEXT),
    ("ind_variabel_pembangun", SD.variabelPembangun, TEXT),
    ("ind_level_estimasi", SD.levelEstimasi, TEXT),
    ("ind_akses_umum", SD.aksesUmum, BOOL),
)
#: MS-Var: one satudata:Variabel node per entry of ``variabel``
VARIABLE_FIELDS = (
    ("nama", DCT.title, TEXT),
    ("alias", DCT.alternative, TEXT),
    ("konsep", SD.konsep, TEXT),
    ("definisi", SD.definisi, TEXT),
    ("referensi_pemilihan", SD.referensiPemilihan, TEXT),
    ("referensi_waktu", SD.referensiWaktu, TEXT),
    ("ukuran", SD.ukuran, TEXT),
    ("satuan", SD.satuan, TEXT),
    ("tipe_data", SD.tipeData, TEXT),
    ("klasifikasi_isian", SD.klasifikasiIsian, TEXT),
    ("aturan_validasi", SD.aturanValidasi, TEXT),
    ("kalimat_pertanyaan", SD.kalimatPertanyaan, TEXT),
    ("akses_umum", SD.aksesUmum, BOOL),
)
#: a stage of a kegiatan's schedule (``jadwal``)
STAGE_FIELDS = (
    ("tahap", SD.tahap, TEXT),
    ("mulai", DCAT.startDate, DATE),
    ("selesai", DCAT.endDate, DATE),
)
#: contact point (vCard) of a dataset and of a kegiatan
DATASET_CONTACT = (
    ("kontak_nama", VCARD.fn, TEXT),
    ("kontak_jabatan", VCARD.title, TEXT),
    ("kontak_telepon", VCARD.hasTelephone, TEXT),
)
KEGIATAN_CONTACT = (
    ("pj_kontak", VCARD.fn, TEXT),
    ("pj_unit_eselon1", VCARD["organization-unit"], TEXT),
)
#: the organiser of a kegiatan (dct:creator, a foaf:Agent)
ORGANISER = (
    ("penyelenggara_instansi", FOAF.name, TEXT),
    ("penyelenggara_telepon", VCARD.hasTelephone, TEXT),
)


def code_uri(scheme: str, code: str) -> URIRef:
    """The URI of a code of a reference list: ``KODE/<scheme>/<code>``."""
    return URIRef(f"{KODE}{scheme}/{quote(str(code), safe=':')}")


def uri_code(scheme: str, uri: Node) -> str | None:
    """The code of a reference-list URI of ``scheme``, else None."""
    prefix = f"{KODE}{scheme}/"
    if isinstance(uri, URIRef) and str(uri).startswith(prefix):
        return unquote(str(uri)[len(prefix):]) or None
    return None


def period_bounds(year: str, period: str | None) -> tuple[str, str]:
    """First and last day of a ``periode`` code (TAHUNAN when empty) of a
    year: ``("2025", "S2") -> ("2025-07-01", "2025-12-31")``."""
    y = int(year)
    months = {"S1": (1, 6), "S2": (7, 12), "TW1": (1, 3), "TW2": (4, 6),
              "TW3": (7, 9), "TW4": (10, 12)}
    if period and period.isdigit() and 1 <= int(period) <= 12:
        first = last = int(period)
    else:
        first, last = months.get(period or "", (1, 12))
    end_day = calendar.monthrange(y, last)[1]
    return f"{y:04d}-{first:02d}-01", f"{y:04d}-{last:02d}-{end_day:02d}"


def codes_of(value: Any) -> list[str]:
    """The codes of a multi-value field: a list, its JSON text (how it is
    stored) or comma-separated text. Never read as JSON numbers: "2.20"
    stays "2.20"."""
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if isinstance(value, str):
        value = value.split(",")
    return [str(c).strip() for c in value or [] if str(c).strip()]


def ordered_codes(list_name: str, codes: Iterable[str]) -> list[str]:
    """Codes in the order of their code list (unknown ones last)."""
    try:
        order = {c: i for i, c in enumerate(codelists.get(list_name).by_code)}
    except KeyError:
        order = {}
    return sorted(set(codes), key=lambda c: (order.get(c, len(order)), c))
