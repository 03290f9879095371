"""Reference code lists: the data files and the CLI."""

import csv
import re

import pytest
from ckan.cli.cli import ckan as ckan_cli

from ckanext.satudata import codelists

REGION_PATTERNS = {"wilayah_provinsi": r"^\d{2}$",
                   "wilayah_kabkota": r"^\d{2}\.\d{2}$",
                   "wilayah_kecamatan": r"^\d{2}\.\d{2}\.\d{2}$"}


def test_every_list_has_source_version_date_and_unique_codes():
    for name in codelists.names():
        lst = codelists.get(name)
        assert lst.source and lst.version and lst.date, name
        codes = [item.code for item in lst]
        assert len(codes) == len(set(codes)), name
        assert all(item.label_id and item.label_en for item in lst), name


@pytest.mark.parametrize("name,pattern", REGION_PATTERNS.items())
def test_region_codes_follow_the_kemendagri_pattern(name, pattern):
    lst = codelists.get(name)
    assert all(re.match(pattern, item.code) for item in lst)
    if lst.parent_list:
        parents = codelists.get(lst.parent_list)
        assert all(item.parent in parents for item in lst)


def test_region_levels_are_complete():
    assert len(codelists.get("wilayah_provinsi")) == 38
    assert len(codelists.get("wilayah_kabkota")) >= 514
    assert len(codelists.get("wilayah_kecamatan")) >= 7000
    path = codelists.region_path("18.71.08")
    assert [i.label() for i in path] == [
        "Lampung", "Kota Bandar Lampung", "Telukbetung Barat"]
    assert codelists.region("99.99") is None


def test_labels_and_children():
    urusan = codelists.get("urusan")
    assert urusan.label("1.02") == "Kesehatan"
    assert urusan.label("1.02", "en") == "Health"
    assert urusan.label("9.99") == "9.99"
    assert [i.code for i in urusan.children("1")] == [
        "1.01", "1.02", "1.03", "1.04", "1.05", "1.06"]
    assert len(codelists.get("sektor")) == 22
    assert "TAHUNAN" in codelists.get("frekuensi")
    assert codelists.validate_codes("frekuensi", ["TAHUNAN", "KADANG"]) == [
        "KADANG"]


def test_import_regions_rewrites_the_files(tmp_path):
    src = tmp_path / "package" / "data"
    src.mkdir(parents=True)
    (src / "provinces.csv").write_text("code,name\n18,Lampung\n")
    (src / "regencies.csv").write_text(
        "code,province_code,name\n18.71,18,Kota Bandar Lampung\n")
    (src / "districts.csv").write_text(
        "code,regency_code,name\n18.71.01,18.71,Kedaton\n")
    out = tmp_path / "out"
    out.mkdir()
    counts = codelists.import_regions(tmp_path / "package", out)
    assert counts == {"wilayah_provinsi.csv": 1, "wilayah_kabkota.csv": 1,
                      "wilayah_kecamatan.csv": 1}
    with (out / "wilayah_kecamatan.csv").open() as handle:
        assert list(csv.DictReader(handle)) == [{
            "code": "18.71.01", "parent": "18.71", "id": "Kedaton",
            "en": "Kedaton"}]


def test_import_regions_refuses_bad_codes(tmp_path):
    (tmp_path / "provinces.csv").write_text("code,name\n1,Salah\n")
    (tmp_path / "regencies.csv").write_text("code,province_code,name\n")
    (tmp_path / "districts.csv").write_text("code,regency_code,name\n")
    with pytest.raises(ValueError):
        codelists.import_regions(tmp_path, tmp_path)


@pytest.mark.usefixtures("with_plugins")
def test_cli_list_and_show(cli):
    result = cli.invoke(ckan_cli, ["satudata", "codelists", "list"])
    assert result.exit_code == 0, result.output
    assert "wilayah_kecamatan" in result.output
    assert "300.2.2-2138" in result.output
    result = cli.invoke(ckan_cli, ["satudata", "codelists", "show",
                                   "wilayah_kabkota", "--parent", "18"])
    assert result.exit_code == 0
    assert "18.71\tKota Bandar Lampung" in result.output
    result = cli.invoke(ckan_cli, ["satudata", "codelists", "show", "nope"])
    assert result.exit_code != 0
    assert "no code list" in result.output
