"""The leak walk: a dataset that is not published is invisible to
anonymous users, to plain registered users and to other OPDs through every
read path, and visible to those the workflow lets read it.

One world per module, built by the first test that asks for it (and
written back to the database before each next one, see ``world``): OPD A
holds a dataset in each unpublished state
(draft, submitted, verified), a draft ``kegiatan``, a dataset published
then withdrawn and, as positive controls, a published dataset, a published
``kegiatan`` and a published dataset under revision. Each record carries a
distinctive word in its title, notes, tags and resource name, so that any
path leaking it can be caught by a text search of its answer. The
withdrawn dataset's title has a word of its own (its tombstone, HTTP 410,
shows the title and nothing else of it). The revision's staged copy (a
private draft ``<name>-revisi-1``) is edited by the operator with a secret
word of its own in its notes, tags and resource name: nothing of the copy
reaches an outsider, and the published dataset keeps its old values.

Each test walks one family of paths for every viewer and collects what it
finds (a leak, or a path that fails to show what it must), then fails once
with the whole list: one run tells every leak, not just the first.
"""

from __future__ import annotations

import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from tests.conftest import act
from tests.test_schemas import KEGIATAN
from tests.workflow.conftest import (
    PLUGINS,
    RESOURCE,
    advance,
    new_draft,
    workflow_on,
)

#: the workflow's plugins plus the federation (its Daftar Data export,
#: ckanext-harvest's pages) and ckanext-dcat's catalogue endpoints with the
#: SDI profile, its DCAT-JSON interface and its Croissant export
pytestmark = [
    pytest.mark.ckan_config(
        "ckan.plugins",
        PLUGINS.replace("satudata_workflow",
                        "satudata_workflow satudata_federation")
        + " harvest dcat dcat_json_interface croissant"),
    pytest.mark.ckan_config("ckanext.dcat.rdf.profiles",
                            "euro_dcat_ap_3 satudata_sdi"),
    *workflow_on[1:],
]

# -- the world ---------------------------------------------------------------

#: name: (type, state, distinctive word, groups)
RECORDS = {
    "kegiatan-terbit": ("kegiatan", "published", "terbukakegiatan",
                        ("grup-pembanding",)),
    "data-terbit": ("dataset", "published", "terbukaumum",
                    ("grup-uji", "grup-pembanding")),
    "data-draf": ("dataset", "draft", "rahasiadraf", ("grup-uji",)),
    "data-diajukan": ("dataset", "submitted", "rahasiaajuan", ("grup-uji",)),
    "data-diverifikasi": ("dataset", "verified", "rahasiaverif",
                          ("grup-uji",)),
    "kegiatan-draf": ("kegiatan", "draft", "rahasiakegiatan", ("grup-uji",)),
    "data-ditarik": ("dataset", "withdrawn", "rahasiatarik", ("grup-uji",)),
    "data-direvisi": ("dataset", "published", "terbukarevisi",
                      ("grup-pembanding",)),
}
EVERY = frozenset(RECORDS)
PUBLIC = frozenset(n for n, r in RECORDS.items() if r[1] == "published")
SECRET = EVERY - PUBLIC
#: withdrawn: its public pages answer 410 (a tombstone showing the title)
#: to whoever may not read it
WITHDRAWN = frozenset(n for n, r in RECORDS.items() if r[1] == "withdrawn")
#: the title of a record whose tombstone shows it: a word of its own, so
#: that the record's word must not show on the tombstone either
TITLE_WORDS = {"data-ditarik": "judultarik"}
#: the published dataset under revision, and its staged copy (not a record:
#: no search lists it, outsiders never read it)
REVISED = "data-direvisi"
COPY = f"{REVISED}-revisi-1"
COPY_WORD = "rahasiarevisi"
#: the pembina reads what has been submitted
PEMBINA = PUBLIC | {n for n in SECRET if RECORDS[n][1] != "draft"}

#: who must see nothing unpublished of OPD A
OUTSIDERS = ("anonymous", "public", "operator_b", "verifikator_b")
#: who reads every unpublished dataset of OPD A
INSIDERS = ("operator_a", "verifikator_a", "walidata", "walidata_head",
            "sysadmin")
VIEWERS = OUTSIDERS + INSIDERS + ("pembina",)
#: members of OPD A (and sysadmins) see its private datasets where CKAN
#: only shows them to members (organization_show, user pages)
MEMBERS_A = ("operator_a", "verifikator_a", "sysadmin")
#: the unpublished activities (recorded while private) are labelled for OPD
#: A and the walidata
ACTIVITY_READERS = INSIDERS


def activity_readers(viewer: str) -> frozenset[str]:
    """The records whose activities ``viewer`` may find in the streams:
    the unpublished ones' only if an activity reader; a withdrawn one's
    (its activities recorded while public take its labels) whoever reads
    it."""
    if viewer in ACTIVITY_READERS:
        return EVERY
    return PUBLIC | (WITHDRAWN & visible(viewer))


def visible(viewer: str) -> frozenset[str]:
    """The records ``viewer`` may read (package_show)."""
    if viewer in INSIDERS:
        return EVERY
    if viewer == "pembina":
        return frozenset(PEMBINA)
    return PUBLIC


def title(name: str) -> str:
    kind, _state, word, _groups = RECORDS[name]
    word = TITLE_WORDS.get(name, word)
    return f"{'Kegiatan' if kind == 'kegiatan' else 'Data'} {word}"


def _record(people: dict, name: str) -> dict[str, Any]:
    kind, state, word, groups = RECORDS[name]
    fields = {
        "title": title(name), "notes": f"Catatan {word}",
        "tags": [{"name": word}, {"name": "bersama"}],
        "groups": [{"name": g} for g in groups],
        "resources": [dict(RESOURCE, name=f"Tabel {word}")],
    }
    if kind == "kegiatan":
        pkg = act("package_create", people["operator_a"], **dict(
            KEGIATAN, name=name, type="kegiatan",
            owner_org=people["org_a"]["id"], **fields))
    else:
        pkg = new_draft(people, name=name, kegiatan="kegiatan-terbit",
                        **fields)
    if state != "draft":
        advance(people, pkg, "published" if state == "withdrawn" else state)
    if state == "withdrawn":
        act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
            reason="Memuat data pribadi")
    return pkg


def _revise(people: dict) -> dict[str, Any]:
    """The revision of REVISED: asked for, opened, its copy edited by the
    operator (notes, tags, resource name) with COPY_WORD."""
    operator = people["operator_a"]
    act("satudata_revision_request", operator, id=REVISED,
        reason="Angka perlu diperbaiki")
    opened = act("satudata_revision_open", people["walidata"], id=REVISED)
    assert opened["revision"]["name"] == COPY, opened
    copy = act("package_show", operator, id=COPY)
    act("package_patch", operator, id=COPY, notes=f"Catatan {COPY_WORD}",
        tags=copy["tags"] + [{"name": COPY_WORD}])
    act("resource_patch", operator, id=copy["resources"][0]["id"],
        name=f"Tabel {COPY_WORD}")
    return act("package_show", operator, id=COPY)


class World:
    """The records, their resources and activities, and the viewers."""

    def __init__(self, people: dict) -> None:
        self.people = people
        for group in ("grup-uji", "grup-pembanding"):
            factories.Group(name=group, title=group.replace("-", " ").title(),
                            users=[{"name": people["operator_a"]["name"],
                                    "capacity": "member"}])
        for name in RECORDS:  # kegiatan-terbit first: the others cite it
            _record(people, name)
        copy = _revise(people)
        self.copy_id = copy["id"]
        self.copy_res = copy["resources"][0]["id"]
        admin = people["sysadmin"]
        self.pkg = {n: act("package_show", admin, id=n) for n in RECORDS}
        self.id = {n: p["id"] for n, p in self.pkg.items()}
        self.res = {n: p["resources"][0]["id"] for n, p in self.pkg.items()}
        self.activities = {n: act("package_activity_list", admin, id=n)
                           for n in RECORDS}

    def user(self, viewer: str) -> dict | None:
        return None if viewer == "anonymous" else self.people[viewer]

    def headers(self, viewer: str) -> dict[str, str]:
        user = self.user(viewer)
        return {"Authorization": user["token"]} if user else {}

    def marks(self, name: str, words: bool = True) -> list[str]:
        """Strings that give a record away: id, resource id, title, notes,
        resource name (and the bare word where no query echoes it). The
        staged COPY: its id, resource id and what the operator wrote in
        it (its title is the published one's)."""
        if name == COPY:
            found = [self.copy_id, self.copy_res, f"Catatan {COPY_WORD}",
                     f"Tabel {COPY_WORD}"]
            return found + [COPY_WORD] if words else found
        word = RECORDS[name][2]
        found = [self.id[name], self.res[name], title(name),
                 f"Catatan {word}", f"Tabel {word}"]
        return found + [word] if words else found

    def leaked(self, text: str, names: frozenset[str] | set[str],
               words: bool = True, echo: tuple[str, ...] = (),
               allow: tuple[str, ...] = ()) -> list[str]:
        """The records of ``names`` that ``text`` gives away. ``echo``:
        what the caller sent (a name or id in the URL), which an answer may
        repeat without telling anything; ``allow``: what the answer may
        show (a tombstone's title)."""
        out = []
        for name in sorted(names):
            hits = [m for m in self.marks(name, words)
                    if m in text and m not in echo and m not in allow]
            if name not in echo and re.search(
                    rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                hits.append(name)
            if hits:
                out.append(f"{name} ({', '.join(hits)})")
        return out


@pytest.fixture
def world(people, db_snapshots) -> World:
    """The world, built by the module's first test that asks for it;
    before each next one the database gets back the rows the world was
    built with (``Snapshots.built``), so that what a test writes (a
    follow, a withdrawal) is gone for the others, as with a world per
    test."""
    return db_snapshots.built("world", lambda: World(people))


class Walk:
    """Collects the findings of a walk; fails once with all of them."""

    def __init__(self) -> None:
        self.findings: list[str] = []

    def check(self, ok: bool, viewer: str, path: str, what: str) -> None:
        if not ok:
            self.findings.append(f"{viewer:<14} {path}: {what}")

    def hidden(self, world: World, text: str, names: Any, viewer: str,
               path: str, words: bool = True, echo: tuple[str, ...] = (),
               allow: tuple[str, ...] = ()) -> None:
        """None of ``names`` shows in ``text`` (but for ``echo`` and
        ``allow``); for an outsider, nothing of the staged COPY either."""
        names = set(names) | ({COPY} if viewer in OUTSIDERS else set())
        leaks = world.leaked(text, names, words, echo, allow)
        self.check(not leaks, viewer, path, f"LEAK {'; '.join(leaks)}")

    def shown(self, text: str, wanted: list[str], viewer: str,
              path: str) -> None:
        missing = [w for w in wanted if w not in text]
        self.check(not missing, viewer, path, f"missing {missing}")

    def done(self) -> None:
        assert not self.findings, (
            f"{len(self.findings)} finding(s):\n" + "\n".join(self.findings))


def call(action: str, user: dict | None, **data: Any) -> tuple[str, Any]:
    """``("ok", result)``, or the error's class name and message."""
    try:
        return "ok", act(action, user, **data)
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError) as err:
        return type(err).__name__, str(err)
    except Exception as err:  # noqa: BLE001 - a crash is a finding too
        return f"crash {type(err).__name__}", str(err)


def completes(query: str, names: frozenset[str]) -> set[str]:
    """The records of ``names`` a dataset autocomplete (name, title)
    offers for ``query``."""
    return {n for n in names if query in n or query in title(n).lower()}


def names_of(results: list[dict]) -> set[str]:
    return {r["name"] for r in results}


def _dump(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


# -- actions: one record at a time -------------------------------------------

def test_show_paths(world):
    """package_show and every action that shows one record or its
    resource: refused unless the viewer may read the record."""
    walk = Walk()
    for viewer in VIEWERS:
        user = world.user(viewer)
        for name in RECORDS:
            may = name in visible(viewer)
            rid = world.res[name]
            for action, data in (
                    ("package_show", {"id": name}),
                    ("package_show", {"id": world.id[name]}),
                    ("resource_show", {"id": rid}),
                    ("resource_view_list", {"id": rid}),
                    ("satudata_workflow_show", {"id": name}),
                    ("satudata_metadata_completeness", {"id": name}),
                    ("satudata_indah_export", {"id": name}),
                    ("satudata_daftar_data_row", {"id": name}),
                    ("package_relationships_list", {"id": name})):
                outcome, result = call(action, user, **data)
                path = f"{action}({name})"
                if may:
                    walk.check(outcome == "ok", viewer, path,
                               f"refused to a reader: {outcome} {result}")
                    walk.hidden(world, _dump(result),
                                EVERY - visible(viewer), viewer, path)
                else:
                    # package_show and resource_show: as if it did not exist
                    refusals = ("NotFound",) if action in (
                        "package_show", "resource_show") else (
                        "NotAuthorized", "NotFound")
                    walk.check(outcome in refusals, viewer, path,
                               f"not refused: {outcome}")
                    walk.hidden(world, _dump(result), {name}, viewer, path,
                                echo=tuple(data.values()))
            if user is not None:
                outcome, _ = call("follow_dataset", user, id=name)
                walk.check((outcome == "ok") == may or (
                    may and "ValidationError" in outcome), viewer,
                    f"follow_dataset({name})", outcome)
        _revision_shows(walk, world, viewer)
        _tombstone_shows(walk, world, viewer)
        walk.check(call("follow_dataset", None, id="data-terbit")[0] != "ok",
                   "anonymous", "follow_dataset", "anonymous may follow")
    walk.done()


def old_values(pkg: dict) -> list[str]:
    """How the published REVISED differs from what it must still be."""
    word = RECORDS[REVISED][2]
    wrong = []
    if pkg.get("notes") != f"Catatan {word}":
        wrong.append(f"notes {pkg.get('notes')!r}")
    names = [r.get("name") for r in pkg.get("resources") or []]
    if names != [f"Tabel {word}"]:
        wrong.append(f"resources {names}")
    tags = {t["name"] for t in pkg.get("tags") or []}
    if tags != {word, "bersama"}:
        wrong.append(f"tags {sorted(tags)}")
    return wrong


def _revision_shows(walk: Walk, world: World, viewer: str) -> None:
    """During the revision: the published dataset keeps its old values for
    everyone; the staged copy is read by the staff of OPD A (insiders) and
    is not found by outsiders, nor is the comparison theirs."""
    user = world.user(viewer)
    outcome, pkg = call("package_show", user, id=REVISED)
    walk.check(outcome == "ok" and not old_values(pkg), viewer,
               f"package_show({REVISED})",
               f"not the published values: {outcome} "
               f"{old_values(pkg) if outcome == 'ok' else pkg}")
    shows: list[tuple[str, dict]] = [
        ("package_show", {"id": COPY}),
        ("package_show", {"id": world.copy_id}),
        ("resource_show", {"id": world.copy_res}),
        ("satudata_revision_diff", {"id": REVISED}),
        ("satudata_revision_diff", {"id": COPY}),
        ("satudata_workflow_show", {"id": COPY}),
        ("package_activity_list", {"id": COPY}),
        ("satudata_dataset_version_list", {"id": REVISED}),
    ]
    for action, data in shows:
        outcome, result = call(action, user, **data)
        path = f"{action}({data['id']})"
        if viewer in INSIDERS and action in ("package_show",
                                             "resource_show"):
            walk.check(outcome == "ok", viewer, path,
                       f"refused to a reader: {outcome} {result}")
        elif viewer in OUTSIDERS:
            refusals = ("NotFound",) if action in (
                "package_show", "resource_show") else (
                "NotAuthorized", "NotFound")
            walk.check(outcome in refusals, viewer, path,
                       f"not refused: {outcome}")
            walk.hidden(world, _dump(result), set(), viewer, path,
                        echo=tuple(data.values()))


def _tombstone_shows(walk: Walk, world: World, viewer: str) -> None:
    """What anyone is told of a withdrawn dataset: its title, not its
    content."""
    for name in WITHDRAWN:
        path = f"satudata_tombstone_show({name})"
        outcome, stone = call("satudata_tombstone_show", world.user(viewer),
                              id=name)
        walk.check(outcome == "ok" and stone["title"] == title(name),
                   viewer, path, f"{outcome} {stone}")
        walk.hidden(world, _dump(stone), {name}, viewer, path,
                    echo=(name, world.id[name]), allow=(title(name),))


def may_edit(viewer: str, name: str) -> bool:
    """Whether ``viewer`` may update the record (package_update): what
    CKAN asks of whoever reads the data of its activities."""
    state = RECORDS[name][1]
    return viewer == "sysadmin" or (
        viewer == "operator_a" and state == "draft") or (
        viewer == "verifikator_a" and state not in ("published",
                                                    "withdrawn"))


def test_activity_records(world):
    """activity_show of a record's first activity (recorded while it was a
    private draft): only for its OPD and the walidata; the data of an
    activity (activity_data_show, activity_diff) only for those who may
    edit the record, as CKAN has it."""
    walk = Walk()
    for viewer in VIEWERS:
        user = world.user(viewer)
        for name in RECORDS:
            first = world.activities[name][-1]  # "new package", private
            last = world.activities[name][0]
            checks = [
                ("activity_show", {"id": first["id"],
                                   "include_data": False},
                 viewer in ACTIVITY_READERS),
                ("activity_data_show", {"id": first["id"]},
                 viewer in ACTIVITY_READERS and may_edit(viewer, name)),
            ]
            if last is not first:  # published: the diff with the draft
                checks.append(("activity_diff", {"id": last["id"],
                                                 "object_type": "package"},
                               may_edit(viewer, name)))
            if name not in visible(viewer):
                # withdrawn: its activities recorded while it was public
                # are not readable any more either
                checks += [("activity_show", {"id": a["id"],
                                              "include_data": True}, False)
                           for a in world.activities[name][:-1]]
            for action, data, may in checks:
                outcome, result = call(action, user, **data)
                path = f"{action}({name})"
                if may:
                    walk.check(outcome == "ok", viewer, path, outcome)
                else:
                    walk.check(outcome != "ok", viewer, path,
                               f"LEAK: {outcome}")
                if name not in visible(viewer):
                    walk.hidden(world, _dump(result), {name}, viewer, path,
                                echo=(data["id"],))
    walk.done()


# -- actions: searches and lists ---------------------------------------------

FACETS = ["organization", "groups", "tags", "res_format", "satudata_state",
          "dataset_type", "kegiatan"]


def expected_facets(world: World, names: frozenset[str]) -> dict:
    """The facet counts a search over ``names`` must give."""
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}

    def add(field: str, value: Any) -> None:
        if value:
            counts[field][value] = counts[field].get(value, 0) + 1

    for name in names:
        pkg = world.pkg[name]
        add("organization", pkg["organization"]["name"])
        for group in pkg["groups"]:
            add("groups", group["name"])
        for tag in pkg.get("tags") or []:
            add("tags", tag["name"])
        for fmt in {r["format"] for r in pkg["resources"]}:
            add("res_format", fmt)
        add("satudata_state", pkg["satudata_state"])
        add("dataset_type", pkg["type"])
        add("kegiatan", pkg.get("kegiatan"))
    return counts


def facets_of(result: dict) -> dict[str, dict[str, int]]:
    return {field: {i["name"]: i["count"] for i in facet["items"]}
            for field, facet in result["search_facets"].items()}


def test_search_paths(world):
    """package_search (results, count, facets), package_list,
    current_package_list_with_resources, package_autocomplete,
    resource_search, user_show's datasets: only what the viewer reads."""
    walk = Walk()
    for viewer in VIEWERS:
        user = world.user(viewer)
        mine = visible(viewer)
        for private, wanted in ((True, mine), (False, PUBLIC)):
            path = f"package_search(include_private={private})"
            outcome, found = call("package_search", user, rows=1000,
                                  include_private=private,
                                  include_drafts=True,
                                  **{"facet.field": FACETS,
                                     "facet.limit": -1})
            if outcome != "ok":
                walk.check(False, viewer, path, outcome)
                continue
            got = names_of(found["results"])
            walk.check(got == wanted, viewer, path,
                       f"LEAK {sorted(got - wanted)}" if got - wanted
                       else f"missing {sorted(wanted - got)}")
            walk.check(found["count"] == len(wanted), viewer, path,
                       f"count {found['count']} != {len(wanted)}")
            walk.hidden(world, _dump(found), EVERY - wanted, viewer, path)
            for result in found["results"]:
                if result["name"] == REVISED and old_values(result):
                    walk.check(False, viewer, path, f"{REVISED}: "
                               f"{old_values(result)}")
            want_facets = expected_facets(world, wanted)
            got_facets = facets_of(found)
            for field in FACETS:
                walk.check(got_facets.get(field) == want_facets[field],
                           viewer, f"{path} facet {field}",
                           f"{got_facets.get(field)} != "
                           f"{want_facets[field]}")
        for name in RECORDS:
            word = RECORDS[name][2]
            for query in ({"q": word}, {"q": f"tags:{word}"},
                          {"fq": f'res_name:"Tabel {word}"'},
                          {"q": f"name:{name}"}):
                outcome, found = call("package_search", user,
                                      include_private=True, **query)
                path = f"package_search({query})"
                want = {name} & mine
                got = names_of(found["results"]) if outcome == "ok" else None
                walk.check(got == want, viewer, path,
                           f"got {got}, want {want}")
        if viewer in OUTSIDERS:  # the copy's word finds nothing
            for query in ({"q": COPY_WORD}, {"q": f"tags:{COPY_WORD}"},
                          {"fq": f'res_name:"Tabel {COPY_WORD}"'},
                          {"q": f"name:{COPY}"}):
                outcome, found = call("package_search", user,
                                      include_private=True,
                                      include_drafts=True, **query)
                path = f"package_search({query})"
                walk.check(outcome == "ok" and not found["count"], viewer,
                           path, f"LEAK {outcome} {found}")
                walk.hidden(world, _dump(found), set(), viewer, path,
                            words=False)
        # filters that try to widen a public search
        for fq in ("capacity:private", "+capacity:public OR capacity:private",
                   "*:* OR capacity:private", "permission_labels:*"):
            outcome, found = call("package_search", user, fq=fq, rows=1000)
            got = names_of(found["results"]) if outcome == "ok" else set()
            leaks = got & (SECRET - mine)
            walk.check(not leaks, viewer, f"package_search(fq={fq!r})",
                       f"LEAK {sorted(leaks)}")

        outcome, found = call("package_list", user)
        walk.check(outcome == "ok" and set(found) == PUBLIC, viewer,
                   "package_list", f"{outcome} {found}")

        wanted = EVERY if viewer == "sysadmin" else PUBLIC
        outcome, found = call("current_package_list_with_resources", user,
                              limit=1000)
        got = names_of(found) if outcome == "ok" else None
        walk.check(got == wanted, viewer,
                   "current_package_list_with_resources", f"{got}")
        walk.hidden(world, _dump(found), EVERY - wanted, viewer,
                    "current_package_list_with_resources")

        for query, wanted in (("rahasia", completes("rahasia", mine)),
                              ("terbuka", PUBLIC)):
            outcome, found = call("package_autocomplete", user, q=query,
                                  limit=100)
            got = names_of(found) if outcome == "ok" else None
            if got and viewer in INSIDERS:
                got -= {COPY}  # they read it; strict for the others
            walk.check(got == wanted, viewer,
                       f"package_autocomplete({query})",
                       f"got {got}, want {set(wanted)}")
            walk.hidden(world, _dump(found), EVERY - mine, viewer,
                        f"package_autocomplete({query})", words=False)

        for query, wanted in (("name:rahasia", set()),
                              ("name:terbuka", PUBLIC)):
            outcome, found = call("resource_search", user, query=query)
            got = ({r["package_id"] for r in found["results"]}
                   if outcome == "ok" else None)
            want = {world.id[n] for n in wanted}
            walk.check(got == want, viewer, f"resource_search({query})",
                       f"LEAK {got - want}" if got and got - want
                       else f"{got} != {want}")

        operator = world.people["operator_a"]["name"]
        outcome, shown = call("user_show", user, id=operator,
                              include_datasets=True)
        wanted = (EVERY if viewer in ("operator_a", "sysadmin")
                  else PUBLIC)
        if outcome == "ok":
            walk.check(names_of(shown["datasets"]) == wanted, viewer,
                       "user_show(operator_a).datasets",
                       f"{names_of(shown['datasets'])}")
            walk.check(shown["number_created_packages"] == len(wanted),
                       viewer, "user_show(operator_a).number_created_"
                       "packages", f"{shown['number_created_packages']} "
                       f"!= {len(wanted)}")
            walk.hidden(world, _dump(shown), EVERY - wanted, viewer,
                        "user_show(operator_a)")
        else:
            walk.check(False, viewer, "user_show(operator_a)", outcome)

        outcome, tasks = call("satudata_task_list", user)
        if user is None:
            walk.check(outcome != "ok", viewer, "satudata_task_list",
                       "anonymous has a task list")
        else:
            got = ({t["name"] for t in tasks["items"]} if outcome == "ok"
                   else {f"{outcome}: {tasks}"})
            # the OPD's drafts include the revision's copy
            readable = mine | ({COPY} if viewer in INSIDERS else set())
            walk.check(got <= readable, viewer, "satudata_task_list",
                       f"LEAK {sorted(got - readable)}")
            want = {"operator_a": {"data-draf", "kegiatan-draf", COPY},
                    "verifikator_a": {"data-draf", "kegiatan-draf",
                                      "data-diajukan", COPY},
                    "walidata": {"data-diverifikasi"}}.get(viewer)
            if want is not None:
                walk.check(got == want, viewer, "satudata_task_list",
                           f"{got} != {want}")
    walk.done()


def test_tag_paths(world):
    """tag_show lists only readable datasets; the tags of unpublished
    records are not listed, searched or completed."""
    walk = Walk()
    for viewer in VIEWERS:
        user = world.user(viewer)
        outcome, tag = call("tag_show", user, id="bersama",
                            include_datasets=True)
        got = names_of(tag["packages"]) if outcome == "ok" else None
        walk.check(got == PUBLIC, viewer, "tag_show(bersama)", f"{got}")
        walk.hidden(world, _dump(tag), SECRET, viewer, "tag_show(bersama)")
        secret_words = sorted(RECORDS[n][2] for n in SECRET) + [COPY_WORD]
        for word in secret_words:
            outcome, tag = call("tag_show", user, id=word,
                                include_datasets=True)
            walk.check(outcome != "ok" or not tag["packages"], viewer,
                       f"tag_show({word})", f"LEAK {tag}")
        if viewer not in OUTSIDERS:
            continue
        for action, data in (("tag_list", {}),
                             ("tag_list", {"query": "rahasia"}),
                             ("tag_search", {"query": "rahasia"}),
                             ("tag_autocomplete", {"q": "rahasia"})):
            outcome, found = call(action, user, **data)
            text = _dump(found)
            walk.check(outcome == "ok", viewer, action, outcome)
            leaks = [word for word in secret_words if word in text]
            walk.check(not leaks, viewer, f"{action}({data})",
                       f"LEAK tag names {leaks}")
        outcome, found = call("tag_list", user)
        walk.check("terbukaumum" in found, viewer, "tag_list",
                   "published tag missing")
    walk.done()


# -- actions: organisations and groups ---------------------------------------

def _counts(found: list[dict]) -> dict[str, int]:
    return {g["name"]: g["package_count"] for g in found}


def test_organisation_and_group_paths(world):
    """organization_show/group_show with datasets, organization_list/
    group_list counts (and their order by count), group_package_show,
    member_list."""
    walk = Walk()
    in_group = {g: {n for n, r in RECORDS.items() if g in r[3]}
                for g in ("grup-uji", "grup-pembanding")}
    for viewer in VIEWERS:
        user = world.user(viewer)
        mine = visible(viewer)

        members = EVERY if viewer in MEMBERS_A else PUBLIC
        outcome, org = call("organization_show", user, id="opd-a",
                            include_datasets=True)
        if outcome == "ok":
            got = names_of(org["packages"])
            walk.check(got == members, viewer,
                       "organization_show(opd-a).packages", f"{got}")
            walk.check(org["package_count"] == len(members), viewer,
                       "organization_show(opd-a).package_count",
                       f"{org['package_count']} != {len(members)}")
            walk.hidden(world, _dump(org), EVERY - members, viewer,
                        "organization_show(opd-a)")
        else:
            walk.check(False, viewer, "organization_show", outcome)

        # the staff of OPD A, who read the revision's copy: the counts may
        # take it in (strict for the others)
        copy = 1 if viewer in INSIDERS else 0
        outcome, orgs = call("organization_list", user, all_fields=True)
        got = _counts(orgs).get("opd-a") if outcome == "ok" else outcome
        walk.check(got in (len(mine), len(mine) + copy), viewer,
                   "organization_list(all_fields).package_count[opd-a]",
                   f"{got} != {len(mine)}")

        outcome, groups = call("group_list", user, all_fields=True)
        got = _counts(groups) if outcome == "ok" else outcome
        want = {g: len(in_group[g] & mine) for g in in_group}
        walk.check(got in (want, dict(want, **{
            "grup-pembanding": want["grup-pembanding"] + copy})), viewer,
            "group_list(all_fields)", f"{got} != {want}")

        # grup-uji holds 1 published + 5 unpublished or withdrawn
        # records, grup-pembanding 3 published: by what the viewer sees,
        # pembanding comes first
        outcome, order = call("group_list", user, sort="package_count desc")
        if viewer in OUTSIDERS:
            walk.check(order == ["grup-pembanding", "grup-uji"], viewer,
                       "group_list(sort=package_count)",
                       f"LEAK order {order} counts the unpublished records")

        for group, names in in_group.items():
            wanted = names & PUBLIC  # group pages show public datasets
            outcome, shown = call("group_show", user, id=group,
                                  include_datasets=True)
            got = names_of(shown["packages"]) if outcome == "ok" else outcome
            walk.check(got == wanted, viewer, f"group_show({group})",
                       f"{got} != {wanted}")
            walk.hidden(world, _dump(shown), EVERY - mine, viewer,
                        f"group_show({group})")
            outcome, found = call("group_package_show", user, id=group,
                                  limit=1000)
            got = names_of(found) if outcome == "ok" else outcome
            walk.check(got == names & PUBLIC, viewer,
                       f"group_package_show({group})", f"{got}")

        for ref in ("opd-a", "grup-uji", "grup-pembanding"):
            outcome, found = call("member_list", user, id=ref,
                                  object_type="package")
            ids = {m[0] for m in found} if outcome == "ok" else set()
            hidden = {n for n in EVERY - mine if world.id[n] in ids}
            if viewer in OUTSIDERS and world.copy_id in ids:
                hidden.add(COPY)
            walk.check(not hidden, viewer, f"member_list({ref}, package)",
                       f"LEAK ids of {sorted(hidden)}")
    walk.done()


# -- actions: activity streams -----------------------------------------------

def test_activity_streams(world):
    """package/organization/group/user activity lists, recently changed
    and the dashboard of a viewer following the OPD, the group, the
    operator and the published dataset."""
    walk = Walk()
    operator = world.people["operator_a"]
    walidata = world.people["walidata"]
    public_act = world.activities["data-terbit"][0]["id"]
    for viewer in VIEWERS:
        user = world.user(viewer)
        mine = visible(viewer)
        readers = activity_readers(viewer)
        for name in RECORDS:
            outcome, found = call("package_activity_list", user, id=name)
            path = f"package_activity_list({name})"
            if name in mine:
                walk.check(outcome == "ok", viewer, path, outcome)
            else:
                walk.check(outcome != "ok", viewer, path, f"LEAK {outcome}")
                walk.hidden(world, _dump(found), {name}, viewer, path,
                            echo=(name,))
        if user is not None:
            for ref, action in (("opd-a", "follow_group"),
                                ("grup-uji", "follow_group"),
                                (operator["name"], "follow_user"),
                                ("data-terbit", "follow_dataset")):
                if viewer != "operator_a" or action != "follow_user":
                    outcome, _ = call(action, user, id=ref)
                    walk.check(outcome == "ok", viewer, f"{action}({ref})",
                               outcome)
        streams: list[tuple[str, str, dict]] = [
            ("organization_activity_list", "opd-a", {"id": "opd-a"}),
            ("group_activity_list", "grup-uji", {"id": "grup-uji"}),
            ("group_activity_list", "grup-pembanding",
             {"id": "grup-pembanding"}),
            ("user_activity_list", "operator_a", {"id": operator["name"]}),
            ("user_activity_list", "walidata", {"id": walidata["name"]}),
            ("recently_changed_packages_activity_list", "", {}),
            ("dashboard_activity_list", "", {}),
        ]
        for action, ref, data in streams:
            path = f"{action}({ref})"
            outcome, found = call(action, user, limit=100, **data)
            if action == "dashboard_activity_list" and user is None:
                walk.check(outcome != "ok", viewer, path, "anonymous")
                continue
            if outcome != "ok":
                walk.check(False, viewer, path, outcome)
                continue
            objects = {a["object_id"] for a in found}
            hidden = {n for n in EVERY - readers if world.id[n] in objects}
            if viewer in OUTSIDERS and world.copy_id in objects:
                hidden.add(COPY)
            walk.check(not hidden, viewer, path, f"LEAK {sorted(hidden)}")
            walk.hidden(world, _dump(found), EVERY - readers, viewer, path)
            if ref == "operator_a":  # the operator's own public activity
                walk.check(operator["id"] in objects, viewer, path,
                           "the operator's 'new user' activity missing")
            elif public_act not in {a["id"] for a in found}:
                walk.check(False, viewer, path, "publication missing")
    walk.done()


def test_restore_brings_the_public_activities_back(people):
    """A withdrawal takes the activities recorded while the dataset was
    public out of the public streams; a restore brings them back (and the
    activities recorded while it was unpublished stay private)."""
    pkg = new_draft(people, name="data-kembali", title="Data kembali")
    advance(people, pkg, "published")

    def public_stream() -> list[str]:
        return [a["activity_type"] for a in act(
            "recently_changed_packages_activity_list", None, limit=100)
            if a["object_id"] == pkg["id"]]

    assert public_stream() == ["changed package"]
    act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
        reason="Salah unggah")
    assert public_stream() == []
    staff = act("package_activity_list", people["pembina"], id=pkg["id"])
    assert len(staff) == 2  # the publication and the withdrawal
    act("satudata_dataset_restore", people["walidata"], id=pkg["id"],
        reason="Sudah diperiksa")
    assert public_stream() == ["changed package", "changed package"]


# -- HTTP -------------------------------------------------------------------

def get(app, world: World, viewer: str, url: str, **kwargs: Any
        ) -> tuple[int, str]:
    """Status and body of a GET as ``viewer``; a crash is a status 500."""
    try:
        response = app.get(url, headers=world.headers(viewer),
                           follow_redirects=False, **kwargs)
    except Exception as err:  # noqa: BLE001 - walk on, report it
        return 500, f"crash {type(err).__name__}: {err}"
    return response.status_code, response.get_data(as_text=True)


def page(kind: str, name: str) -> str:
    return f"/{kind}/{name}"


#: who may read the Surat Validasi: the staff of the portal (the OPD's
#: members, the walidata, the pembina)
STAFF = INSIDERS + ("pembina",)


#: one extension per serialisation of ckanext-dcat's endpoints: RDF/XML
#: (``.xml`` is the same serialiser as ``.rdf``), Turtle (``.n3`` is
#: rdflib's superset of it, over the same graph) and JSON-LD; every
#: extension goes through the same view, action and auth check
RDF_FORMATS = ("rdf", "ttl", "jsonld")


def test_record_pages(app, world):
    """Every page of one record: the dataset (or kegiatan) page, its
    resource page and download, activity and history, the Surat Validasi,
    the INDAH and Daftar Data exports, ckanext-dcat's RDF and Croissant.
    Whoever may not read a record gets what a record that does not exist
    gets (the same status), and nothing of it but what they typed; but
    the public pages of a withdrawn dataset answer 410 Gone, a tombstone
    with its title and nothing else of it."""
    walk = Walk()
    absent: dict[tuple[str, str], int] = {}  # (viewer, url): status

    def status_absent(viewer: str, url: str) -> int:
        if (viewer, url) not in absent:
            absent[viewer, url] = get(app, world, viewer, url)[0]
        return absent[viewer, url]

    for viewer in VIEWERS:
        mine = visible(viewer)
        for name in RECORDS:
            kind = RECORDS[name][0]
            rid = world.res[name]
            first = world.activities[name][-1]["id"]
            may = name in mine
            detail = (200,) if viewer in ACTIVITY_READERS and may_edit(
                viewer, name) else (403, 404)
            # url, statuses for a reader, whether a tombstone answers it
            urls: list[tuple[str, tuple[int, ...], bool]] = [
                (page(kind, name), (200,), True),
                (page(kind, world.id[name]), (200, 301, 302), True),
                (f"{page(kind, name)}/resource/{rid}", (200,), True),
                (f"/dataset/{name}/resource/{rid}/download", (302,), True),
                (f"/dataset/activity/{name}", (200,), True),
                (f"/dataset/{name}/history/{first}", detail, False),
                (f"/satudata/indah/{name}.json", (200, 409), False),
                (f"/satudata/daftar-data/{name}.json", (200,), False),
                (f"/dataset/{name}/croissant.jsonld", (200,), False),
            ]
            urls += [(f"/dataset/{name}.{fmt}", (200,), True)
                     for fmt in RDF_FORMATS]
            echo = (name, world.id[name], rid, first)
            for url, ok, tombstoned in urls:
                status, body = get(app, world, viewer, url)
                if may:
                    walk.check(status in ok, viewer, url,
                               f"status {status} for a reader")
                    walk.hidden(world, body, EVERY - mine, viewer, url)
                    if name == REVISED and status == 200 and (
                            url == page(kind, name)):
                        walk.shown(body, [f"Catatan {RECORDS[name][2]}",
                                          f"Tabel {RECORDS[name][2]}"],
                                   viewer, url)
                    continue
                if name in WITHDRAWN and tombstoned:
                    walk.check(status == 410, viewer, url,
                               f"status {status}, not the tombstone"
                               + (f" {body[:200]}" if status == 500
                                  else ""))
                    walk.shown(body, [title(name)], viewer, url)
                    walk.hidden(world, body, {name}, viewer, url, echo=echo,
                                allow=(title(name),))
                    continue
                ghost = url.replace(name, "tidak-ada").replace(
                    world.id[name], "0" * 8)
                gone = status_absent(viewer, ghost)
                walk.check(status in (403, 404) and status == gone, viewer,
                           url, f"status {status}, {gone} when absent"
                           + (f" {body[:200]}" if status == 500 else ""))
                walk.hidden(world, body, {name}, viewer, url, echo=echo)
            status, body = get(app, world, viewer,
                               f"/dataset/{name}/surat-validasi")
            if may and viewer in STAFF and RECORDS[name][1] in (
                    "verified", "published", "withdrawn"):
                walk.check(status == 200, viewer, "surat-validasi",
                           f"{name}: {status}")
            else:
                walk.check(status in (403, 404), viewer,
                           f"/dataset/{name}/surat-validasi", f"{status}")
                if not may:
                    walk.hidden(world, body, {name}, viewer,
                                "surat-validasi", echo=echo)
        _copy_pages(app, walk, world, viewer, status_absent)
    walk.done()


def _copy_pages(app, walk: Walk, world: World, viewer: str,
                status_absent: Any) -> None:
    """The staged copy's pages (and the revision's comparison and the
    previous versions): the staff of OPD A read the copy; an outsider gets
    what a dataset that does not exist gets, and nothing of the copy."""
    rid = world.copy_res
    urls = [f"/dataset/{COPY}", f"/dataset/{world.copy_id}",
            f"/dataset/{COPY}/resource/{rid}",
            f"/dataset/{COPY}/resource/{rid}/download",
            f"/dataset/activity/{COPY}", f"/dataset/{COPY}.ttl",
            f"/dataset/{COPY}/revisi", f"/dataset/{REVISED}/revisi",
            f"/dataset/{REVISED}/versi"]
    echo = (COPY, world.copy_id, rid)
    for url in urls:
        status, body = get(app, world, viewer, url)
        if viewer in INSIDERS:
            if url == f"/dataset/{COPY}":
                walk.check(status == 200, viewer, url,
                           f"status {status} for a reader")
            continue
        if viewer not in OUTSIDERS:
            continue
        if REVISED in url:  # staff pages of the published dataset
            walk.check(status in (403, 404), viewer, url, f"status {status}")
        else:
            ghost = url.replace(COPY, "tidak-ada").replace(
                world.copy_id, "0" * 8)
            gone = status_absent(viewer, ghost)
            walk.check(status in (403, 404) and status == gone, viewer, url,
                       f"status {status}, {gone} when absent"
                       + (f" {body[:200]}" if status == 500 else ""))
        walk.hidden(world, body, set(), viewer, url, echo=echo)


def found_text(count: int) -> str:
    if not count:
        return "No datasets found"
    return f"{count} dataset{'s' if count != 1 else ''} found"


def test_list_pages(app, world):
    """Pages that list records: home, search (with the distinctive words),
    organisation, group, kegiatan, user, activity pages, dashboard, the
    task list, and the autocomplete of API 2."""
    walk = Walk()
    operator = world.people["operator_a"]["name"]
    for viewer in VIEWERS:
        mine = visible(viewer)
        hidden = EVERY - mine
        in_group = {n for n in mine if "grup-uji" in RECORDS[n][3]}
        urls: list[tuple[str, frozenset[str] | set[str], bool]] = [
            # url, records it must show, whether it echoes words
            ("/", set(), False),
            ("/dataset/", mine, False),
            ("/dataset/?q=rahasia*", mine & SECRET, True),
            ("/dataset/?tags=bersama", mine, False),
            ("/dataset/?groups=grup-uji", in_group, False),
            ("/dataset/?res_format=CSV", mine, False),
            ("/organization/", set(), False),
            ("/organization/opd-a", mine, False),
            ("/group/", set(), False),
            ("/group/grup-uji", in_group, False),
            ("/kegiatan/kegiatan-terbit",
             {n for n in mine if RECORDS[n][0] == "dataset"}, False),
            (f"/user/{operator}", set(), False),
            (f"/user/activity/{operator}", set(), False),
            ("/organization/activity/opd-a", set(), False),
            ("/group/activity/grup-uji", set(), False),
            ("/dashboard/", set(), False),
            ("/satudata/tugas", set(), False),
            ("/api/2/util/dataset/autocomplete?incomplete=rahasia",
             completes("rahasia", mine), True),
            ("/api/2/util/dataset/autocomplete?incomplete=terbuka",
             PUBLIC, True),
        ]
        for name in RECORDS:
            urls.append((f"/dataset/?q={RECORDS[name][2]}",
                         {name} & mine, True))
        urls.append(("/group/grup-pembanding",
                     {n for n in mine if "grup-pembanding" in RECORDS[n][3]},
                     False))
        if viewer in OUTSIDERS:  # strict for outsiders only
            urls += [(f"/dataset/?q={COPY_WORD}", set(), True),
                     (f"/dataset/?tags={COPY_WORD}", set(), True)]
        for url, shows, echoes in urls:
            status, body = get(app, world, viewer, url)
            if viewer == "anonymous" and url in ("/dashboard/",
                                                 "/satudata/tugas"):
                walk.check(status in (302, 403), viewer, url, f"{status}")
                continue
            walk.check(status == 200, viewer, url, f"status {status} "
                       f"{body[:200] if status == 500 else ''}")
            walk.hidden(world, body, hidden, viewer, url, words=not echoes)
            if "util" in url:
                walk.shown(body, sorted(shows), viewer, url)
            else:
                walk.shown(body, [title(n) for n in sorted(shows)], viewer,
                           url)
            if url.startswith(("/dataset/?", "/organization/opd",
                               "/group/grup")) or url == "/dataset/":
                walk.shown(body, [found_text(len(shows))], viewer, url)
        # the counts of the organisation and group indexes
        status, body = get(app, world, viewer, "/organization/")
        counts = [f"{len(mine)} Dataset"]
        if viewer in INSIDERS:  # may count the revision's copy
            counts.append(f"{len(mine) + 1} Dataset")
        walk.check(any(c in body for c in counts), viewer, "/organization/",
                   f"missing {counts[0]}")
    walk.done()


def test_api_over_http(app, world):
    """The action API as GET requests, with and without a token."""
    walk = Walk()
    operator = world.people["operator_a"]["name"]
    for viewer in VIEWERS:
        mine = visible(viewer)
        hidden = EVERY - mine
        base = "/api/3/action/"
        lists = [
            "package_search?q=rahasia*&include_private=true&rows=100"
            "&facet.field=[\"tags\",\"groups\",\"organization\"]",
            "package_search?include_private=true&rows=100",
            "package_list", "current_package_list_with_resources",
            "package_autocomplete?q=rahasia",
            "organization_show?id=opd-a&include_datasets=true",
            "group_show?id=grup-uji&include_datasets=true",
            "group_show?id=grup-pembanding&include_datasets=true",
            "group_package_show?id=grup-uji",
            "organization_list?all_fields=true",
            "tag_show?id=bersama&include_datasets=true",
            "organization_activity_list?id=opd-a",
            "group_activity_list?id=grup-uji",
            f"user_activity_list?id={operator}",
            "recently_changed_packages_activity_list",
            f"user_show?id={operator}&include_datasets=true",
        ]
        for url in lists:
            status, body = get(app, world, viewer, base + url)
            walk.check(status == 200, viewer, url, f"status {status}")
            readers = hidden if "activity" not in url else (
                EVERY - activity_readers(viewer))
            if url.startswith(("package_list", "current_package", "group",
                               "tag_show", "organization_show",
                               "user_show")) and viewer not in MEMBERS_A:
                readers = SECRET  # CKAN lists public datasets only there
            walk.hidden(world, body, readers, viewer, url)
        for name in RECORDS:
            for url in (f"package_show?id={name}",
                        f"resource_show?id={world.res[name]}",
                        f"package_activity_list?id={name}",
                        f"satudata_workflow_show?id={name}"):
                status, body = get(app, world, viewer, base + url)
                if name in mine:
                    walk.check(status == 200, viewer, url, f"{status}")
                    walk.hidden(world, body, hidden, viewer, url)
                    if name == REVISED and url.startswith("package_show"):
                        walk.shown(body, [f"Catatan {RECORDS[name][2]}"],
                                   viewer, url)
                else:
                    walk.check(status == 404 if name in WITHDRAWN and (
                        url.startswith("package_show")) else status in (
                        403, 404), viewer, url, f"status {status}")
                    walk.hidden(world, body, {name}, viewer, url,
                                echo=(name, world.res[name]))
        if viewer not in OUTSIDERS:
            continue
        for url in (f"package_show?id={COPY}",
                    f"package_show?id={world.copy_id}",
                    f"resource_show?id={world.copy_res}",
                    f"package_activity_list?id={COPY}",
                    f"satudata_revision_diff?id={REVISED}",
                    f"package_search?q={COPY_WORD}&include_private=true"
                    "&include_drafts=true"):
            status, body = get(app, world, viewer, base + url)
            if url.startswith("package_search"):
                walk.check(status == 200 and '"count": 0' in body, viewer,
                           url, f"status {status} {body[:300]}")
            else:
                walk.check(status in (403, 404), viewer, url,
                           f"status {status}")
            walk.hidden(world, body, set(), viewer, url,
                        echo=(COPY, world.copy_id, world.copy_res,
                              COPY_WORD))
    walk.done()


def test_feeds(app, world):
    """CKAN's Atom feeds list public datasets only, for everyone."""
    walk = Walk()
    feeds = [
        ("/feeds/dataset.atom", PUBLIC),
        ("/feeds/organization/opd-a.atom", PUBLIC),
        ("/feeds/group/grup-uji.atom", {"data-terbit"}),
        ("/feeds/tag/bersama.atom", PUBLIC),
        ("/feeds/custom.atom?q=rahasia*", set()),
        ("/feeds/custom.atom?q=terbuka*", PUBLIC),
        ("/feeds/custom.atom?tags=bersama", PUBLIC),
        ("/feeds/custom.atom?groups=grup-uji", {"data-terbit"}),
    ]
    feeds += [(f"/feeds/tag/{RECORDS[n][2]}.atom", set()) for n in SECRET]
    feeds += [(f"/feeds/custom.atom?q={RECORDS[n][2]}", set())
              for n in SECRET]
    feeds += [("/feeds/group/grup-pembanding.atom",
               {n for n in PUBLIC if "grup-pembanding" in RECORDS[n][3]}),
              (f"/feeds/tag/{COPY_WORD}.atom", set()),
              (f"/feeds/custom.atom?q={COPY_WORD}", set())]
    for viewer in VIEWERS:
        for url, shows in feeds:
            status, body = get(app, world, viewer, url)
            walk.check(status == 200, viewer, url, f"status {status}")
            walk.hidden(world, body, SECRET | {COPY}, viewer, url,
                        words=False)
            walk.shown(body, [title(n) for n in sorted(shows)], viewer, url)
    walk.done()


def test_dcat_catalogue(app, world):
    """ckanext-dcat's catalogue (every serialisation, with a query) and the
    DCAT-JSON interface list published records only."""
    walk = Walk()
    urls = [f"/catalog.{fmt}" for fmt in RDF_FORMATS]
    urls += ["/catalog.ttl?q=rahasia*", "/catalog.ttl?q=terbuka*",
             f"/catalog.ttl?q={COPY_WORD}",
             "/catalog.ttl?fq=capacity:private",
             "/catalog.ttl?modified_since=2000-01-01", "/dcat.json"]
    for viewer in VIEWERS:
        for url in urls:
            status, body = get(app, world, viewer, url)
            walk.check(status == 200, viewer, url, f"status {status}")
            walk.hidden(world, body, SECRET | {COPY}, viewer, url,
                        words="q=" not in url)
            if "rahasia" not in url and "capacity" not in url:
                walk.shown(body, [title(n) for n in sorted(PUBLIC)]
                           + [f"Catatan {RECORDS[REVISED][2]}"], viewer, url)
    walk.done()


def test_federation_paths(app, world):
    """The Daftar Data export (file and API) lists the published datasets
    only, and ckanext-harvest's pages show nothing unpublished."""
    walk = Walk()
    datasets = sorted(n for n in PUBLIC if RECORDS[n][0] == "dataset")
    for viewer in VIEWERS:
        for url in ("/satudata/daftar-data.csv",
                    "/api/3/action/satudata_daftar_data_export",
                    "/satudata/daftar-data.csv?organization=opd-a",
                    "/harvest"):
            status, body = get(app, world, viewer, url)
            walk.check(status == 200, viewer, url, f"status {status}")
            walk.hidden(world, body, SECRET | {COPY}, viewer, url)
            if "daftar" in url:
                walk.shown(body, [title(n) for n in datasets], viewer, url)
    walk.done()


def test_no_sitemap(app, world):
    """Neither CKAN 2.12 nor an installed extension serves a sitemap."""
    for url in ("/sitemap.xml", "/sitemap_index.xml", "/sitemap"):
        assert app.get(url).status_code == 404, url
