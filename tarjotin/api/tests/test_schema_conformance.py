"""Every HSDA endpoint, on the whole demo catalogue, validates against the official schemas."""

import pytest

from tarjotin.api.tests.hsds_validation import assert_valid
from tarjotin.catalogue import models as m

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
}


def all_pages(client, url: str, **params):
    page = 1
    while True:
        body = client.get(url, {**params, "page": page, "per_page": 500}).json()
        assert PAGE_KEYS <= set(body), body
        yield body
        if body["last_page"]:
            return
        page += 1


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_service_fully_nested_is_valid(client, hsds_schema, lang):
    schema = hsds_schema("compiled/service.json")
    seen = 0
    for page in all_pages(client, "/api/hsda/services", full="true", lang=lang):
        for service in page["contents"]:
            assert_valid(service, schema)
            seen += 1
    assert seen == m.Service.objects.filter(publication_status="published").count() > 2000


def test_service_list_pages_are_valid(client, hsds_schema):
    schema = hsds_schema("compiled/service_list.json")
    for page in all_pages(client, "/api/hsda/services"):
        for service in page["contents"]:
            assert_valid(service, schema)


def test_minimal_services_are_valid(client, hsds_schema):
    body = client.get("/api/hsda/services", {"minimal": "true", "per_page": 500}).json()
    for service in body["contents"]:
        assert set(service) <= {"id", "name", "status", "last_modified"}
        assert_valid(service, hsds_schema("compiled/service_list.json"))


def test_service_detail_is_valid(client, hsds_schema):
    schema = hsds_schema("compiled/service.json")
    for service in m.Service.objects.filter(publication_status="published").order_by("?")[:25]:
        response = client.get(f"/api/hsda/services/{service.id}")
        assert response.status_code == 200
        assert_valid(response.json(), schema)


def test_organizations_are_valid(client, hsds_schema):
    list_schema = hsds_schema("compiled/organization_list.json")
    full_schema = hsds_schema("compiled/organization.json")
    for page in all_pages(client, "/api/hsda/organizations"):
        for organization in page["contents"]:
            assert_valid(organization, list_schema)
    for page in all_pages(client, "/api/hsda/organizations", full="true"):
        for organization in page["contents"]:
            assert_valid(organization, full_schema)


def test_organization_detail_with_full_services_is_valid(client, hsds_schema):
    schema = hsds_schema("compiled/organization.json")
    organization = m.Organization.objects.filter(services__isnull=False).first()
    for params in ({}, {"full_service": "true"}):
        body = client.get(f"/api/hsda/organizations/{organization.id}", params).json()
        assert body["services"]
        assert_valid(body, schema)


def test_service_at_locations_are_valid(client, hsds_schema):
    list_schema = hsds_schema("compiled/service_at_location_list.json")
    for page in all_pages(client, "/api/hsda/service_at_locations"):
        for sal in page["contents"]:
            assert_valid(sal, list_schema)
    full_schema = hsds_schema("compiled/service_at_location.json")
    body = client.get("/api/hsda/service_at_locations", {"full": "true", "per_page": 100}).json()
    for sal in body["contents"]:
        assert_valid(sal, full_schema)
        detail = client.get(f"/api/hsda/service_at_locations/{sal['id']}").json()
        assert_valid(detail, full_schema)


def test_taxonomies_and_terms_are_valid(client, hsds_schema):
    taxonomy_schema = hsds_schema("taxonomy.json")
    term_schema = hsds_schema("taxonomy_term.json")
    taxonomies = client.get("/api/hsda/taxonomies").json()["contents"]
    assert {t["code"] for t in taxonomies} >= {"category", "target_group", "delivery", "cost"}
    for taxonomy in taxonomies:
        assert_valid(taxonomy, taxonomy_schema)
        assert_valid(client.get(f"/api/hsda/taxonomies/{taxonomy['id']}").json(), taxonomy_schema)
    for page in all_pages(client, "/api/hsda/taxonomy_terms"):
        for term in page["contents"]:
            assert_valid(term, term_schema)
            assert_valid(client.get(f"/api/hsda/taxonomy_terms/{term['id']}").json(), term_schema)


def test_api_root_matches_openapi_description(client, hsds_schema):
    body = client.get("/api/hsda/").json()
    assert body["version"] == "3.1"
    assert body["profile"].endswith("docs/hsds-profile.md")
    assert body["openapi_url"].endswith("/api/hsda/openapi.json")
