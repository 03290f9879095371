"""Two workflow steps on the same dataset at the same time, as two real
HTTP requests to the live (threaded) server: exactly one succeeds, the
other gets a conflict (409) that says why, and the audit trail has exactly
one new event.

To be sure that both requests are in flight together, the test holds the
dataset's state row locked (``SELECT ... FOR UPDATE``, as a transition
does) in a connection of its own, sends both requests, waits until the
database shows both of them waiting for that lock, and only then lets go.
"""

from __future__ import annotations

import threading
import time

import requests
import sqlalchemy as sa
from ckan import model

from tests.browser.conftest import workflow_on
from tests.conftest import act
from tests.factories import opd
from tests.test_schemas import COMPLETE
from tests.workflow.conftest import RESOURCE

pytestmark = workflow_on

#: sessions of the test database waiting for a lock (the first request
#: waits for the holder's transaction, the second for the row behind it)
WAITING = sa.text(
    "SELECT count(DISTINCT l.pid) FROM pg_locks l "
    "JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE NOT l.granted AND a.datname = current_database()")


def _post(url: str, token: str, body: dict, out: list, at: int) -> None:
    response = requests.post(url, json=body, timeout=60,
                             headers={"Authorization": token})
    out[at] = response


def _events(pkg_id: str) -> list[str]:
    return list(model.Session.execute(sa.text(
        "SELECT transition FROM satudata_workflow_event "
        "WHERE package_id = :id ORDER BY created"), {"id": pkg_id}).scalars())


def test_verify_and_return_at_once(live_server):
    office = opd("dinkes", "Dinas Kesehatan")
    pkg = act("package_create", office["operator"], name="data-serentak",
              owner_org=office["org"]["id"], resources=[dict(RESOURCE)],
              **COMPLETE)
    act("satudata_dataset_submit", office["operator"], id=pkg["id"],
        qc_statement=True)
    before = _events(pkg["id"])
    model.Session.remove()

    api = f"{live_server}/api/3/action/"
    token = office["verifikator"]["token"]
    calls = [("satudata_dataset_verify", {"id": pkg["id"]}),
             ("satudata_dataset_return",
              {"id": pkg["id"], "note": "Satuan belum sesuai"})]
    answers: list = [None, None]
    with model.meta.engine.connect() as holder:
        hold = holder.begin()
        holder.execute(sa.text(
            "SELECT 1 FROM satudata_workflow_state WHERE package_id = :id "
            "FOR UPDATE"), {"id": pkg["id"]})
        threads = [threading.Thread(target=_post, args=(
            api + name, token, body, answers, at))
            for at, (name, body) in enumerate(calls)]
        for thread in threads:
            thread.start()
        with model.meta.engine.connect() as watcher:
            deadline = time.monotonic() + 30
            while watcher.execute(WAITING).scalar() < 2:
                assert time.monotonic() < deadline, (
                    "the two requests never waited together for the lock\n"
                    + live_server.log_tail())
                time.sleep(0.1)
        hold.rollback()
    for thread in threads:
        thread.join(60)

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409], [a.text for a in answers]
    loser = next(a for a in answers if a.status_code == 409).json()
    assert "state" in loser["error"], loser
    winner = next(a for a in answers if a.status_code == 200).json()
    after = _events(pkg["id"])
    assert after[:len(before)] == before
    new = after[len(before):]
    assert len(new) == 1
    expected = {"verified": "verify", "draft": "return"}
    assert new == [expected[winner["result"]["state"]]]
    shown = act("satudata_workflow_show", office["verifikator"],
                id=pkg["id"])
    assert shown["state"] == winner["result"]["state"]
