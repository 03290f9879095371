"""Synthetic Satu Data Indonesia catalogue for the search benchmark.

Titles and descriptions are built from a vocabulary of real statistical
topics of regional government offices (OPD); every schema facet gets a
valid code; a share of the datasets is private (unpublished) or a CKAN
draft. Everything is drawn from a seeded random generator, so the same
``n`` gives the same catalogue.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any, Iterator

#: (short name, title) of the OPDs; 24 offices of a regency/city
OPDS = [
    ("dinkes", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan dan Kebudayaan"),
    ("dinsos", "Dinas Sosial"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("disnaker", "Dinas Tenaga Kerja"),
    ("dishub", "Dinas Perhubungan"),
    ("dlh", "Dinas Lingkungan Hidup"),
    ("dkpp", "Dinas Ketahanan Pangan dan Pertanian"),
    ("diskanla", "Dinas Kelautan dan Perikanan"),
    ("disparbud", "Dinas Pariwisata"),
    ("disperindag", "Dinas Perindustrian dan Perdagangan"),
    ("diskopukm", "Dinas Koperasi dan UKM"),
    ("dpmptsp", "Dinas Penanaman Modal dan PTSP"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("bapenda", "Badan Pendapatan Daerah"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan SDM"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah"),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("dispora", "Dinas Pemuda dan Olahraga"),
    ("disperkim", "Dinas Perumahan dan Kawasan Permukiman"),
    ("satpolpp", "Satuan Polisi Pamong Praja"),
    ("rsud", "Rumah Sakit Umum Daerah"),
]

#: topics: (OPD, title, description, urusan, sektor, tags, ukuran, satuan)
TOPICS = [
    ("dinkes", "Angka Kematian Bayi", "Jumlah kematian bayi berumur di "
     "bawah satu tahun per 1.000 kelahiran hidup", "1.02", "KESEHATAN",
     ["kesehatan", "bayi", "kematian"], "rasio", "per 1.000 kelahiran"),
    ("dinkes", "Cakupan Imunisasi Dasar Lengkap", "Persentase bayi yang "
     "mendapat imunisasi dasar lengkap di puskesmas", "1.02", "KESEHATAN",
     ["imunisasi", "bayi", "puskesmas"], "persentase", "persen"),
    ("dinkes", "Prevalensi Stunting Balita", "Persentase balita pendek dan "
     "sangat pendek hasil penimbangan di posyandu", "1.02", "KESEHATAN",
     ["stunting", "gizi", "balita"], "persentase", "persen"),
    ("dinkes", "Jumlah Tenaga Kesehatan", "Dokter, perawat dan bidan yang "
     "bertugas di fasilitas pelayanan kesehatan", "1.02", "KESEHATAN",
     ["tenaga kesehatan", "dokter"], "jumlah", "orang"),
    ("rsud", "Tingkat Hunian Tempat Tidur Rumah Sakit", "Bed occupancy rate "
     "rumah sakit umum daerah menurut ruang rawat inap", "1.02",
     "KESEHATAN", ["rumah sakit", "rawat inap"], "persentase", "persen"),
    ("disdik", "Angka Partisipasi Murni Sekolah Dasar", "Perbandingan murid "
     "usia 7-12 tahun yang bersekolah di SD dengan penduduk usia yang sama",
     "1.01", "PENDIDIKAN_DAN_PELATIHAN", ["pendidikan", "sekolah dasar"],
     "persentase", "persen"),
    ("disdik", "Jumlah Guru Menurut Jenjang Pendidikan", "Guru tetap dan "
     "honorer pada satuan pendidikan negeri dan swasta", "1.01",
     "PENDIDIKAN_DAN_PELATIHAN", ["guru", "pendidik"], "jumlah", "orang"),
    ("disdik", "Angka Putus Sekolah", "Persentase siswa yang berhenti "
     "sekolah sebelum lulus menurut jenjang", "1.01",
     "PENDIDIKAN_DAN_PELATIHAN", ["putus sekolah", "siswa"], "persentase",
     "persen"),
    ("disdik", "Jumlah Sekolah dan Ruang Kelas", "Sarana pendidikan menurut "
     "kondisi ruang kelas baik, rusak ringan dan rusak berat", "1.01",
     "PENDIDIKAN_DAN_PELATIHAN", ["sekolah", "sarana"], "jumlah", "unit"),
    ("dinsos", "Jumlah Penduduk Miskin", "Penduduk dengan pengeluaran per "
     "kapita di bawah garis kemiskinan", "1.06",
     "KONSUMSI_DAN_PENDAPATAN", ["kemiskinan", "bansos"], "jumlah",
     "jiwa"),
    ("dinsos", "Penerima Program Keluarga Harapan", "Keluarga penerima "
     "manfaat bantuan sosial bersyarat", "1.06",
     "PERLINDUNGAN_SOSIAL", ["bantuan sosial", "PKH"], "jumlah",
     "keluarga"),
    ("dinsos", "Penyandang Masalah Kesejahteraan Sosial", "Jumlah PMKS "
     "menurut jenis: anak terlantar, lanjut usia, disabilitas", "1.06",
     "PERLINDUNGAN_SOSIAL", ["PMKS", "disabilitas"], "jumlah",
     "orang"),
    ("disdukcapil", "Jumlah Penduduk Menurut Jenis Kelamin", "Penduduk hasil "
     "registrasi menurut kecamatan dan jenis kelamin", "2.12",
     "KEPENDUDUKAN_DAN_MIGRASI", ["penduduk", "demografi"], "jumlah",
     "jiwa"),
    ("disdukcapil", "Kepemilikan Akta Kelahiran Anak", "Persentase anak usia "
     "0-18 tahun yang memiliki akta kelahiran", "2.12",
     "KEPENDUDUKAN_DAN_MIGRASI", ["akta kelahiran", "anak"], "persentase",
     "persen"),
    ("disdukcapil", "Perekaman KTP Elektronik", "Penduduk wajib KTP yang "
     "telah merekam data KTP elektronik", "2.12",
     "KEPENDUDUKAN_DAN_MIGRASI", ["KTP", "e-KTP"], "jumlah", "jiwa"),
    ("dpupr", "Panjang Jalan Menurut Kondisi", "Jalan kabupaten dalam "
     "kondisi baik, sedang, rusak ringan dan rusak berat", "1.03",
     "TRANSPORTASI", ["jalan", "infrastruktur"], "panjang", "kilometer"),
    ("dpupr", "Daerah Irigasi dan Luas Layanan", "Luas sawah yang dilayani "
     "jaringan irigasi kewenangan kabupaten", "1.03",
     "PERTANIAN_KEHUTANAN_PERIKANAN", ["irigasi", "sawah"], "luas",
     "hektare"),
    ("dpupr", "Akses Air Minum Layak", "Rumah tangga dengan akses sumber "
     "air minum layak dan aman", "1.03", "PERMUKIMAN_DAN_PERUMAHAN",
     ["air minum", "sanitasi"], "persentase", "persen"),
    ("disnaker", "Tingkat Pengangguran Terbuka", "Persentase angkatan kerja "
     "yang tidak bekerja dan sedang mencari pekerjaan", "2.07",
     "TENAGA_KERJA", ["pengangguran", "tenaga kerja"], "persentase",
     "persen"),
    ("disnaker", "Pencari Kerja Terdaftar", "Pencari kerja yang mendaftar "
     "kartu kuning menurut tingkat pendidikan", "2.07", "TENAGA_KERJA",
     ["pencari kerja", "AK1"], "jumlah", "orang"),
    ("dishub", "Jumlah Kendaraan Bermotor", "Kendaraan bermotor terdaftar "
     "menurut jenis kendaraan", "2.15", "TRANSPORTASI",
     ["kendaraan", "transportasi"], "jumlah", "unit"),
    ("dishub", "Angka Kecelakaan Lalu Lintas", "Kejadian kecelakaan lalu "
     "lintas dan korbannya menurut bulan", "2.15", "TRANSPORTASI",
     ["kecelakaan", "lalu lintas"], "jumlah", "kejadian"),
    ("dlh", "Volume Sampah Terangkut", "Timbulan sampah dan sampah yang "
     "terangkut ke tempat pemrosesan akhir", "2.11", "LINGKUNGAN_HIDUP",
     ["sampah", "persampahan"], "volume", "ton"),
    ("dlh", "Indeks Kualitas Udara", "Hasil pemantauan kualitas udara "
     "ambien di titik pantau", "2.11", "LINGKUNGAN_HIDUP",
     ["kualitas udara", "polusi"], "indeks", "indeks"),
    ("dkpp", "Produksi Padi dan Palawija", "Luas panen, produktivitas dan "
     "produksi padi, jagung dan kedelai", "3.27",
     "PERTANIAN_KEHUTANAN_PERIKANAN", ["padi", "pertanian", "pangan"],
     "jumlah", "ton"),
    ("dkpp", "Populasi Ternak", "Populasi sapi, kerbau, kambing dan unggas "
     "menurut kecamatan", "3.27", "PERTANIAN_KEHUTANAN_PERIKANAN",
     ["ternak", "peternakan"], "jumlah", "ekor"),
    ("diskanla", "Produksi Perikanan Tangkap", "Volume dan nilai produksi "
     "ikan hasil tangkapan nelayan", "3.25",
     "PERTANIAN_KEHUTANAN_PERIKANAN", ["perikanan", "nelayan", "ikan"],
     "volume", "ton"),
    ("disparbud", "Kunjungan Wisatawan", "Wisatawan nusantara dan "
     "mancanegara yang berkunjung ke objek wisata", "3.26", "PARIWISATA",
     ["pariwisata", "wisatawan"], "jumlah", "orang"),
    ("disperindag", "Harga Kebutuhan Pokok", "Harga rata-rata beras, gula, "
     "minyak goreng dan cabai di pasar tradisional", "3.30",
     "HARGA", ["harga", "inflasi", "pasar"], "nilai",
     "rupiah"),
    ("disperindag", "Industri Kecil dan Menengah", "Unit usaha industri "
     "kecil menengah dan tenaga kerjanya", "3.31",
     "PERTAMBANGAN_MANUFAKTUR_KONSTRUKSI",
     ["industri", "IKM"], "jumlah", "unit"),
    ("diskopukm", "Jumlah Koperasi Aktif", "Koperasi aktif dan anggotanya "
     "menurut jenis koperasi", "2.17", "PERBANKAN_ASURANSI_DAN_KEUANGAN",
     ["koperasi", "UMKM"], "jumlah", "unit"),
    ("dpmptsp", "Realisasi Investasi", "Realisasi penanaman modal dalam "
     "negeri dan asing", "2.18", "KONSUMSI_DAN_PENDAPATAN",
     ["investasi", "penanaman modal"], "nilai", "miliar rupiah"),
    ("bappeda", "Produk Domestik Regional Bruto", "PDRB atas dasar harga "
     "berlaku dan konstan menurut lapangan usaha", "5.01",
     "KONSUMSI_DAN_PENDAPATAN", ["PDRB", "ekonomi"], "nilai", "juta rupiah"),
    ("bappeda", "Indeks Pembangunan Manusia", "IPM dan komponennya: umur "
     "panjang, pengetahuan dan standar hidup layak", "5.01",
     "KONSUMSI_DAN_PENDAPATAN", ["IPM", "pembangunan manusia"],
     "indeks", "indeks"),
    ("bpkad", "Realisasi Anggaran Pendapatan dan Belanja Daerah",
     "Anggaran dan realisasi APBD menurut jenis belanja", "5.02",
     "KEUANGAN_PEMERINTAH_DAN_SEKTOR_PUBLIK", ["APBD", "anggaran", "belanja"],
     "nilai", "rupiah"),
    ("bapenda", "Realisasi Pajak Daerah", "Target dan realisasi pajak "
     "daerah menurut jenis pajak", "5.02",
     "KEUANGAN_PEMERINTAH_DAN_SEKTOR_PUBLIK",
     ["pajak", "pendapatan daerah"], "nilai", "rupiah"),
    ("bkpsdm", "Jumlah Aparatur Sipil Negara", "ASN menurut golongan, "
     "jabatan dan tingkat pendidikan", "5.03",
     "KEUANGAN_PEMERINTAH_DAN_SEKTOR_PUBLIK",
     ["ASN", "kepegawaian"], "jumlah", "orang"),
    ("bpbd", "Kejadian Bencana Alam", "Kejadian banjir, tanah longsor dan "
     "angin puting beliung serta korbannya", "1.05", "LINGKUNGAN_HIDUP",
     ["bencana", "banjir", "longsor"], "jumlah", "kejadian"),
    ("dp3a", "Kasus Kekerasan terhadap Perempuan dan Anak", "Kasus yang "
     "dilaporkan dan ditangani menurut jenis kekerasan", "2.08",
     "HUKUM_DAN_KRIMINAL", ["kekerasan", "perlindungan anak"], "jumlah",
     "kasus"),
    ("dispora", "Jumlah Organisasi Kepemudaan", "Organisasi pemuda dan "
     "klub olahraga terdaftar", "2.19", "BUDAYA",
     ["pemuda", "olahraga"], "jumlah", "unit"),
    ("disperkim", "Rumah Tidak Layak Huni", "Rumah tidak layak huni dan yang "
     "telah direhabilitasi", "1.04", "PERMUKIMAN_DAN_PERUMAHAN",
     ["perumahan", "RTLH"], "jumlah", "unit"),
    ("satpolpp", "Penegakan Peraturan Daerah", "Pelanggaran peraturan "
     "daerah yang ditindak menurut jenis", "1.05", "HUKUM_DAN_KRIMINAL",
     ["perda", "ketertiban"], "jumlah", "kasus"),
]

BREAKDOWNS = ["Menurut Kecamatan", "Menurut Jenis Kelamin",
              "Menurut Kelompok Umur", "Menurut Bulan", "Menurut Desa",
              "Menurut Jenis", "per Triwulan", "Tahunan"]
REGIONS = [("18.71", "Kota Bandar Lampung"), ("18.01", "Lampung Barat"),
           ("18.02", "Tanggamus"), ("18.03", "Lampung Selatan"),
           ("18.04", "Lampung Timur"), ("18.05", "Lampung Tengah"),
           ("18.06", "Lampung Utara"), ("18.07", "Way Kanan")]
YEARS = list(range(2015, 2027))
FREKUENSI = ["TAHUNAN"] * 6 + ["BULANAN", "TRIWULANAN", "SEMESTERAN"] * 2
TINGKAT = ["KABUPATEN_KOTA", "KECAMATAN", "DESA_KELURAHAN", "PROVINSI"]
JENIS = ["statistik"] * 8 + ["geospasial", "keuangan"]
FORMATS = ["CSV", "XLSX", "JSON", "PDF", "SHP"]
LICENSES = ["cc-by", "cc-by", "cc-zero", "odc-by", "other-open"]
GROUPS = [("ekonomi", "Ekonomi"), ("sosial", "Sosial"),
          ("infrastruktur", "Infrastruktur"), ("lingkungan", "Lingkungan")]
TOPIC_GROUP = {"KESEHATAN": "sosial", "PENDIDIKAN_DAN_PELATIHAN": "sosial",
               "PERLINDUNGAN_SOSIAL": "sosial",
               "KEPENDUDUKAN_DAN_MIGRASI": "sosial",
               "TRANSPORTASI": "infrastruktur",
               "PERMUKIMAN_DAN_PERUMAHAN": "infrastruktur",
               "LINGKUNGAN_HIDUP": "lingkungan"}
PREFIX = "bench-"


def dataset_rows(n: int, org_ids: dict[str, str], group_ids: dict[str, str],
                 user_id: str, seed: int = 8) -> Iterator[dict[str, Any]]:
    """``n`` datasets as rows of CKAN's tables: one dict per dataset with
    ``package``, ``resources``, ``tags`` (names) and ``group`` (id)."""
    rng = random.Random(seed)
    base = dt.datetime(2024, 1, 1)
    for i in range(n):
        opd, topic, about, urusan, sektor, tags, ukuran, satuan = rng.choice(
            TOPICS)
        if rng.random() < 0.3:  # any office may hold data on any topic
            opd = rng.choice(OPDS)[0]
        breakdown = rng.choice(BREAKDOWNS)
        code, region = rng.choice(REGIONS)
        year = rng.choice(YEARS)
        title = f"{topic} {breakdown} di {region} Tahun {year}"
        roll = rng.random()
        private = roll < 0.12            # unpublished (in the workflow)
        state = "draft" if 0.12 <= roll < 0.15 else "active"
        access = "terbuka" if rng.random() < 0.9 else "terbatas"
        created = base + dt.timedelta(minutes=7 * i + rng.randint(0, 6))
        extras = {
            "jenis_data": rng.choice(JENIS),
            "urusan": json.dumps([urusan]),
            "sektor": sektor,
            "klasifikasi_akses": access,
            "cakupan_wilayah": json.dumps([code]),
            "tingkat_penyajian": rng.choice(TINGKAT),
            "tahun_data": str(year),
            "frekuensi": rng.choice(FREKUENSI),
            "ukuran": ukuran,
            "satuan": satuan,
            "konsep": f"{topic}: {about}.",
            "definisi": about,
            "kode_standar_data": f"SD{rng.randint(1, 99999):05d}.00.00",
            "kontak_nama": "Operator " + opd.upper(),
            "kontak_email": f"data@{opd}.example.go.id",
        }
        if access != "terbuka":
            extras["dasar_hukum_pengecualian"] = (
                "UU 14/2008 Pasal 17 huruf h; uji konsekuensi PPID")
            extras["masa_pengecualian"] = f"{year + 5}-12-31"
        package_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        resources = []
        for position in range(rng.choice([1, 1, 2, 3])):
            fmt = rng.choice(FORMATS)
            resources.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "package_id": package_id,
                "url": f"https://data.example.go.id/{opd}/{i}-{position}."
                       f"{fmt.lower()}",
                "format": fmt,
                "name": f"{topic} {year} ({fmt})",
                "description": f"Tabel {topic.lower()} {breakdown.lower()}",
                "position": position,
                "state": "active",
                "url_type": None,
                "extras": "{}",
                "created": created,
                "metadata_modified": created,
            })
        yield {
            "package": {
                "id": package_id,
                "name": f"{PREFIX}{i:06d}-{opd}",
                "title": title,
                "notes": f"{about}. Data {topic.lower()} {breakdown.lower()}"
                         f" di {region} tahun {year}, dikumpulkan oleh "
                         f"{dict(OPDS)[opd]}.",
                "owner_org": org_ids[opd],
                "private": private,
                "state": state,
                "type": "dataset",
                "license_id": rng.choice(LICENSES),
                "creator_user_id": user_id,
                "metadata_created": created,
                "metadata_modified": created + dt.timedelta(
                    days=rng.randint(0, 300)),
                "extras": extras,
            },
            "resources": resources,
            "tags": tags + [f"tahun {year}"],
            "group": group_ids[TOPIC_GROUP.get(sektor, "ekonomi")],
        }


def topic_words() -> list[str]:
    """Words people search for, from the topics."""
    words = set()
    for topic in TOPICS:
        for word in topic[1].lower().split():
            if len(word) > 4:
                words.add(word)
    return sorted(words)


def topic_phrases() -> list[str]:
    """Three-word searches, from the topic titles."""
    phrases = []
    for topic in TOPICS:
        words = topic[1].lower().split()
        if len(words) >= 3:
            phrases.append(" ".join(words[:3]))
    return phrases
