"""What HSDS 3.1 adds to the API: POST queries, CORS, capacities with units, the root."""

import datetime as dt

import pytest

from tarjotin.api.tests.hsds_validation import assert_valid
from tarjotin.catalogue import models as m

pytestmark = pytest.mark.django_db


def ids(response) -> list[str]:
    return [item["id"] for item in response.json()["contents"]]


def test_a_post_query_answers_as_the_same_get(client):
    query = {"search": "kuntosali", "per_page": 5, "lang": "fi"}
    by_get = client.get("/api/hsda/services", query)
    by_post = client.post("/api/hsda/services", query, content_type="application/json")
    assert by_post.status_code == 200
    assert ids(by_post) == ids(by_get) and ids(by_get)
    full = client.post(
        "/api/hsda/services", {"full": True, "per_page": 1}, content_type="application/json"
    )
    assert "service_at_locations" in full.json()["contents"][0]


@pytest.mark.parametrize(
    "endpoint", ["organizations", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_every_list_endpoint_takes_a_post_query(client, endpoint):
    by_post = client.post(f"/api/hsda/{endpoint}", {"per_page": 3}, content_type="application/json")
    assert by_post.status_code == 200
    assert ids(by_post) == ids(client.get(f"/api/hsda/{endpoint}", {"per_page": 3}))


@pytest.mark.parametrize(
    ("body", "parameter"),
    [([1, 2], "body"), ({"colour": "red"}, "colour"), ({"search": ["a", "b"]}, "body")],
)
def test_a_bad_post_query_is_a_json_400_naming_the_problem(client, body, parameter):
    response = client.post("/api/hsda/services", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_the_read_api_is_open_to_other_sites_browsers(client):
    response = client.get("/api/hsda/services", {"per_page": 1}, headers={"Origin": "https://x.fi"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/hsda/services",
        headers={"Origin": "https://x.fi", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight["Access-Control-Allow-Headers"]
    assert not client.get("/", headers={"Origin": "https://x.fi"}).has_header(
        "Access-Control-Allow-Origin"
    )


def test_root_tells_version_profile_and_openapi(client):
    body = client.get("/api/hsda/").json()
    assert body["version"] == "3.1"
    assert body["profile"].startswith("http")
    assert body["openapi_url"].endswith("/api/hsda/openapi.json")


def test_capacities_links_and_service_areas_of_3_1_are_served_valid(client, hsds_schema):
    service = m.Service.objects.filter(publication_status="published").first()
    places = m.Unit.objects.create(name={"fi": "paikkaa", "en": "places"}, scheme="tarjotin")
    m.ServiceCapacity.objects.create(
        service=service, unit=places, available=3, maximum=12,
        updated=dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC),
    )  # fmt: skip
    m.Url.objects.create(organization=service.organization, url="https://example.fi/toinen")
    sal = service.service_at_locations.first()
    m.ServiceArea.objects.create(service_at_location=sal, name={"fi": "Kallio"})
    served = client.get(f"/api/hsda/services/{service.id}", {"lang": "en"}).json()
    assert served["capacities"][0]["available"] == 3
    assert served["capacities"][0]["unit"]["name"] == "places"
    assert served["organization"]["additional_websites"][0]["url"] == "https://example.fi/toinen"
    served_sal = next(s for s in served["service_at_locations"] if s["id"] == str(sal.id))
    assert served_sal["service_areas"][0]["name"] == "Kallio"
    assert_valid(served, hsds_schema("compiled/service.json"))
