"""The audit trail: append-only in the database, no action edits it, a
step and its event commit together or not at all, and what the public and
the staff read of it."""

from __future__ import annotations

import ckan.lib.search as search
import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tests.conftest import act
from tests.workflow.conftest import QA_PASS, dataset_in, workflow_on

pytestmark = workflow_on


def _events(pkg_id: str) -> list[tuple[str, str]]:
    return [tuple(r) for r in model.Session.execute(sa.text(
        "SELECT transition, to_state FROM satudata_workflow_event "
        "WHERE package_id = :id ORDER BY created, id"), {"id": pkg_id})]


@pytest.mark.parametrize("statement", [
    "UPDATE satudata_workflow_event SET note = 'diubah' "
    "WHERE package_id = :id",
    "DELETE FROM satudata_workflow_event WHERE package_id = :id",
])
def test_the_database_refuses_changes_to_events(people, statement):
    pkg = dataset_in(people, "verified", "jejak")
    before = _events(pkg["id"])
    with pytest.raises(DBAPIError, match="append-only"):
        model.Session.execute(sa.text(statement), {"id": pkg["id"]})
    model.Session.rollback()
    assert _events(pkg["id"]) == before


def test_no_action_changes_the_trail():
    # every action is registered once an action is looked up
    tk.get_action("satudata_workflow_show")
    ours = [name for name in logic._actions if name.startswith("satudata_")]
    assert "satudata_workflow_show" in ours
    changing = [name for name in ours if any(
        verb in name for verb in ("event", "history", "audit", "delete",
                                  "purge", "update", "patch"))]
    assert changing == []


def test_publication_that_fails_leaves_no_event(people):
    """The publication is CKAN's own update; when it fails (here: metadata
    that no longer validates, written behind CKAN's back), the state and
    the event roll back with it."""
    pkg = dataset_in(people, "verified", "gagal-terbit")
    before = _events(pkg["id"])
    row = model.Package.get(pkg["id"])
    row.extras = dict(row.extras, tahun_data="dua ribu")
    model.Session.commit()
    search.rebuild(pkg["id"])  # the index (package_show's cache) too
    model.Session.commit()
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_publish", people["walidata"], id=pkg["id"],
            qa=QA_PASS)
    assert "tahun_data" in err.value.error_dict
    assert _events(pkg["id"]) == before
    flow = act("satudata_workflow_show", people["walidata"], id=pkg["id"])
    assert flow["state"] == "verified"
    assert act("package_show", people["walidata"],
               id=pkg["id"])["private"] is True
    assert act("package_search", None, q="*:*")["count"] == 0


def test_public_history_is_dates_only(people):
    pkg = dataset_in(people, "published", "riwayat")
    public = act("satudata_workflow_show", None, id=pkg["id"])
    assert public["staff"] is False
    assert [e["transition"] for e in public["history"]] == ["publish"]
    assert set(public["history"][0]) == {
        "transition", "label", "from_state", "to_state", "created", "note"}
    # the publication's note is the walidata's, not for the public
    assert public["history"][0]["note"] is None
    assert "validation" not in public and "qa" not in public
    staff = act("satudata_workflow_show", people["pembina"], id=pkg["id"])
    assert [e["transition"] for e in staff["history"]] == [
        "create", "submit", "verify", "publish"]
    assert staff["qa"]["qa_score"] == 100.0
    assert staff["allowed"] == []  # the pembina reads, changes nothing
