"""The workflow as data: transitions, roles, QA checklist, content hash
(no database)."""

from pathlib import Path

import pytest

from ckanext.satudata.workflow import machine as m

CHECKLIST = Path(m.__file__).with_name("qa_checklist.yaml")


@pytest.mark.parametrize("state, roles, expected", [
    ("draft", {"operator"}, ["submit"]),
    ("draft", {"verifikator", "walidata", "pembina"}, []),
    ("submitted", {"verifikator"}, ["return", "verify"]),
    ("submitted", {"operator", "walidata"}, []),
    ("verified", {"walidata"}, ["reject", "publish"]),
    ("verified", {"operator", "verifikator", "pembina"}, []),
    ("published", {"operator", "verifikator"}, []),
    ("published", {"operator", "verifikator", "walidata"}, ["withdraw"]),
    ("withdrawn", {"operator", "verifikator"}, []),
    ("withdrawn", {"walidata"}, ["restore"]),
])
def test_allowed(state, roles, expected):
    assert sorted(m.allowed(state, roles)) == sorted(expected)


def test_check_tells_role_from_state():
    assert m.check("verify", "submitted", {"verifikator"}).target == (
        "verified")
    with pytest.raises(m.WorkflowError) as err:
        m.check("verify", "submitted", {"operator"})
    assert err.value.code == "not_allowed"
    with pytest.raises(m.WorkflowError) as err:
        m.check("verify", "verified", {"verifikator"})
    assert err.value.code == "wrong_state"
    with pytest.raises(m.WorkflowError) as err:
        m.check("approve", "submitted", {"verifikator"})
    assert err.value.code == "unknown_transition"


def test_way_back_needs_notes_and_qa():
    assert m.TRANSITIONS["return"].note_required
    assert m.TRANSITIONS["reject"].note_required
    assert m.TRANSITIONS["reject"].qa == "failures"
    assert m.TRANSITIONS["publish"].qa == "complete"
    assert not m.TRANSITIONS["submit"].note_required


def test_shipped_checklist_has_the_nine_items():
    items = m.load_checklist(CHECKLIST)
    assert [i.code for i in items] == [
        "standar_data", "metadata", "interoperabilitas", "kode_referensi",
        "relevansi", "akurasi", "aktualitas", "aksesibilitas",
        "keterbandingan"]
    assert items[0].text("id") == "Standar Data"
    assert items[0].text("en") == "Data standard"


def test_checklist_file_errors(tmp_path):
    bad = tmp_path / "qa.yaml"
    bad.write_text("items:\n  - code: a\n  - code: a\n")
    with pytest.raises(ValueError, match="repeated"):
        m.load_checklist(bad)
    bad.write_text("items: []\n")
    with pytest.raises(ValueError, match="no items"):
        m.load_checklist(bad)


def _items():
    return m.load_checklist(CHECKLIST)


def test_answers_in_every_shape():
    codes = [i.code for i in _items()]
    as_dict = {c: {"result": "pass"} for c in codes}
    as_text = dict.fromkeys(codes, "na")
    as_list = [{"item": c, "result": "PASS", "note": " ok "}
               for c in codes]
    for raw in (as_dict, as_text, as_list):
        answers, errors = m.parse_answers(_items(), raw)
        assert errors == {} and list(answers) == codes
    answers, _ = m.parse_answers(_items(), as_list)
    assert answers["akurasi"] == {"result": "pass", "note": "ok"}


def test_answer_errors():
    codes = [i.code for i in _items()]
    raw = {c: {"result": "pass"} for c in codes[1:]}
    raw["akurasi"] = {"result": "fail"}
    raw["metadata"] = {"result": "maybe"}
    raw["unknown_item"] = {"result": "pass"}
    _, errors = m.parse_answers(_items(), raw)
    assert errors == {"standar_data": "missing", "akurasi": "note_required",
                      "metadata": "bad_result", "unknown_item": "unknown"}
    assert m.parse_answers(_items(), "{not json")[1] == {"qa": "not_json"}
    assert m.parse_answers(_items(), 42)[1] == {"qa": "bad_shape"}
    assert m.parse_answers(_items(), [1, 2])[1] == {"qa": "bad_shape"}
    assert set(m.parse_answers(_items(), None)[1].values()) == {"missing"}


def test_score_and_failures():
    answers = {"a": {"result": "pass", "note": ""},
               "b": {"result": "fail", "note": "x"},
               "c": {"result": "na", "note": ""},
               "d": {"result": "pass", "note": ""}}
    assert m.score(answers) == pytest.approx(66.7)
    assert m.failed(answers) == ["b"]
    assert m.score({"c": {"result": "na", "note": ""}}) is None


def test_content_hash_ignores_what_changes_by_itself():
    pkg = {"id": "1", "name": "x", "title": "T", "private": True,
           "metadata_modified": "2026-01-01", "satudata_state": "draft",
           "num_resources": 1, "organization": {"title": "A"},
           "groups": [{"name": "b", "title": "B"}, {"name": "a"}],
           "resources": [{"id": "r", "url": "http://e/x.csv",
                          "metadata_modified": "t1", "position": 0,
                          "datastore_active": False}]}
    same = dict(pkg, private=False, metadata_modified="2026-02-02",
                satudata_state="published", organization={"title": "Z"},
                groups=[{"name": "a"}, {"name": "b", "title": "BB"}],
                resources=[dict(pkg["resources"][0], metadata_modified="t2",
                                datastore_active=True)])
    assert m.content_hash(pkg) == m.content_hash(same)
    for changed in (dict(pkg, title="T2"),
                    dict(pkg, resources=[dict(pkg["resources"][0],
                                              url="http://e/y.csv")]),
                    dict(pkg, resources=[]),
                    dict(pkg, groups=[{"name": "a"}])):
        assert m.content_hash(changed) != m.content_hash(pkg)
    assert len(m.content_hash(pkg)) == 64
