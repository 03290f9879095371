"""The SDI DCAT profile ``satudata_sdi``, chained after DCAT-AP 3: the
triples of each SDI field, the round trip CKAN -> RDF -> CKAN of both
dataset types, and the real endpoints (``/dataset/<id>.ttl``,
``/catalog.ttl``) showing a published dataset's SDI triples.

The mapping and round-trip tests load the plugins but need no database:
their dataset dicts have the shape ``package_show`` gives (the endpoint
test checks that shape against the real thing).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from ckanext.dcat.processors import RDFParser, RDFSerializer
from rdflib import PROV, RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef

from ckanext.satudata.federation.profile import (
    KODE,
    SD,
    codes_of,
    period_bounds,
)
from tests import factories as sd_factories
from tests.conftest import act
from tests.test_export import INDICATOR, VARIABLES
from tests.test_schemas import COMPLETE, KEGIATAN
from tests.workflow.conftest import PLUGINS, RESOURCE, advance, new_draft

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
EU = "http://publications.europa.eu/resource/authority/"
FREQ = Namespace(EU + "frequency/")

PROFILES = ["euro_dcat_ap_3", "satudata_sdi"]
PROFILES_CONFIG = pytest.mark.ckan_config(
    "ckanext.dcat.rdf.profiles", " ".join(PROFILES))
SITE = "http://test.ckan.net"

#: the fields DCAT-AP 3 maps (not SDI fields)
CORE = {"title", "name", "notes", "tag_string", "license_id", "owner_org"}
SCHEMAS = Path(__file__).parents[2] / "ckanext" / "satudata" / "schemas"


def sdi_fields(dataset_type: str) -> list[str]:
    schema = yaml.safe_load((SCHEMAS / f"{dataset_type}.yaml").read_text())
    return [f["field_name"] for f in schema["dataset_fields"]
            if f["field_name"] not in CORE]


#: a published dataset as package_show gives it, every SDI field filled
DATASET: dict[str, Any] = dict(
    copy.deepcopy(COMPLETE), **INDICATOR,
    id="0b6a7c1e-3f3e-4d55-9f0a-6c1d2e3f4a5b", name="penduduk-2025",
    type="dataset", license_id="cc-by", tags=[{"name": "penduduk"}],
    urusan=["2.12", "2.20"], cakupan_wilayah=["18.71", "18.71.08"],
    klasifikasi_akses="terbatas",
    dasar_hukum_pengecualian="UU 14/2008 pasal 17 huruf h",
    masa_pengecualian="2030-12-31", kegiatan="survei-kesehatan-2025",
    ind_indikator_pembangun="Jumlah laki-laki; jumlah perempuan",
    variabel=copy.deepcopy(VARIABLES) + [
        {"nama": "umur", "tipe_data": "INTEGER", "akses_umum": "tidak"}],
    resources=[{
        "id": "5e9d0c8b-1a2b-4c3d-8e4f-0a1b2c3d4e5f",
        "package_id": "0b6a7c1e-3f3e-4d55-9f0a-6c1d2e3f4a5b",
        "name": "Tabel penduduk", "format": "CSV",
        "url": "http://example.com/penduduk.csv",
        "periode_data": "2025-S2"}])

#: a kegiatan as package_show gives it, every MS-Keg field filled
KEGIATAN_FULL: dict[str, Any] = dict(
    copy.deepcopy(KEGIATAN), id="7d1f2e3a-4b5c-4d6e-8f70-8192a3b4c5d6",
    name="survei-kesehatan-2025", type="kegiatan",
    notes="Survei kesehatan rumah tangga.", id_rekomendasi="REK-2025-001",
    penyelenggara_alamat="Jl. Dr. Susilo No. 2, Bandar Lampung",
    penyelenggara_telepon="0721-481234",
    penyelenggara_email="dinkes@bandarlampungkota.go.id",
    pj_unit_eselon1="Bidang Kesehatan Masyarakat",
    pj_kontak="Siti Aminah, Kepala Seksi, 0812-1234-5678",
    cakupan_wilayah_jenis="SELURUH_WILAYAH",
    metode_pengumpulan=["WAWANCARA", "OBSERVASI"],
    sampel_populasi="Two-stage sampling dari kerangka blok sensus",
    sampel_metode="PPS", pengawasan_kualitas="Pemeriksaan ulang 5%",
    pengolahan="Penyuntingan, penyandian, entri, validasi",
    diseminasi="Publikasi digital, Desember 2025",
    jadwal=[{"tahap": "PERENCANAAN", "mulai": "2025-01-02",
             "selesai": "2025-02-28"},
            {"tahap": "PENGUMPULAN", "mulai": "2025-03-01",
             "selesai": "2025-04-30"}],
    resources=[])


def graph_of(dataset: dict[str, Any]) -> tuple[Graph, URIRef]:
    serializer = RDFSerializer(profiles=PROFILES)
    ref = serializer.graph_from_dataset(dataset)
    return serializer.g, ref


def parse(text: str, fmt: str = "turtle",
          dataset_type: str = "dataset") -> dict[str, Any]:
    parser = RDFParser(profiles=PROFILES, dataset_type=dataset_type)
    parser.parse(text, _format=fmt)
    [parsed] = list(parser.datasets())
    return parsed


def round_trip(dataset: dict[str, Any], fmt: str = "turtle",
               dataset_type: str = "dataset") -> dict[str, Any]:
    text = RDFSerializer(profiles=PROFILES).serialize_dataset(
        copy.deepcopy(dataset), _format=fmt)
    return parse(text, fmt, dataset_type)


def sdi_of(dataset: dict[str, Any], dataset_type: str) -> dict[str, Any]:
    return {f: dataset[f] for f in sdi_fields(dataset_type) if f in dataset}


def extras_of(parsed: dict[str, Any]) -> dict[str, Any]:
    return {e["key"]: e["value"] for e in parsed.get("extras", [])}


def kode(scheme: str, code: str) -> URIRef:
    return URIRef(f"{KODE}{scheme}/{code}")


def objects(g: Graph, subject: Any, predicate: URIRef) -> set:
    return set(g.objects(subject, predicate))


def one(g: Graph, subject: Any, predicate: URIRef) -> Any:
    [value] = objects(g, subject, predicate)
    return value


# -- mapping: the triples of each field --------------------------------------

#: round trips as a harvester runs them: scheming's schemas loaded (its
#: DCAT-AP parse step moves extras), search without Solr; no database
NO_DB = [
    pytest.mark.ckan_config(
        "ckan.plugins", "satudata satudata_search scheming_datasets dcat"),
    PROFILES_CONFIG, pytest.mark.usefixtures("with_plugins")]


@pytest.mark.parametrize("dataset_type,fixture", [
    ("dataset", DATASET), ("kegiatan", KEGIATAN_FULL)])
def test_fixtures_fill_every_sdi_field(dataset_type, fixture):
    """The round trips below see every SDI field of the schemas (a new
    field without a mapping fails here first)."""
    missing = [f for f in sdi_fields(dataset_type) if not fixture.get(f)]
    assert not missing


@pytest.mark.parametrize("value,codes", [
    (["2.12", "2.20"], ["2.12", "2.20"]),
    ('["2.12", "2.20"]', ["2.12", "2.20"]),
    ("2.20", ["2.20"]), ("18.10, 18.71", ["18.10", "18.71"]), ("", []),
    (None, [])])
def test_codes_of(value, codes):
    """Multi-value codes as stored or typed; "2.20" is no number."""
    assert codes_of(value) == codes


@pytest.mark.parametrize("start,end,period", [
    ("2025-01-01", "2025-12-31", None), ("2025-01-01", "2025-12-31",
                                         "TAHUNAN"),
    ("2025-07-01", "2025-12-31", "S2"), ("2025-04-01", "2025-06-30", "TW2"),
    ("2024-02-01", "2024-02-29", "02"), ("2025-12-01", "2025-12-31", "12")])
def test_period_bounds(start, end, period):
    year = start[:4]
    assert period_bounds(year, period) == (start, end)


class TestDatasetMapping:
    """No plugin needed: the profiles, code lists and config only."""

    def test_type_and_namespace(self):
        g, ref = graph_of(DATASET)
        assert (ref, RDF.type, DCAT.Dataset) in g
        assert (ref, RDF.type, SD.KegiatanStatistik) not in g
        assert ("satudata", URIRef(str(SD))) in set(g.namespaces())
        assert "@prefix satudata: <https://satudata.go.id/ns/sdi#>" in (
            g.serialize(format="turtle"))

    @pytest.mark.parametrize("code,concept", [
        ("HARIAN", "DAILY"), ("MINGGUAN", "WEEKLY"), ("BULANAN", "MONTHLY"),
        ("TRIWULANAN", "QUARTERLY"), ("EMPAT_BULANAN", "ANNUAL_3"),
        ("SEMESTERAN", "ANNUAL_2"), ("TAHUNAN", "ANNUAL"),
        ("INSIDENTAL", "IRREG"), ("LEBIH_DARI_DUA_TAHUNAN", "OTHER")])
    def test_frequency_as_eu_frequency(self, code, concept):
        g, ref = graph_of(dict(DATASET, frekuensi=code))
        # the EU URI is the only dct:accrualPeriodicity
        assert objects(g, ref, DCT.accrualPeriodicity) == {FREQ[concept]}
        # our code only where the EU concept does not give it back
        native = objects(g, ref, SD.frekuensi)
        assert native == ({Literal(code)} if concept == "OTHER" else set())

    def test_regions_as_kemendagri_uris(self):
        g, ref = graph_of(DATASET)
        city, district = kode("wilayah", "18.71"), kode("wilayah",
                                                        "18.71.08")
        assert objects(g, ref, DCT.spatial) == {city, district}
        assert (city, RDF.type, DCT.Location) in g
        assert (city, SKOS.notation, Literal("18.71")) in g
        assert (city, SKOS.prefLabel,
                Literal("Kota Bandar Lampung", lang="id")) in g
        assert (city, SKOS.inScheme, URIRef(KODE + "wilayah")) in g
        assert (city, SKOS.broader, kode("wilayah", "18")) in g
        assert (district, SKOS.broader, city) in g

    def test_urusan_and_sektor_as_themes(self):
        g, ref = graph_of(DATASET)
        assert objects(g, ref, DCAT.theme) == {
            kode("urusan", "2.12"), kode("urusan", "2.20"),
            kode("sektor", "KEPENDUDUKAN_DAN_MIGRASI")}
        statistik = kode("urusan", "2.20")
        assert (statistik, RDF.type, SKOS.Concept) in g
        assert (statistik, SKOS.inScheme, URIRef(KODE + "urusan")) in g
        assert (statistik, SKOS.prefLabel, Literal("Statistik",
                                                   lang="id")) in g
        assert (statistik, SKOS.prefLabel, Literal("Statistics",
                                                   lang="en")) in g

    def test_standar_data(self):
        g, ref = graph_of(DATASET)
        standard = kode("standar-data", "SD00001.00.00")
        assert objects(g, ref, DCT.conformsTo) == {standard}
        assert (standard, RDF.type, DCT.Standard) in g
        assert (standard, DCT.identifier, Literal("SD00001.00.00")) in g
        for field, term in (("konsep", SD.konsep), ("definisi",
                                                    SD.definisi),
                            ("klasifikasi", SD.klasifikasi),
                            ("ukuran", SD.ukuran), ("satuan", SD.satuan)):
            assert one(g, ref, term) == Literal(DATASET[field]), field

    def test_codes_as_text(self):
        """A single code stored as text is not read as a number."""
        g, ref = graph_of(dict(DATASET, urusan="2.20",
                               cakupan_wilayah="18.10"))
        assert kode("urusan", "2.20") in objects(g, ref, DCAT.theme)
        assert objects(g, ref, DCT.spatial) == {kode("wilayah", "18.10")}

    def test_kugi_code(self):
        g, ref = graph_of(dict(DATASET, kode_standar_data="KUGI:1010010"))
        assert objects(g, ref, DCT.conformsTo) == {
            kode("standar-data", "KUGI:1010010")}

    @pytest.mark.parametrize("code,right", [
        ("terbuka", "PUBLIC"), ("terbatas", "RESTRICTED"),
        ("tertutup", "NON_PUBLIC")])
    def test_access_as_eu_access_right(self, code, right):
        g, ref = graph_of(dict(DATASET, klasifikasi_akses=code))
        assert objects(g, ref, DCT.accessRights) == {
            URIRef(f"{EU}access-right/{right}")}
        assert not objects(g, ref, SD.klasifikasiAkses)

    def test_exemption(self):
        g, ref = graph_of(DATASET)
        assert one(g, ref, SD.dasarHukumPengecualian) == Literal(
            "UU 14/2008 pasal 17 huruf h")
        assert one(g, ref, SD.masaPengecualian) == Literal(
            "2030-12-31", datatype=XSD.date)

    @pytest.mark.parametrize("code,uri", [
        ("statistik", "STATISTICAL"), ("geospasial", "GEOSPATIAL"),
        ("keuangan", None), ("lainnya", None)])
    def test_jenis_data(self, code, uri):
        g, ref = graph_of(dict(DATASET, jenis_data=code))
        if uri:
            assert objects(g, ref, DCT.type) == {
                URIRef(f"{EU}dataset-type/{uri}")}
            assert not objects(g, ref, SD.jenisData)
        else:
            assert not objects(g, ref, DCT.type)
            assert objects(g, ref, SD.jenisData) == {Literal(code)}

    def test_coverage_and_time(self):
        g, ref = graph_of(DATASET)
        period = one(g, ref, DCT.temporal)
        assert (period, RDF.type, DCT.PeriodOfTime) in g
        assert one(g, period, DCAT.startDate) == Literal(
            "2025-07-01", datatype=XSD.date)
        assert one(g, period, DCAT.endDate) == Literal(
            "2025-12-31", datatype=XSD.date)
        assert one(g, ref, SD.periodeData) == Literal("S2")
        assert one(g, ref, SD.tingkatPenyajian) == Literal("KECAMATAN")
        assert one(g, ref, SD.sifatData) == Literal("tetap")
        assert one(g, ref, SD.jadwalRilis) == Literal(
            "2026-07-01", datatype=XSD.date)

    def test_contact_point(self):
        g, ref = graph_of(DATASET)
        contact = one(g, ref, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Kind) in g
        assert one(g, contact, VCARD.fn) == Literal("Budi Santoso")
        assert one(g, contact, VCARD.title) == Literal("Kepala Bidang")
        assert one(g, contact, VCARD.hasEmail) == URIRef(
            "mailto:data@disdukcapil.go.id")
        assert one(g, contact, VCARD.hasTelephone) == Literal("0721-123456")

    def test_kegiatan_link(self):
        g, ref = graph_of(DATASET)
        activity = URIRef(f"{SITE}/kegiatan/survei-kesehatan-2025")
        assert objects(g, ref, PROV.wasGeneratedBy) == {activity}
        assert (activity, RDF.type, PROV.Activity) in g

    def test_ms_ind(self):
        g, ref = graph_of(DATASET)
        node = one(g, ref, SD.indikator)
        assert (node, RDF.type, SD.Indikator) in g
        assert one(g, node, DCT.title) == Literal("Rasio jenis kelamin")
        assert one(g, node, SD.rumus) == Literal("L/P x 100")
        assert one(g, node, SD.komposit) == Literal(False)
        assert one(g, node, SD.aksesUmum) == Literal(True)
        assert one(g, node, SD.levelEstimasi) == Literal("KECAMATAN")
        assert one(g, node, DCT.conformsTo) == kode("standar-data",
                                                    "SD00003.00.00")

    def test_ms_var(self):
        g, ref = graph_of(DATASET)
        nodes = {str(one(g, n, DCT.title)): n
                 for n in objects(g, ref, SD.variabel)}
        assert set(nodes) == {"jenis_kelamin", "umur"}
        first = nodes["jenis_kelamin"]
        assert (first, RDF.type, SD.Variabel) in g
        assert one(g, first, SD.urutan) == Literal(1)
        assert one(g, first, DCT.alternative) == Literal("jk")
        assert one(g, first, SD.klasifikasiIsian) == Literal(
            "1=Laki-laki\n2=Perempuan")
        assert one(g, first, DCT.conformsTo) == kode("standar-data",
                                                     "SD00002.00.00")
        assert one(g, nodes["umur"], SD.aksesUmum) == Literal(False)
        assert one(g, nodes["umur"], SD.urutan) == Literal(2)

    def test_resource_period(self):
        g, ref = graph_of(DATASET)
        [distribution] = objects(g, ref, DCAT.distribution)
        assert one(g, distribution, SD.periodeData) == Literal("2025-S2")

    def test_no_duplicate_of_dcat_ap(self):
        """DCAT-AP 3 and this profile do not both state a property: each
        has one object, the URI form."""
        g, ref = graph_of(DATASET)
        for predicate in (DCT.accrualPeriodicity, DCT.accessRights,
                          DCT.type, DCT.temporal, DCAT.contactPoint,
                          DCT.conformsTo):
            [value] = objects(g, ref, predicate)
            assert not isinstance(value, Literal), predicate

    def test_empty_fields_write_nothing(self):
        bare = {"id": DATASET["id"], "name": "kosong", "type": "dataset",
                "title": "Kosong", "resources": []}
        g, ref = graph_of(bare)
        assert not [t for t in g if str(t[1]).startswith(str(SD))]
        for predicate in (DCT.accrualPeriodicity, DCT.spatial, DCAT.theme,
                          DCAT.contactPoint, DCT.temporal):
            assert not objects(g, ref, predicate)


class TestKegiatanMapping:
    def test_ms_keg(self):
        g, ref = graph_of(KEGIATAN_FULL)
        assert (ref, RDF.type, SD.KegiatanStatistik) in g
        page = URIRef(f"{SITE}/kegiatan/survei-kesehatan-2025")
        assert one(g, ref, DCAT.landingPage) == page
        assert one(g, ref, SD.tahunKegiatan) == Literal(
            "2025", datatype=XSD.gYear)
        assert one(g, ref, SD.caraPengumpulan) == Literal("SURVEI")
        assert objects(g, ref, SD.metodePengumpulan) == {
            Literal("WAWANCARA"), Literal("OBSERVASI")}
        assert objects(g, ref, SD.tingkatPenyajian) == {
            Literal("KABUPATEN_KOTA"), Literal("KECAMATAN")}
        assert one(g, ref, SD.sampelUkuran) == Literal(1200)
        assert objects(g, ref, DCT.accrualPeriodicity) == {FREQ.ANNUAL}
        assert objects(g, ref, DCAT.theme) == {kode("sektor", "KESEHATAN")}
        assert objects(g, ref, DCT.spatial) == {kode("wilayah", "18.71")}

    def test_romantik_identifier(self):
        g, ref = graph_of(KEGIATAN_FULL)
        node = one(g, ref, ADMS.identifier)
        assert (node, RDF.type, ADMS.Identifier) in g
        assert one(g, node, SKOS.notation) == Literal("REK-2025-001")

    def test_organiser_and_contact(self):
        g, ref = graph_of(KEGIATAN_FULL)
        organiser = one(g, ref, DCT.creator)
        assert (organiser, RDF.type, FOAF.Agent) in g
        assert one(g, organiser, FOAF.name) == Literal("Dinas Kesehatan")
        assert one(g, organiser, VCARD.hasEmail) == URIRef(
            "mailto:dinkes@bandarlampungkota.go.id")
        address = one(g, organiser, LOCN.address)
        assert one(g, address, LOCN.fullAddress) == Literal(
            "Jl. Dr. Susilo No. 2, Bandar Lampung")
        contact = one(g, ref, DCAT.contactPoint)
        assert one(g, contact, VCARD["organization-unit"]) == Literal(
            "Bidang Kesehatan Masyarakat")

    def test_schedule(self):
        g, ref = graph_of(KEGIATAN_FULL)
        stages = {str(one(g, n, SD.tahap)): n
                  for n in objects(g, ref, SD.jadwal)}
        assert set(stages) == {"PERENCANAAN", "PENGUMPULAN"}
        stage = stages["PENGUMPULAN"]
        assert (stage, RDF.type, DCT.PeriodOfTime) in g
        assert one(g, stage, DCAT.startDate) == Literal(
            "2025-03-01", datatype=XSD.date)
        assert one(g, stage, SD.urutan) == Literal(2)


# -- round trip: CKAN -> RDF -> CKAN -----------------------------------------

#: what DCAT-AP 3 would have parsed from our triples if we left it
DCAT_AP_COPIES = {"frequency", "theme", "spatial_uri", "spatial_text",
                  "conforms_to", "access_rights", "dcat_type",
                  "temporal_start", "temporal_end", "contact_name",
                  "contact_email", "creator_name", "creator_email",
                  "alternate_identifier"}


class TestRoundTrip:
    pytestmark = NO_DB

    @pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld"])
    def test_dataset(self, fmt):
        parsed = round_trip(DATASET, fmt)
        assert sdi_of(parsed, "dataset") == sdi_of(DATASET, "dataset")
        assert parsed["title"] == DATASET["title"]
        assert parsed["resources"][0]["periode_data"] == "2025-S2"
        assert not DCAT_AP_COPIES & set(extras_of(parsed))
        for key in ("contact", "provenance_activity", "type"):
            assert key not in parsed, key

    @pytest.mark.parametrize("fmt", ["turtle", "xml"])
    def test_kegiatan(self, fmt):
        parsed = round_trip(KEGIATAN_FULL, fmt, dataset_type="kegiatan")
        assert sdi_of(parsed, "kegiatan") == sdi_of(KEGIATAN_FULL,
                                                    "kegiatan")
        assert parsed["type"] == "kegiatan"
        assert not DCAT_AP_COPIES & set(extras_of(parsed))
        for key in ("contact", "creator", "url"):
            assert key not in parsed, key

    def test_kegiatan_known_without_its_schema(self):
        """A harvester reading the catalogue as ``dataset`` still gets the
        kegiatan as a kegiatan."""
        parsed = round_trip(KEGIATAN_FULL)
        assert parsed["type"] == "kegiatan"
        assert sdi_of(parsed, "kegiatan") == sdi_of(KEGIATAN_FULL,
                                                    "kegiatan")

    @pytest.mark.parametrize("code", [
        "HARIAN", "EMPAT_BULANAN", "LEBIH_DARI_DUA_TAHUNAN", "INSIDENTAL"])
    def test_every_frequency(self, code):
        assert round_trip(dict(DATASET, frekuensi=code))[
            "frekuensi"] == code

    @pytest.mark.parametrize("access", ["terbuka", "tertutup"])
    def test_access(self, access):
        assert round_trip(dict(DATASET, klasifikasi_akses=access))[
            "klasifikasi_akses"] == access

    @pytest.mark.parametrize("kind", ["geospasial", "keuangan"])
    def test_jenis_data(self, kind):
        assert round_trip(dict(DATASET, jenis_data=kind))[
            "jenis_data"] == kind

    def test_partial_dataset(self):
        """Only what was there comes back: no empty keys."""
        small = {key: DATASET[key] for key in (
            "id", "name", "type", "title", "frekuensi", "tahun_data",
            "cakupan_wilayah")}
        parsed = round_trip(small)
        assert sdi_of(parsed, "dataset") == {
            "frekuensi": "SEMESTERAN", "tahun_data": "2025",
            "cakupan_wilayah": ["18.71", "18.71.08"]}

    def test_plain_dcat_ap_source(self):
        """A DCAT-AP record of another catalogue fills the SDI fields its
        standard terms carry; what is not ours stays in extras."""
        text = f"""
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
        <http://other.example/dataset/1> a dcat:Dataset ;
          dct:title "Curah hujan" ;
          dct:accrualPeriodicity <{EU}frequency/TRIENNIAL> ;
          dct:accessRights <{EU}access-right/PUBLIC> ;
          dcat:theme <{EU}data-theme/ENVI> ;
          dcat:contactPoint [ a vcard:Kind ; vcard:fn "Bidang Data" ;
              vcard:hasEmail <mailto:data@other.example> ] .
        """
        parsed = parse(text)
        assert parsed["frekuensi"] == "LEBIH_DARI_DUA_TAHUNAN"
        assert parsed["klasifikasi_akses"] == "terbuka"
        assert parsed["kontak_nama"] == "Bidang Data"
        assert parsed["kontak_email"] == "data@other.example"
        extras = extras_of(parsed)
        assert json.loads(extras["theme"]) == [
            "http://publications.europa.eu/resource/authority/data-theme/"
            "ENVI"]
        assert "frequency" not in extras
        assert "urusan" not in parsed and "cakupan_wilayah" not in parsed


# -- the real endpoints -----------------------------------------------------


@pytest.fixture
def people(opd):
    """The OPDs' operators and verifikators and a walidata: who brings a
    record to ``published``."""
    return dict(opd, walidata=sd_factories.walidata()["staff"])


@pytest.mark.ckan_config("ckan.plugins",
                         f"{PLUGINS} satudata_federation dcat")
@PROFILES_CONFIG
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_endpoints_show_sdi_triples(app, people):
    operator = people["operator_a"]
    kegiatan = act("package_create", operator, **dict(
        {k: v for k, v in KEGIATAN_FULL.items() if k != "id"},
        owner_org=people["org_a"]["id"], resources=[dict(RESOURCE)]))
    advance(people, kegiatan, "published")
    fields = {k: v for k, v in DATASET.items()
              if k not in ("id", "name", "type", "resources")}
    pkg = new_draft(people, name="penduduk-2025", **fields)
    advance(people, pkg, "published")
    shown = act("package_show", None, id=pkg["id"])
    # the fixture has the shape of package_show
    assert sdi_of(shown, "dataset") == sdi_of(DATASET, "dataset")

    response = app.get(f"/dataset/{pkg['id']}.ttl")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    g = Graph().parse(data=text, format="turtle")
    ref = URIRef(f"{SITE}/dataset/{pkg['id']}")
    assert (ref, RDF.type, DCAT.Dataset) in g
    assert objects(g, ref, DCT.accrualPeriodicity) == {FREQ.ANNUAL_2}
    assert kode("wilayah", "18.71") in objects(g, ref, DCT.spatial)
    assert kode("urusan", "2.20") in objects(g, ref, DCAT.theme)
    assert one(g, ref, SD.konsep) == Literal(DATASET["konsep"])
    assert objects(g, ref, PROV.wasGeneratedBy) == {
        URIRef(f"{SITE}/kegiatan/survei-kesehatan-2025")}
    # what the national portal's harvester reads back
    parsed = parse(text)
    assert sdi_of(parsed, "dataset") == sdi_of(shown, "dataset")

    response = app.get("/catalog.ttl")
    assert response.status_code == 200
    catalog = Graph().parse(data=response.get_data(as_text=True),
                            format="turtle")
    [root] = catalog.subjects(RDF.type, DCAT.Catalog)
    assert ref in objects(catalog, root, DCAT.dataset)
    assert objects(catalog, ref, DCT.accrualPeriodicity) == {FREQ.ANNUAL_2}
    assert one(catalog, ref, SD.satuan) == Literal("Jiwa")
    assert objects(catalog, ref, DCAT.theme) == {
        kode("urusan", "2.12"), kode("urusan", "2.20"),
        kode("sektor", "KEPENDUDUKAN_DAN_MIGRASI")}
    assert objects(catalog, ref, DCT.spatial) == {
        kode("wilayah", "18.71"), kode("wilayah", "18.71.08")}
    keg_ref = URIRef(f"{SITE}/dataset/{kegiatan['id']}")
    assert (keg_ref, RDF.type, SD.KegiatanStatistik) in catalog
    # the dataset's activity is the kegiatan's page
    assert objects(catalog, ref, PROV.wasGeneratedBy) == objects(
        catalog, keg_ref, DCAT.landingPage)
    assert one(catalog, keg_ref, SD.caraPengumpulan) == Literal("SURVEI")
