"""satudata_metadata_completeness and its CLI."""

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan as ckan_cli

from tests.conftest import act
from tests.test_schemas import COMPLETE

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _make(opd, name, **fields):
    return act("package_create", opd["operator_a"], name=name,
               owner_org=opd["org_a"]["id"], **fields)


def test_complete_and_incomplete(opd):
    full = _make(opd, "lengkap", **COMPLETE)
    bare = _make(opd, "kurang", title="Data Kurang")
    report = act("satudata_metadata_completeness", opd["operator_a"],
                 id=full["id"])
    assert report["complete"] is True and report["missing"] == []
    report = act("satudata_metadata_completeness", opd["operator_a"],
                 id=bare["name"])
    assert report["complete"] is False
    missing = {m["field"] for m in report["missing"]}
    assert {"definisi", "satuan", "urusan", "frekuensi",
            "cakupan_wilayah"} <= missing
    assert "title" not in missing
    assert report["has_resources"] is False


def test_who_may_ask(opd):
    private = _make(opd, "rahasia", private=True)
    act("satudata_metadata_completeness", opd["verifikator_a"],
        id=private["id"])
    for who in (None, opd["operator_b"], opd["public"]):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_metadata_completeness", who, id=private["id"])
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_metadata_completeness", None, id="tidak-ada")
    with pytest.raises(tk.ValidationError):
        act("satudata_metadata_completeness", None)


def test_cli_lists_incomplete_per_opd(opd, cli):
    _make(opd, "lengkap", **COMPLETE)
    _make(opd, "kurang", title="Data Kurang")
    result = cli.invoke(ckan_cli, ["satudata", "completeness"])
    assert result.exit_code == 0, result.output
    assert "opd-a" in result.output
    assert "kurang: " in result.output
    assert "lengkap:" not in result.output
    assert "1 of 2 datasets incomplete" in result.output


def test_codelist_show_filtered_by_parent():
    result = act("satudata_codelist_show", None, name="wilayah_kecamatan",
                 parent="18.71")
    assert len(result["items"]) == 20
    assert result["items"][0] == {"code": "18.71.01", "label": "Kedaton",
                                  "parent": "18.71"}
    assert "300.2.2-2138" in result["source"]
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_codelist_show", None, name="tidak-ada")
