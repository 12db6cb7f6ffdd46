"""GET /api/hsda/services and /services/{id}: filters, languages, paging and formats."""

import datetime as dt
import json

import pytest

from tarjotin.catalogue import models as m
from tarjotin.catalogue.taxonomies import taxonomy_id, term_id

pytestmark = pytest.mark.django_db


def ids(response) -> set[str]:
    return {item["id"] for item in response.json()["contents"]}


def test_page_envelope_counts_published_services_only(client):
    published = m.Service.objects.filter(publication_status="published").count()
    body = client.get("/api/hsda/services", {"per_page": 7, "page": 2}).json()
    assert body["total_items"] == published
    assert body["total_pages"] == -(-published // 7)
    assert (body["page_number"], body["size"], body["first_page"], body["last_page"]) == (
        2,
        7,
        False,
        False,
    )
    assert body["empty"] is False


def test_page_past_the_end_is_empty_not_an_error(client):
    body = client.get("/api/hsda/services", {"page": 9999}).json()
    assert body["contents"] == [] and body["empty"] is True and body["last_page"] is True


def test_unpublished_service_is_not_found(client):
    draft = m.Service.objects.filter(publication_status="draft").first()
    response = client.get(f"/api/hsda/services/{draft.id}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_taxonomy_term_filter_returns_only_services_with_that_term(client):
    exercise = term_id("category", "exercise")
    body = client.get(
        "/api/hsda/services", {"taxonomy_term_id": str(exercise), "per_page": 500}
    ).json()
    linked = set(
        m.Attribute.objects.filter(taxonomy_term_id=exercise).values_list("link_id", flat=True)
    )
    assert body["total_items"] > 100
    assert {item["id"] for item in body["contents"]} <= {str(i) for i in linked}


def test_taxonomy_filter_takes_any_term_of_the_taxonomy(client):
    everything = client.get("/api/hsda/services").json()["total_items"]
    body = client.get("/api/hsda/services", {"taxonomy_id": str(taxonomy_id("delivery"))}).json()
    assert body["total_items"] == everything  # every demo service has a delivery term


def test_organizations_filtered_by_the_term_of_a_service_they_run(client):
    everything = client.get("/api/hsda/organizations").json()["total_items"]
    exercise = term_id("category", "exercise")
    body = client.get(
        "/api/hsda/organizations", {"taxonomy_term_id": str(exercise), "per_page": 500}
    ).json()
    services = m.Service.objects.filter(
        publication_status="published",
        id__in=m.Attribute.objects.filter(taxonomy_term_id=exercise).values("link_id"),
    )
    expected = {str(o) for o in services.values_list("organization_id", flat=True)}
    assert 0 < body["total_items"] < everything
    assert {item["id"] for item in body["contents"]} == expected
    by_taxonomy = client.get(
        "/api/hsda/organizations", {"taxonomy_id": str(taxonomy_id("delivery"))}
    )
    assert by_taxonomy.json()["total_items"] == everything - organizations_without_services()


def organizations_without_services() -> int:
    published = m.Service.objects.filter(publication_status="published")
    return (
        m.Organization.objects.filter(publication_status="published")
        .exclude(id__in=published.values("organization_id"))
        .count()
    )


def test_organization_filter(client):
    organization = m.Organization.objects.filter(
        organization_type="ngo", services__isnull=False
    ).first()
    body = client.get("/api/hsda/services", {"organization_id": str(organization.id)}).json()
    assert body["total_items"] > 0
    assert {s["organization_id"] for s in body["contents"]} == {str(organization.id)}


def test_modified_after_filter(client):
    cutoff = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    body = client.get(
        "/api/hsda/services", {"modified_after": "2026-10-01", "per_page": 500}
    ).json()
    expected = m.Service.objects.filter(publication_status="published", last_modified__gte=cutoff)
    assert body["total_items"] == expected.count() > 0


def test_search_finds_text_in_any_language(client):
    finnish = client.get("/api/hsda/services", {"search": "vesijumppa"}).json()
    swedish = client.get("/api/hsda/services", {"search": "vattengymnastik"}).json()
    assert finnish["total_items"] > 0 and swedish["total_items"] > 0
    assert all("vesijumppa" in s["name"].lower() for s in finnish["contents"])


def test_language_from_parameter_and_header_with_fallback(client):
    service = m.Service.objects.filter(publication_status="published", name__has_key="sv").first()
    finnish_only = (
        m.Service.objects.filter(publication_status="published").exclude(name__has_key="sv").first()
    )
    swedish = client.get(f"/api/hsda/services/{service.id}", {"lang": "sv"})
    assert swedish.json()["name"] == service.name["sv"]
    assert swedish.headers["Content-Language"] == "sv"
    header = client.get(
        f"/api/hsda/services/{service.id}", headers={"accept-language": "sv-FI,sv;q=0.9"}
    )
    assert header.json()["name"] == service.name["sv"]
    fallback = client.get(f"/api/hsda/services/{finnish_only.id}", {"lang": "sv"}).json()
    assert fallback["name"] == finnish_only.name["fi"]
    assert fallback["translations"]["name"] == finnish_only.name


def test_full_service_nests_locations_schedules_and_taxonomy(client):
    sal = m.ServiceAtLocation.objects.filter(service__publication_status="published").first()
    body = client.get(f"/api/hsda/services/{sal.service_id}").json()
    location = body["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"]
    assert location["latitude"] and location["municipality_code"]
    assert body["schedules"] or body["service_at_locations"][0]["schedules"]
    taxonomies = {a["link_type"] for a in body["attributes"]}
    assert {"category", "target_group", "delivery", "cost"} <= taxonomies
    assert all(a["taxonomy_term"]["taxonomy_detail"]["name"] for a in body["attributes"])


def test_ndjson_streams_every_result_without_paging(client):
    term = str(term_id("target_group", "informal_carers"))
    paged = client.get("/api/hsda/services", {"taxonomy_term_id": term}).json()
    response = client.get("/api/hsda/services", {"taxonomy_term_id": term, "format": "ndjson"})
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == paged["total_items"]
    assert {json.loads(line)["id"] for line in lines} >= {s["id"] for s in paged["contents"]}
