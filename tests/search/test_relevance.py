"""Relevance of the PostgreSQL dataset search: a judged query set over a
small catalogue of Satu Data Indonesia datasets, and the similar-titles
fallback for searches that match nothing.

Every dataset is created through ``package_create`` by its OPD's
verifikator; the results come from ``package_search`` as the anonymous
public sees it."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from tests.conftest import act

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

#: name: (OPD, title, description, tags, extra fields)
CORPUS: dict[str, tuple[str, str, str, list[str], dict]] = {
    # kemiskinan dan perlindungan sosial
    "penduduk-miskin-2024": (
        "a", "Jumlah Penduduk Miskin Kabupaten/Kota 2024",
        "Jumlah penduduk yang berada di bawah garis kemiskinan menurut "
        "kabupaten/kota, hasil Susenas Maret 2024.", ["sosial"], {}),
    "garis-kemiskinan-2024": (
        "a", "Garis Kemiskinan Kabupaten/Kota 2024",
        "Nilai pengeluaran minimum makanan dan bukan makanan per kapita "
        "per bulan.", ["sosial"], {}),
    "indeks-kedalaman-2024": (
        "b", "Indeks Kedalaman Kemiskinan 2024",
        "Rata-rata kesenjangan pengeluaran terhadap batas pengeluaran "
        "minimum.", ["sosial"], {}),
    "penerima-pkh-2024": (
        "a", "Penerima Program Keluarga Harapan 2024",
        "Jumlah keluarga penerima manfaat PKH per kecamatan. Sasaran "
        "program adalah rumah tangga miskin.", ["bantuan sosial"], {}),
    # kesehatan
    "angka-kematian-bayi-2023": (
        "a", "Angka Kematian Bayi 2023",
        "Jumlah kematian bayi usia di bawah satu tahun per 1.000 kelahiran "
        "hidup.", ["kesehatan"], {}),
    "angka-kematian-ibu-2023": (
        "a", "Angka Kematian Ibu 2023",
        "Kematian ibu selama kehamilan, persalinan dan nifas per 100.000 "
        "kelahiran hidup.", ["kesehatan"], {}),
    "imunisasi-dasar-2024": (
        "a", "Cakupan Imunisasi Dasar Lengkap Bayi 2024",
        "Persentase anak usia 0-11 bulan yang mendapat imunisasi dasar "
        "lengkap.", ["kesehatan"], {}),
    "prevalensi-stunting-2024": (
        "a", "Prevalensi Stunting Balita 2024",
        "Persentase balita pendek dan sangat pendek hasil penimbangan "
        "serentak.", ["gizi"], {}),
    "fasilitas-kesehatan-2024": (
        "a", "Jumlah Fasilitas Kesehatan 2024",
        "Rumah sakit, puskesmas dan klinik pratama per kecamatan.",
        ["puskesmas"], {}),
    "tenaga-kesehatan-2024": (
        "a", "Jumlah Tenaga Kesehatan Menurut Jenis 2024",
        "Dokter, perawat, bidan dan tenaga medis lain.", [], {}),
    # ekonomi
    "pdrb-adhb-2023": (
        "b", "Produk Domestik Regional Bruto Atas Dasar Harga Berlaku 2023",
        "PDRB menurut lapangan usaha atas dasar harga berlaku.",
        ["ekonomi"], {}),
    "pdrb-adhk-2023": (
        "b", "Produk Domestik Regional Bruto Atas Dasar Harga Konstan 2023",
        "PDRB menurut lapangan usaha atas dasar harga konstan 2010.",
        ["ekonomi"], {}),
    "laju-pertumbuhan-ekonomi-2023": (
        "b", "Laju Pertumbuhan Ekonomi 2023",
        "Pertumbuhan produk domestik regional bruto atas dasar harga "
        "konstan.", ["ekonomi"], {}),
    "inflasi-bulanan-2024": (
        "b", "Inflasi Bulanan Kota 2024",
        "Perubahan harga year on year dan month to month menurut kelompok "
        "pengeluaran.", ["harga"], {}),
    "indeks-harga-konsumen-2024": (
        "b", "Indeks Harga Konsumen 2024",
        "Indeks harga konsumen menurut kelompok pengeluaran, dasar "
        "penghitungan inflasi.", ["harga"], {}),
    "umkm-2024": (
        "b", "Jumlah Usaha Mikro Kecil dan Menengah 2024",
        "Unit usaha binaan dinas koperasi.", ["ekonomi"], {}),
    # pendidikan
    "sekolah-dasar-2024": (
        "b", "Jumlah Sekolah Dasar Negeri dan Swasta 2024",
        "Sekolah dasar dan madrasah ibtidaiyah per kecamatan.",
        ["pendidikan"], {}),
    "guru-2024": (
        "b", "Jumlah Guru Menurut Jenjang Pendidikan 2024",
        "Guru SD, SMP dan SMA negeri dan swasta.", [], {}),
    "angka-partisipasi-sekolah-2024": (
        "b", "Angka Partisipasi Sekolah 2024",
        "APS penduduk usia 7-24 tahun menurut kelompok umur.",
        ["pendidikan"], {}),
    "rata-rata-lama-sekolah-2024": (
        "b", "Rata-rata Lama Sekolah 2024",
        "Rata-rata jumlah tahun penduduk usia 25 tahun ke atas dalam "
        "menjalani pendidikan formal.", [], {}),
    # infrastruktur
    "kondisi-jalan-2024": (
        "a", "Panjang Jalan Menurut Kondisi 2024",
        "Panjang jalan kabupaten dalam kondisi baik, sedang, rusak dan "
        "rusak berat.", ["infrastruktur"], {}),
    "laporan-jalan-rusak-2025": (
        "a", "Laporan Jalan Rusak dari Masyarakat 2025",
        "Aduan warga tentang jalan berlubang melalui kanal pengaduan.",
        ["pengaduan"], {}),
    "jembatan-2024": (
        "a", "Jumlah Jembatan Menurut Kondisi 2024",
        "Jembatan kabupaten dalam kondisi baik dan rusak.",
        ["infrastruktur"], {}),
    "air-minum-layak-2024": (
        "a", "Rumah Tangga dengan Akses Air Minum Layak 2024",
        "Persentase rumah tangga dengan sumber air minum layak.",
        ["perumahan"], {}),
    # pertanian
    "produksi-padi-2024": (
        "b", "Produksi Padi Menurut Kecamatan 2024",
        "Luas panen, produktivitas dan produksi padi sawah dan ladang.",
        ["pertanian"], {}),
    "populasi-ternak-2024": (
        "b", "Populasi Ternak Besar 2024",
        "Sapi potong, sapi perah, kerbau dan kuda.", ["peternakan"], {}),
    # kependudukan dan ketenagakerjaan
    "jumlah-penduduk-2024": (
        "a", "Jumlah Penduduk Menurut Jenis Kelamin dan Kelompok Umur 2024",
        "Proyeksi interim hasil sensus.", ["kependudukan"], {}),
    "kepadatan-penduduk-2024": (
        "a", "Kepadatan Penduduk per Kecamatan 2024",
        "Jiwa per kilometer persegi.", ["kependudukan"], {}),
    "pengangguran-terbuka-2024": (
        "b", "Tingkat Pengangguran Terbuka 2024",
        "Persentase angkatan kerja yang tidak bekerja, hasil Sakernas "
        "Agustus.", ["ketenagakerjaan"], {}),
    "penduduk-bekerja-2024": (
        "b", "Penduduk Bekerja Menurut Lapangan Usaha 2024",
        "Penduduk usia 15 tahun ke atas yang bekerja.",
        ["ketenagakerjaan"],
        {"resources": [{"url": "http://x/b.csv", "format": "CSV",
                        "name": "Tabel Sakernas"}]}),
    "ipm-2024": (
        "b", "Indeks Pembangunan Manusia 2024",
        "Dihitung dari umur harapan hidup, harapan lama sekolah dan "
        "pengeluaran per kapita.", [], {}),
    # lingkungan dan kebencanaan
    "curah-hujan-2024": (
        "a", "Curah Hujan dan Hari Hujan Bulanan 2024",
        "Pengamatan stasiun meteorologi.", ["iklim"], {}),
    "kejadian-bencana-2024": (
        "a", "Kejadian Bencana Alam 2024",
        "Banjir, tanah longsor, kebakaran hutan dan angin puting beliung "
        "per kecamatan.", ["kebencanaan"], {}),
    "volume-sampah-2024": (
        "a", "Volume Sampah Harian 2024",
        "Timbulan harian yang diangkut ke TPA.", ["lingkungan hidup"], {}),
    "kinerja-kebersihan-2024": (
        "a", "Kinerja Dinas Kebersihan 2024",
        "Sampah rumah tangga, sampah pasar, sampah industri dan sampah "
        "medis: pengangkutan sampah per hari oleh armada dinas, dan "
        "sampah liar.",
        ["kebersihan"], {}),
    "ruang-terbuka-hijau-2024": (
        "a", "Ruang Terbuka Hijau 2024",
        "Luas taman kota dan hutan kota untuk kualitas lingkungan.",
        ["tata ruang"], {}),
}

#: query -> expected first results: a list in that order, or a set in any
#: order (the first len(set) results)
JUDGED: list[tuple[str, list[str] | set[str]]] = [
    # stemming: kemiskinan -> miskin finds "Penduduk Miskin"; the exact
    # word in a title ranks above the stem alone
    ("kemiskinan", ["garis-kemiskinan-2024", "indeks-kedalaman-2024"]),
    ("kemiskinan penduduk", ["penduduk-miskin-2024"]),
    ("miskin", ["penduduk-miskin-2024"]),
    ("angka kematian bayi", ["angka-kematian-bayi-2023"]),
    ("kematian", {"angka-kematian-bayi-2023", "angka-kematian-ibu-2023"}),
    ("kelahiran", {"angka-kematian-bayi-2023", "angka-kematian-ibu-2023"}),
    ("imunisasi bayi", ["imunisasi-dasar-2024"]),
    ("stunting", ["prevalensi-stunting-2024"]),
    ("puskesmas", ["fasilitas-kesehatan-2024"]),
    ("kesehatan", {"fasilitas-kesehatan-2024", "tenaga-kesehatan-2024"}),
    # phrase: the two titles before the description
    ('"produk domestik regional bruto"',
     {"pdrb-adhb-2023", "pdrb-adhk-2023"}),
    ("pdrb", {"pdrb-adhb-2023", "pdrb-adhk-2023"}),
    ('"harga konstan"', ["pdrb-adhk-2023", "laju-pertumbuhan-ekonomi-2023"]),
    # title above description
    ("inflasi", ["inflasi-bulanan-2024", "indeks-harga-konsumen-2024"]),
    ("umkm", ["umkm-2024"]),
    # prefix: "Pendidikan" in a title before tags and descriptions
    ("pendidik*", ["guru-2024"]),
    ("sekolah", {"sekolah-dasar-2024", "angka-partisipasi-sekolah-2024",
                 "rata-rata-lama-sekolah-2024"}),
    ("jalan rusak", ["laporan-jalan-rusak-2025", "kondisi-jalan-2024"]),
    ("air minum", ["air-minum-layak-2024"]),
    ("padi", ["produksi-padi-2024"]),
    ("sapi", ["populasi-ternak-2024"]),
    ("banjir", ["kejadian-bencana-2024"]),
    ("pengangguran", ["pengangguran-terbuka-2024"]),
    ("hujan", ["curah-hujan-2024"]),
    # description above tag
    ("lingkungan", ["ruang-terbuka-hijau-2024", "volume-sampah-2024"]),
    # a title once above a description repeating the word six times
    ("sampah", ["volume-sampah-2024", "kinerja-kebersihan-2024"]),
    # description above resource
    ("sakernas", ["pengangguran-terbuka-2024", "penduduk-bekerja-2024"]),
    # misspelt: nothing matches, the similar titles come instead
    ("kemiskinn", {"garis-kemiskinan-2024", "indeks-kedalaman-2024"}),
    ("stuntng", ["prevalensi-stunting-2024"]),
    ("pengangguan", ["pengangguran-terbuka-2024"]),
]

MISSPELT = {"kemiskinn", "stuntng", "pengangguan", "pendudk"}


def _create(opd, name, spec, **extra):
    org, title, notes, tags, more = spec
    data = dict(name=name, title=title, notes=notes,
                owner_org=opd[f"org_{org}"]["id"],
                tags=[{"name": t} for t in tags], **more)
    data.update(extra)
    return act("package_create", opd[f"verifikator_{org}"], **data)


@pytest.fixture
def corpus(opd):
    for name, spec in CORPUS.items():
        _create(opd, name, spec)
    return opd


def search(user=None, **params):
    return act("package_search", user, **params)


def top(result, n):
    return [r["name"] for r in result["results"][:n]]


def test_judged_queries(corpus):
    failures = []
    for q, expected in JUDGED:
        result = search(q=q, rows=10)
        got = top(result, len(expected))
        ok = (set(got) == expected if isinstance(expected, set)
              else got == expected)
        fallback = "satudata_fallback" in result
        if fallback != (q in MISSPELT):
            ok = False
        if not ok:
            failures.append(f"{q!r}: expected {expected}, got "
                            f"{top(result, 5)} (fallback: {fallback})")
    assert not failures, "\n".join(failures)


def test_misspelt_word_finds_similar_titles_only(corpus):
    result = search(q="pendudk")
    assert result["satudata_fallback"] == {
        "method": "similar_titles", "query": "pendudk"}
    titles = [r["title"] for r in result["results"]]
    assert len(titles) == result["count"] >= 4
    assert all("Penduduk" in t for t in titles), titles


class TestFallback:
    @pytest.fixture
    def hidden(self, corpus):
        """A private and a draft dataset of OPD A with titles like the
        misspelt query."""
        private = _create(corpus, "kemiskinan-ekstrem-rahasia", (
            "a", "Kemiskinan Ekstrem Rahasia 2025", "Belum terbit.", [], {}),
            private=True)
        draft = _create(corpus, "kemiskinan-draf", (
            "a", "Kemiskinan Draf 2025", "Konsep.", [], {}))
        draft = act("package_patch", factories.Sysadmin(), id=draft["id"],
                    state="draft")
        assert draft["state"] == "draft"
        return dict(corpus, private=private, draft=draft)

    def test_hides_private_and_draft_from_the_public(self, hidden):
        result = search(q="kemiskinn")
        assert "satudata_fallback" in result
        names = {r["name"] for r in result["results"]}
        assert names == {"garis-kemiskinan-2024", "indeks-kedalaman-2024"}
        assert result["count"] == 2

    def test_member_sees_the_private_one(self, hidden):
        result = search(hidden["operator_a"], q="kemiskinn",
                        include_private=True)
        names = {r["name"] for r in result["results"]}
        assert "kemiskinan-ekstrem-rahasia" in names
        assert "kemiskinan-draf" not in names
        # OPD B's member does not
        result = search(hidden["operator_b"], q="kemiskinn",
                        include_private=True)
        assert "kemiskinan-ekstrem-rahasia" not in {
            r["name"] for r in result["results"]}

    def test_honours_fq(self, corpus):
        result = search(q="kemiskinn", fq="organization:opd-b")
        assert [r["name"] for r in result["results"]] == [
            "indeks-kedalaman-2024"]
        assert result["search_facets"] is not None
        result = search(q="kemiskinn", fq="tags:ekonomi")
        assert result["count"] == 0 and result["results"] == []
        assert "satudata_fallback" not in result

    def test_only_plain_words_fall_back(self, corpus):
        for q in ["kemiskinn*", "title:kemiskinn", "kemiskinn OR zzzz",
                  "+kemiskinn", '"kemiskinn"', "kemiskinn AND garis",
                  "(kemiskinn)", "-garis kemiskinn", "zq",
                  " ".join(["kemiskinn"] * 11)]:
            result = search(q=q)
            assert result["count"] == 0, q
            assert "satudata_fallback" not in result, q
        assert "satudata_fallback" in search(q="kemiskinn")

    def test_not_when_something_matches(self, corpus):
        result = search(q="kemiskinan")
        assert "satudata_fallback" not in result


class TestPage:
    def test_search_page_says_so_escaped(self, app):
        owner = factories.Organization()
        factories.Dataset(owner_org=owner["id"], name="garis-kemiskinan",
                          title="Garis Kemiskinan 2024")
        page = app.get("/dataset/", query_string={"q": "<i>kemiskinn"})
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Garis Kemiskinan 2024" in body
        assert "satudata-search-fallback" in body
        assert "&lt;i&gt;kemiskinn" in body
        assert "<i>kemiskinn" not in body

    def test_no_message_for_a_match(self, app):
        owner = factories.Organization()
        factories.Dataset(owner_org=owner["id"], name="garis-kemiskinan",
                          title="Garis Kemiskinan 2024")
        body = app.get("/dataset/", query_string={"q": "kemiskinan"}
                       ).get_data(as_text=True)
        assert "Garis Kemiskinan 2024" in body
        assert "satudata-search-fallback" not in body
