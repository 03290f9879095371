"""Clauses marked ``+`` or ``-`` bind the whole filter, whatever ORs stand
beside them, as in Lucene.

CKAN builds ``package_search``'s filter by joining strings:
``"+capacity:public " + fq + " +state:(active)"`` (and the workflow adds
``-satudata_revision_of:*``). With ckanext-harvest's filter for two OPDs,
``fq=organization:a OR organization:b``, reading OR as looser than every
AND put ``+capacity:public`` on one side of the OR only: a logged-in
caller got the second OPD's private datasets (and the first one's deleted
ones) without asking for them."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from ckanext.satudata.search import syntax as s
from ckanext.satudata.search.syntax import And, Exists, Not, Or, Term
from tests.conftest import act


def t(field, value):
    return Term(field, value)


def test_ckan_filter_with_an_or_keeps_its_required_clauses():
    tree = s.parse("+capacity:public organization:a OR organization:b "
                   "-satudata_revision_of:* +state:(active)")
    assert tree == And((
        t("capacity", "public"), Not(Exists("satudata_revision_of")),
        t("state", "active"),
        Or((t("organization", "a"), t("organization", "b")))))


@pytest.mark.parametrize("text,tree", [
    # excluded whatever stands beside it
    ("a OR -b", And((Not(t(None, "b")), t(None, "a")))),
    ("a OR NOT b", And((Not(t(None, "b")), t(None, "a")))),
    ("-a OR -b", And((Not(t(None, "a")), Not(t(None, "b"))))),
    # a + right next to an OR is one of the alternatives (Lucene)
    ("+a OR +b", Or((t(None, "a"), t(None, "b")))),
    ("+x +a OR +b +y", And((t(None, "x"), t(None, "y"),
                            Or((t(None, "a"), t(None, "b")))))),
    # unmarked clauses: AND binds tighter than OR, as before
    ("a b OR c", Or((And((t(None, "a"), t(None, "b"))), t(None, "c")))),
    ("x +y z OR w", And((t(None, "y"), Or((
        And((t(None, "x"), t(None, "z"))), t(None, "w")))))),
    # without OR nothing changes
    ("+a -b c", And((t(None, "a"), Not(t(None, "b")), t(None, "c")))),
    ("state:(active OR draft)", Or((t("state", "active"),
                                    t("state", "draft")))),
])
def test_marked_clauses(text, tree):
    assert s.parse(text) == tree


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_logged_in_search_with_two_opds_stays_public(opd):
    a, b = opd["org_a"], opd["org_b"]
    factories.Dataset(owner_org=a["id"], name="publik-a")
    factories.Dataset(owner_org=b["id"], name="publik-b")
    factories.Dataset(owner_org=b["id"], name="privat-b", private=True)
    gone = factories.Dataset(owner_org=a["id"], name="dihapus-a")
    sysadmin = factories.Sysadmin()
    act("package_delete", sysadmin, id=gone["id"])
    fq = "organization:opd-a OR organization:opd-b"
    for user in (sysadmin, opd["operator_b"], None):
        found = act("package_search", user, fq=fq)
        assert sorted(r["name"] for r in found["results"]) == [
            "publik-a", "publik-b"], user
    found = act("package_search", opd["operator_b"], fq=fq,
                include_private=True)
    assert sorted(r["name"] for r in found["results"]) == [
        "privat-b", "publik-a", "publik-b"]
