"""Exports of a dataset's metadata: BPS INDAH "metadata v2" (MS-Keg for a
statistical activity, MS-Ind and MS-Var for a data set) and the dataset's
row in the 19-attribute Daftar Data. Pure functions of a dataset dict; the
INDAH keys come from ``schemas/indah_v2.yaml`` (data, not code)."""

from __future__ import annotations

import functools
from typing import Any, Callable

import yaml

from ckanext.satudata import codelists
from ckanext.satudata.schema import SCHEMAS

#: the Daftar Data attributes, in the order of the regional template
DAFTAR_DATA_KEYS = (
    "id_ddd", "id_ddp", "sumber_referensi", "kode_indikator",
    "nama_indikator", "nama_data", "jenis_data", "indikator_atau_variabel",
    "kode_standar_data", "produsen_data", "klasifikasi_risiko", "definisi",
    "satuan", "klasifikasi_penyajian", "jadwal_pemutakhiran", "kategori_rad",
    "kode_metadata", "link_portal_daerah", "link_portal_sdi")


class ExportError(ValueError):
    """A stored value does not fit the export (e.g. a code no longer in
    its list)."""


@functools.cache
def indah_mapping() -> dict[str, Any]:
    return yaml.safe_load((SCHEMAS / "indah_v2.yaml").read_text(
        encoding="utf-8"))


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _check_codes(value: Any, list_name: str, key: str) -> Any:
    if _empty(value):
        return None
    values = value if isinstance(value, list) else [value]
    for code in values:
        known = (codelists.region(code) is not None if list_name == "regions"
                 else code in codelists.get(list_name))
        if not known:
            raise ExportError(f"{key}: {code} is not in {list_name}")
    return value


def _value_domain(text: Any) -> list[dict[str, str]] | None:
    if _empty(text):
        return None
    pairs = [line.split("=", 1) for line in str(text).splitlines()
             if "=" in line]
    return [{"kode": c.strip(), "label": label.strip()} for c, label in pairs]


def render(mapping: Any, data: dict[str, Any], key: str = "") -> Any:
    """Render one mapping (see indah_v2.yaml) against a dict."""
    if isinstance(mapping, str):
        value = data.get(mapping)
        return None if _empty(value) else value
    if "list" in mapping:
        return [render(mapping["item"], item, key)
                for item in data.get(mapping["list"]) or []
                if isinstance(item, dict)]
    if "field" in mapping:
        value = data.get(mapping["field"])
        if mapping.get("value_domain"):
            return _value_domain(value)
        if mapping.get("codelist"):
            return _check_codes(value, mapping["codelist"], key)
        return None if _empty(value) else value
    return {k: render(v, data, k) for k, v in mapping.items()
            if k != "survey_only"}


def indah(pkg: dict[str, Any]) -> dict[str, Any]:
    """INDAH metadata v2 of a ``kegiatan`` (MS-Keg) or a ``dataset``
    (MS-Ind, MS-Var)."""
    mapping = indah_mapping()
    if pkg.get("type") == "kegiatan":
        ms_keg = render(mapping["ms_keg"], pkg)
        if pkg.get("cara_pengumpulan") != "SURVEI":
            ms_keg["desain_sampel"] = None
        return {"metadata_version": 2, "jenis": "MS-Keg",
                "sumber": pkg.get("name"), "ms_keg": ms_keg}
    ms_ind = render(mapping["ms_ind"], pkg)
    has_indicator = not _empty(pkg.get("ind_nama"))
    return {"metadata_version": 2, "jenis": "MS-Ind/MS-Var",
            "sumber": pkg.get("name"),
            "ms_ind": ms_ind if has_indicator else None,
            "ms_var": render(mapping["ms_var"], pkg)}


def daftar_data_row(pkg: dict[str, Any], dataset_url: str,
                    label: Callable[[str, str], str]) -> dict[str, Any]:
    """The dataset as a row of the Daftar Data (19 attributes)."""
    org = pkg.get("organization") or {}
    extras = {e["key"]: e["value"] for e in pkg.get("extras") or []}

    def field(name: str) -> Any:
        value = pkg.get(name, extras.get(name))
        return None if _empty(value) else value

    row = {
        "id_ddd": field("id_ddd") or pkg.get("id"),
        "id_ddp": field("id_ddp"),
        "sumber_referensi": field("sumber_referensi"),
        "kode_indikator": field("ind_kode_sds"),
        "nama_indikator": field("ind_nama"),
        "nama_data": pkg.get("title") or pkg.get("name"),
        "jenis_data": field("jenis_data") and label(
            "jenis_data", field("jenis_data")),
        "indikator_atau_variabel": "indikator" if field("ind_nama")
        else "variabel",
        "kode_standar_data": field("kode_standar_data"),
        "produsen_data": org.get("title") or org.get("name"),
        "klasifikasi_risiko": field("klasifikasi_akses") and label(
            "klasifikasi_akses", field("klasifikasi_akses")),
        "definisi": field("definisi"),
        "satuan": field("satuan"),
        "klasifikasi_penyajian": field("ind_klasifikasi_penyajian")
        or field("klasifikasi"),
        "jadwal_pemutakhiran": field("frekuensi") and label(
            "frekuensi", field("frekuensi")),
        "kategori_rad": field("kategori_rad"),
        "kode_metadata": field("ind_kode_sds") or field("kegiatan"),
        "link_portal_daerah": dataset_url,
        "link_portal_sdi": field("link_portal_sdi"),
    }
    return {key: row[key] for key in DAFTAR_DATA_KEYS}
