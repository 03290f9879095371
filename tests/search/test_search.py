"""package_search and friends, answered by PostgreSQL (no Solr anywhere:
test.ini points solr_url at a closed port)."""

from __future__ import annotations

import datetime as dt

import ckan.lib.search as ckan_search
import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import factories, helpers

from ckanext.satudata.search.model import SearchDocument
from tests.conftest import act

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def names(result):
    return sorted(r["name"] for r in result["results"])


def search(user=None, **params):
    return act("package_search", user, **params)


def _dataset(org, **kwargs):
    kwargs.setdefault("owner_org", org["id"])
    return factories.Dataset(**kwargs)


@pytest.fixture
def catalogue(opd):
    """A small published catalogue in two OPDs, plus one private dataset
    of OPD A."""
    group = factories.Group(name="kesehatan", title="Kesehatan")
    a = opd["org_a"]
    b = opd["org_b"]
    data = {
        "faskes": _dataset(
            a, name="fasilitas-kesehatan-2025",
            title="Jumlah Fasilitas Kesehatan 2025",
            notes="Puskesmas dan rumah sakit per kecamatan.",
            tags=[{"name": "puskesmas"}, {"name": "rumah sakit"}],
            groups=[{"name": group["name"]}],
            license_id="cc-by",
            extras=[{"key": "tahun", "value": "2025"}],
            resources=[{"url": "http://x/faskes.csv", "format": "CSV",
                        "name": "Tabel faskes"}]),
        "imunisasi": _dataset(
            a, name="imunisasi-dasar-2024",
            title="Cakupan Imunisasi Dasar Lengkap 2024",
            notes="Persentase bayi yang diimunisasi lengkap.",
            tags=[{"name": "imunisasi"}],
            groups=[{"name": group["name"]}],
            license_id="cc-by",
            extras=[{"key": "tahun", "value": "2024"}],
            resources=[{"url": "http://x/idl.xlsx", "format": "XLSX"}]),
        "sekolah": _dataset(
            b, name="sekolah-dasar-2025",
            title="Jumlah Sekolah Dasar 2025",
            notes="Sekolah dasar negeri dan swasta.",
            tags=[{"name": "pendidikan"}],
            license_id="odc-by",
            extras=[{"key": "tahun", "value": "2025"}],
            resources=[{"url": "http://x/sd.csv", "format": "CSV"},
                       {"url": "http://x/sd.pdf", "format": "PDF"}]),
        "private": _dataset(
            a, name="stunting-rahasia-2025", private=True,
            title="Prevalensi Stunting Balita 2025",
            notes="Belum terbit.", tags=[{"name": "stunting"}],
            resources=[{"url": "http://x/st.csv", "format": "CSV"}]),
    }
    return dict(opd, **data, group=group)


class TestIndexing:
    def test_create_update_delete_keep_the_index_in_step(self, opd):
        ds = _dataset(opd["org_a"], title="Data Curah Hujan")
        row = model.Session.get(SearchDocument, ds["id"])
        assert row is not None and row.title == "Data Curah Hujan"
        assert names(search(q="hujan")) == [ds["name"]]

        admin = factories.Sysadmin()
        act("package_patch", admin, id=ds["id"],
            title="Data Kelembapan Udara")
        assert search(q="hujan")["count"] == 0
        assert names(search(q="kelembapan")) == [ds["name"]]

        act("package_delete", admin, id=ds["id"])
        assert search(q="kelembapan")["count"] == 0
        # ckan.search.remove_deleted_packages: the row is gone
        model.Session.expire_all()
        assert model.Session.get(SearchDocument, ds["id"]) is None

    def test_index_written_in_the_dataset_transaction(self, opd):
        """A dataset whose creation fails leaves no index row behind."""
        user = opd["operator_a"]
        with pytest.raises(tk.ValidationError):
            act("package_create", user, name="BAD NAME",
                owner_org=opd["org_a"]["id"])
        assert model.Session.scalar(
            sa.select(sa.func.count()).select_from(SearchDocument)) == 0

    def test_purge_removes_the_row(self, opd):
        ds = _dataset(opd["org_a"])
        helpers.call_action("dataset_purge", id=ds["id"])
        assert model.Session.get(SearchDocument, ds["id"]) is None

    def test_package_show_reads_the_index_and_sees_updates(self, opd):
        ds = _dataset(opd["org_a"], notes="lama")
        first = helpers.call_action("package_show", id=ds["name"])
        assert first["notes"] == "lama"
        act("package_patch", factories.Sysadmin(), id=ds["id"], notes="baru")
        assert helpers.call_action(
            "package_show", id=ds["name"])["notes"] == "baru"
        # the cached copy is the validated dict CKAN would have shown
        cached = ckan_search.show(ds["name"])
        assert '"notes": "baru"' in cached["validated_data_dict"]

    def test_search_index_show_unknown_raises(self):
        with pytest.raises(ckan_search.SearchError):
            ckan_search.show("no-such-dataset")


class TestFreeText:
    def test_words_in_title_notes_tags_resources(self, catalogue):
        assert names(search(q="puskesmas")) == ["fasilitas-kesehatan-2025"]
        assert names(search(q="faskes")) == ["fasilitas-kesehatan-2025"]
        assert names(search(q="swasta")) == ["sekolah-dasar-2025"]
        assert names(search(q="OPD B")) == ["sekolah-dasar-2025"]

    def test_indonesian_stemming(self, catalogue):
        # "kecamatan" is stemmed to "camat"; "diimunisasi" to "imunisasi"
        assert names(search(q="camat")) == ["fasilitas-kesehatan-2025"]
        # both are in the group "kesehatan" (stem "sehat")
        assert search(q="sehat")["count"] == 2
        assert "imunisasi-dasar-2024" in names(search(q="diimunisasi"))

    def test_all_words_must_match(self, catalogue):
        assert names(search(q="jumlah 2025")) == [
            "fasilitas-kesehatan-2025", "sekolah-dasar-2025"]
        assert names(search(q="jumlah sekolah")) == ["sekolah-dasar-2025"]

    def test_phrase_and_prefix(self, catalogue):
        assert names(search(q='"rumah sakit"')) == [
            "fasilitas-kesehatan-2025"]
        assert search(q='"sakit rumah"')["count"] == 0
        assert names(search(q="imuni*")) == ["imunisasi-dasar-2024"]

    def test_or_and_not(self, catalogue):
        assert names(search(q="puskesmas OR swasta")) == [
            "fasilitas-kesehatan-2025", "sekolah-dasar-2025"]
        assert names(search(q="jumlah -sekolah")) == [
            "fasilitas-kesehatan-2025"]

    def test_relevance_orders_title_matches_first(self, catalogue):
        _dataset(catalogue["org_b"], name="z-lain", title="Data lain",
                 notes="Menyebut sekolah sekali.")
        result = search(q="sekolah", sort="score desc")
        assert [r["name"] for r in result["results"]] == [
            "sekolah-dasar-2025", "z-lain"]


class TestFields:
    def test_field_queries_in_q(self, catalogue):
        assert names(search(q="tags:imunisasi")) == ["imunisasi-dasar-2024"]
        assert names(search(q='tags:"rumah sakit"')) == [
            "fasilitas-kesehatan-2025"]
        assert names(search(q="res_format:PDF")) == ["sekolah-dasar-2025"]
        assert names(search(q="organization:opd-b")) == [
            "sekolah-dasar-2025"]
        assert names(search(q="title:imunisasi")) == ["imunisasi-dasar-2024"]
        assert names(search(q="tahun:2024")) == ["imunisasi-dasar-2024"]
        assert names(search(q="name:sekolah-*")) == ["sekolah-dasar-2025"]

    def test_fq_and_fq_list(self, catalogue):
        assert names(search(fq="+organization:opd-a +res_format:CSV")) == [
            "fasilitas-kesehatan-2025"]
        assert names(search(fq_list=["organization:opd-a",
                                     "-tags:imunisasi"])) == [
            "fasilitas-kesehatan-2025"]
        assert names(search(fq="license_id:(cc-by OR odc-by)")) == [
            "fasilitas-kesehatan-2025", "imunisasi-dasar-2024",
            "sekolah-dasar-2025"]
        assert names(search(q="jumlah", fq='groups:"kesehatan"')) == [
            "fasilitas-kesehatan-2025"]

    def test_owner_org_and_id(self, catalogue):
        org_b = catalogue["org_b"]["id"]
        assert names(search(fq=f'owner_org:"{org_b}"')) == [
            "sekolah-dasar-2025"]
        ds = catalogue["sekolah"]
        assert names(search(q=f'id:"{ds["id"]}"')) == ["sekolah-dasar-2025"]

    def test_numeric_and_date_ranges(self, catalogue):
        assert names(search(q="tahun:[2025 TO *]")) == [
            "fasilitas-kesehatan-2025", "sekolah-dasar-2025"]
        assert names(search(q="num_resources:[2 TO 2]")) == [
            "sekolah-dasar-2025"]
        assert search(fq="metadata_modified:[NOW-1DAY TO NOW+1DAY]")[
            "count"] == 3
        assert search(fq="metadata_modified:[* TO 2000-01-01T00:00:00Z]")[
            "count"] == 0

    def test_date_range_follows_metadata_modified(self, catalogue):
        old = catalogue["imunisasi"]["id"]
        model.Session.execute(sa.update(SearchDocument).where(
            SearchDocument.id == old).values(
            metadata_modified=dt.datetime(2025, 6, 1,
                                          tzinfo=dt.timezone.utc)))
        recent = search(
            fq="metadata_modified:[2026-01-01T00:00:00Z TO *]")
        assert "imunisasi-dasar-2024" not in names(recent)
        assert recent["count"] == 2

    def test_dataset_type(self, catalogue):
        _dataset(catalogue["org_a"], name="survei-kesehatan",
                 type="kegiatan")
        _dataset(catalogue["org_a"], name="sumber-panen", type="harvest")
        assert names(search(fq="+dataset_type:kegiatan")) == [
            "survei-kesehatan"]
        assert names(search(fq="type:harvest")) == ["sumber-panen"]
        assert search(fq="+dataset_type:dataset")["count"] == 3

    def test_fl_returns_requested_fields(self, catalogue):
        result = search(q="sekolah", fl="name,title,extras_tahun")
        assert result["results"] == [{
            "name": "sekolah-dasar-2025", "title": "Jumlah Sekolah Dasar 2025",
            "tahun": "2025"}]

    def test_ignored_solr_only_parameters(self, catalogue):
        result = ckan_search.query_for(model.Package).run(
            {"q": "sekolah", "defType": "edismax", "qf": "title^4",
             "mm": "2", "tie": "0.1", "wt": "json", "fl": "name"})
        assert result["results"] == ["sekolah-dasar-2025"]


class TestFacets:
    def test_facets_count_matching_datasets(self, catalogue):
        result = search(**{"facet.field": [
            "organization", "groups", "tags", "res_format", "license_id",
            "tahun"]})
        facets = result["facets"]
        assert facets["organization"] == {"opd-a": 2, "opd-b": 1}
        assert facets["groups"] == {"kesehatan": 2}
        assert facets["res_format"] == {"CSV": 2, "XLSX": 1, "PDF": 1}
        assert facets["license_id"] == {"cc-by": 2, "odc-by": 1}
        assert facets["tahun"] == {"2025": 2, "2024": 1}
        assert facets["tags"]["imunisasi"] == 1
        items = result["search_facets"]["organization"]["items"]
        assert {i["display_name"] for i in items} == {"OPD A", "OPD B"}

    def test_facets_follow_the_query(self, catalogue):
        facets = search(q="jumlah", **{"facet.field": ["organization"]})[
            "facets"]
        assert facets["organization"] == {"opd-a": 1, "opd-b": 1}

    def test_facet_limit_and_mincount(self, catalogue):
        facets = search(**{"facet.field": ["res_format"],
                           "facet.limit": 1})["facets"]
        assert facets["res_format"] == {"CSV": 2}
        facets = search(**{"facet.field": ["res_format"],
                           "facet.mincount": 2})["facets"]
        assert facets["res_format"] == {"CSV": 2}
        facets = search(**{"facet.field": ["res_format"],
                           "facet.limit": -1})["facets"]
        assert len(facets["res_format"]) == 3

    def test_unknown_facet_field_is_empty(self, catalogue):
        assert search(**{"facet.field": ["no_such_field"]})["facets"] == {
            "no_such_field": {}}


class TestSortAndPaging:
    def test_sorts(self, catalogue):
        def order(sort):
            return [r["name"] for r in search(sort=sort)["results"]]

        assert order("name asc") == [
            "fasilitas-kesehatan-2025", "imunisasi-dasar-2024",
            "sekolah-dasar-2025"]
        assert order("name desc") == list(reversed(order("name asc")))
        assert order("title_string asc") == [
            "imunisasi-dasar-2024", "fasilitas-kesehatan-2025",
            "sekolah-dasar-2025"]
        created = order("metadata_created asc")
        assert created == ["fasilitas-kesehatan-2025",
                           "imunisasi-dasar-2024", "sekolah-dasar-2025"]
        assert order("metadata_modified desc") == list(reversed(created))
        assert order("tahun desc, name asc")[0] == "fasilitas-kesehatan-2025"

    def test_rows_and_start(self, catalogue):
        page1 = search(sort="name asc", rows=2)
        page2 = search(sort="name asc", rows=2, start=2)
        assert page1["count"] == page2["count"] == 3
        assert [r["name"] for r in page1["results"]] == [
            "fasilitas-kesehatan-2025", "imunisasi-dasar-2024"]
        assert [r["name"] for r in page2["results"]] == [
            "sekolah-dasar-2025"]
        assert search(rows=0)["results"] == []
        assert search(rows=0)["count"] == 3
        assert search(start=10 ** 9)["results"] == []


class TestVisibility:
    """A private dataset of OPD A: invisible to anonymous users and to OPD B,
    visible to OPD A's members, in results, counts, facets and
    autocomplete."""

    def _sees_private(self, user):
        result = search(user, q="stunting", include_private=True,
                        **{"facet.field": ["organization", "tags"]})
        everything = search(user, include_private=True,
                            **{"facet.field": ["organization"]})
        auto = act("package_autocomplete", user, q="stunting")
        seen = {
            "results": names(result) == ["stunting-rahasia-2025"],
            "count": everything["count"] == 4,
            "facet": everything["facets"]["organization"].get("opd-a") == 3,
            "tag_facet": "stunting" in result["facets"].get("tags", {}),
            "autocomplete": [a["name"] for a in auto] == [
                "stunting-rahasia-2025"],
        }
        assert len(set(seen.values())) == 1, seen
        return all(seen.values())

    def test_anonymous_does_not_see_it(self, catalogue):
        assert self._sees_private(None) is False

    def test_registered_user_does_not_see_it(self, catalogue):
        assert self._sees_private(catalogue["public"]) is False

    @pytest.mark.parametrize("who", ["operator_b", "verifikator_b"])
    def test_other_opd_does_not_see_it(self, catalogue, who):
        assert self._sees_private(catalogue[who]) is False

    @pytest.mark.parametrize("who", ["operator_a", "verifikator_a"])
    def test_own_opd_sees_it(self, catalogue, who):
        assert self._sees_private(catalogue[who]) is True

    def test_sysadmin_sees_it(self, catalogue):
        assert self._sees_private(factories.Sysadmin()) is True

    def test_without_include_private_nobody_gets_it(self, catalogue):
        result = search(catalogue["operator_a"], q="stunting")
        assert result["count"] == 0

    def test_drafts_and_deleted(self, catalogue):
        user = catalogue["operator_a"]
        draft = act("package_create", factories.Sysadmin(), name="draf-data",
                    owner_org=catalogue["org_a"]["id"], state="draft")
        assert search(user, q="name:draf-data")["count"] == 0
        assert names(search(user, q="name:draf-data",
                            include_drafts=True)) == ["draf-data"]
        # another OPD's member never sees it, drafts asked for or not
        assert search(catalogue["operator_b"], q="name:draf-data",
                      include_drafts=True)["count"] == 0
        assert draft["state"] == "draft"

    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", "false")
    def test_include_deleted(self, catalogue):
        sysadmin = factories.Sysadmin()
        act("package_delete", sysadmin, id=catalogue["sekolah"]["id"])
        assert search(sysadmin, q="sekolah")["count"] == 0
        assert names(search(sysadmin, q="sekolah",
                            include_deleted=True)) == ["sekolah-dasar-2025"]


class TestOrganizationsAndGroups:
    def test_lists_with_dataset_counts(self, catalogue):
        orgs = {o["name"]: o["package_count"] for o in act(
            "organization_list", None, all_fields=True)}
        assert orgs == {"opd-a": 2, "opd-b": 1}
        groups = {g["name"]: g["package_count"] for g in act(
            "group_list", None, all_fields=True)}
        assert groups == {"kesehatan": 2}

    def test_member_sees_private_in_own_org_count(self, catalogue):
        org = act("organization_show", catalogue["operator_a"],
                  id="opd-a", include_datasets=True)
        assert org["package_count"] == 3
        org = act("organization_show", None, id="opd-a",
                  include_datasets=True)
        assert org["package_count"] == 2
        assert "stunting-rahasia-2025" not in [
            d["name"] for d in org["packages"]]

    def test_tag_show_lists_public_datasets(self, catalogue):
        tag = act("tag_show", None, id="stunting", include_datasets=True)
        assert tag["packages"] == []
        tag = act("tag_show", None, id="puskesmas", include_datasets=True)
        assert [p["name"] for p in tag["packages"]] == [
            "fasilitas-kesehatan-2025"]


class TestRebuild:
    def test_rebuild_all_and_one(self, catalogue, cli):
        from ckan.cli.cli import ckan as ckan_cli

        model.Session.execute(sa.delete(SearchDocument))
        model.Session.commit()
        assert search(q="sekolah")["count"] == 0

        result = cli.invoke(ckan_cli, ["search-index", "rebuild", "-q"])
        assert result.exit_code == 0, result.output
        assert search(q="sekolah")["count"] == 1
        assert search(q="puskesmas")["count"] == 1

        model.Session.execute(sa.delete(SearchDocument))
        model.Session.commit()
        result = cli.invoke(ckan_cli, ["search-index", "rebuild",
                                       "sekolah-dasar-2025"])
        assert result.exit_code == 0, result.output
        assert names(search()) == ["sekolah-dasar-2025"]

    def test_clear_and_orphans(self, catalogue, cli):
        from ckan.cli.cli import ckan as ckan_cli

        result = cli.invoke(ckan_cli, ["search-index", "clear"])
        assert result.exit_code == 0, result.output
        assert search()["count"] == 0
        result = cli.invoke(ckan_cli, ["search-index", "list-unindexed"])
        assert "Found 4 unindexed" in result.output


def test_bulk_visibility_of_an_organisation(catalogue, opd):
    """CKAN's bulk actions (the organisation page's "Make public/private")
    hand package_show row objects as ids: the index is no cache for those,
    and the change lands in the index."""
    ids = [catalogue["faskes"]["id"]]
    act("bulk_update_private", opd["verifikator_a"], datasets=ids,
        org_id=opd["org_a"]["id"])
    assert "fasilitas-kesehatan-2025" not in names(search(q="*:*"))
    act("bulk_update_public", opd["verifikator_a"], datasets=ids,
        org_id=opd["org_a"]["id"])
    assert "fasilitas-kesehatan-2025" in names(search(q="*:*"))
