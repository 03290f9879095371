"""The portal's pages and the search API over HTTP, with no Solr."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import ckan.model as model
import pytest
from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.fixture
def portal(opd):
    group = factories.Group(name="kependudukan", title="Kependudukan")
    public = factories.Dataset(
        owner_org=opd["org_a"]["id"], name="penduduk-kecamatan",
        title="Jumlah Penduduk per Kecamatan",
        groups=[{"name": group["name"]}],
        resources=[{"url": "http://x/p.csv", "format": "CSV",
                    "name": "Tabel penduduk"}])
    private = factories.Dataset(
        owner_org=opd["org_a"]["id"], name="rahasia-opd-a", private=True,
        title="Data Internal Penduduk Rahasia")
    return dict(opd, group=group, public=public, private=private)


def _auth(user):
    return {"Authorization": user["token"]}


class TestPages:
    @pytest.mark.parametrize("url,expected", [
        ("/", "Jumlah Penduduk per Kecamatan"),
        ("/dataset/", "Jumlah Penduduk per Kecamatan"),
        ("/dataset/?q=penduduk&organization=opd-a",
         "Jumlah Penduduk per Kecamatan"),
        ("/dataset/penduduk-kecamatan", "Tabel penduduk"),
        ("/organization/", "OPD A"),
        ("/organization/opd-a", "Jumlah Penduduk per Kecamatan"),
        ("/group/", "Kependudukan"),
        ("/group/kependudukan", "Jumlah Penduduk per Kecamatan"),
    ])
    def test_page_renders_with_content(self, app, portal, url, expected):
        response = app.get(url)
        assert response.status_code == 200
        assert expected in response.get_data(as_text=True)

    def test_search_page_hides_private_from_anonymous(self, app, portal):
        body = app.get("/dataset/?q=penduduk").get_data(as_text=True)
        assert "Jumlah Penduduk per Kecamatan" in body
        assert "Data Internal Penduduk Rahasia" not in body
        body = app.get("/organization/opd-a").get_data(as_text=True)
        assert "Data Internal Penduduk Rahasia" not in body

    def test_search_page_shows_private_to_own_opd(self, app, portal):
        body = app.get("/dataset/?q=penduduk",
                       headers=_auth(portal["operator_a"])).get_data(
            as_text=True)
        assert "Data Internal Penduduk Rahasia" in body
        body = app.get("/dataset/?q=penduduk",
                       headers=_auth(portal["operator_b"])).get_data(
            as_text=True)
        assert "Data Internal Penduduk Rahasia" not in body

    def test_malformed_query_on_search_page_is_a_400(self, app, portal):
        response = app.get('/dataset/?q="unbalanced')
        assert response.status_code == 400

    def test_create_in_web_form_then_find_by_title_word(self, app, portal):
        headers = _auth(portal["operator_b"])
        response = app.post("/dataset/new", headers=headers, data={
            "name": "curah-hujan-bulanan", "title": "Curah Hujan Bulanan",
            "notes": "Curah hujan per stasiun.",
            "owner_org": portal["org_b"]["id"], "private": "False",
            "save": "", "_ckan_phase": 1,
        }, follow_redirects=False)
        assert response.status_code == 302, response.get_data(as_text=True)
        location = urlparse(response.headers["location"])._replace(
            scheme="", netloc="").geturl()
        response = app.post(location, headers=headers, data={
            "id": "", "url": "http://example.com/hujan.csv", "name": "CSV",
            "save": "go-metadata"}, follow_redirects=False)
        assert response.status_code == 302
        assert model.Package.by_name("curah-hujan-bulanan").state == "active"
        body = app.get("/dataset/?q=hujan").get_data(as_text=True)
        assert "Curah Hujan Bulanan" in body


class TestSearchApi:
    URL = "/api/3/action/package_search"

    def test_all_with_organization_facet(self, app, portal):
        response = app.get(self.URL, query_string={
            "q": "*:*", "facet.field": '["organization"]'})
        assert response.status_code == 200
        result = response.json["result"]
        assert result["count"] == 1
        assert result["facets"] == {"organization": {"opd-a": 1}}

    def test_private_counted_for_member_only(self, app, portal):
        params = {"q": "penduduk", "include_private": "true",
                  "facet.field": '["organization"]'}
        anonymous = app.get(self.URL, query_string=params).json["result"]
        member = app.get(self.URL, query_string=params,
                         headers=_auth(portal["verifikator_a"])).json[
            "result"]
        other = app.get(self.URL, query_string=params,
                        headers=_auth(portal["verifikator_b"])).json[
            "result"]
        assert (anonymous["count"], other["count"], member["count"]) == (
            1, 1, 2)
        assert member["facets"]["organization"] == {"opd-a": 2}
        assert other["facets"]["organization"] == {"opd-a": 1}

    def test_autocomplete(self, app, portal):
        url = "/api/3/action/package_autocomplete"
        anonymous = app.get(url, query_string={"q": "rahasia"}).json
        assert anonymous["result"] == []
        member = app.get(url, query_string={"q": "rahasia"},
                         headers=_auth(portal["operator_a"])).json
        assert [r["name"] for r in member["result"]] == ["rahasia-opd-a"]

    @pytest.mark.parametrize("params", [
        {"q": '"unbalanced'},
        {"q": "(a OR b"},
        {"q": "a)"},
        {"fq": "tags:"},
        {"fq": "metadata_modified:[2026 TO"},
        {"q": "metadata_modified:[kemarin TO *]"},
        {"q": "{!lucene}x"},
        {"rows": "-1"},
        {"rows": "abc"},
        {"start": "1e9"},
        {"start": "-5"},
        {"sort": "name; drop table package"},
        {"sort": "name sideways"},
        {"facet.field": "not json"},
        {"facet.limit": "abc"},
        {"facet.mincount": "-1"},
    ])
    def test_bad_input_is_a_400_with_a_message(self, app, portal, params):
        response = app.get(self.URL, query_string=params)
        assert response.status_code == 400, response.get_data(as_text=True)
        body = response.json
        assert body["success"] is False
        assert body["error"]["__type"] == "Search Query Error"
        text = json.dumps(body)
        assert "Traceback" not in text and "psycopg2" not in text
        assert "SELECT" not in text

    @pytest.mark.parametrize("params", [
        {"start": "1000000000"},
        {"q": "zzzzzz-tidak-ada"},
        {"fq": "no_such_field:x"},
        {"facet.field": '["no_such_field"]'},
        {"q": "\u0000"},
        {"q": "'; DROP TABLE package; --"},
        {"q": "jam 10:30"},
    ])
    def test_odd_but_valid_input_gives_a_normal_result(self, app, portal,
                                                       params):
        response = app.get(self.URL, query_string=params)
        assert response.status_code == 200
        assert response.json["success"] is True
        assert model.Package.by_name("penduduk-kecamatan") is not None

    @pytest.mark.ckan_config("ckan.locale_default", "id")
    def test_bad_input_message_is_translated(self, app, portal):
        response = app.get(self.URL, query_string={"q": '"x'})
        assert response.status_code == 400
        message = response.json["error"]["message"]
        assert "Tanda kutip" in message
