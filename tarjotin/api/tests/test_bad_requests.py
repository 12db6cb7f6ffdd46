"""Bad requests get a JSON error body; a bad parameter is a 400 that names it."""

import uuid

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        ("/api/hsda/services", {"page": "0"}, "page"),
        ("/api/hsda/services", {"page": "two"}, "page"),
        ("/api/hsda/services", {"per_page": "100000"}, "per_page"),
        ("/api/hsda/services", {"taxonomy_term_id": "exercise"}, "taxonomy_term_id"),
        ("/api/hsda/services", {"taxonomy_id": "1"}, "taxonomy_id"),
        ("/api/hsda/services", {"organization_id": "x"}, "organization_id"),
        ("/api/hsda/services", {"modified_after": "last week"}, "modified_after"),
        ("/api/hsda/services", {"full": "maybe"}, "full"),
        ("/api/hsda/services", {"format": "xml"}, "format"),
        ("/api/hsda/services", {"lang": "xx"}, "lang"),
        ("/api/hsda/services", {"colour": "red"}, "colour"),
        ("/api/hsda/service_at_locations", {"proximity": "1000"}, "proximity"),
        ("/api/hsda/service_at_locations", {"postcode": "00530", "proximity": "far"}, "proximity"),
        ("/api/hsda/taxonomy_terms", {"parent_id": "top"}, "parent_id"),
        ("/api/hsda/organizations", {"full_service": "2"}, "full_service"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(client, url, params, parameter):
    response = client.get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["parameter"] == parameter
    assert body["detail"].startswith(f"{parameter}:")


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsda/services/4a0e4e36-0000-4000-8000-000000000000",
        "/api/hsda/organizations/4a0e4e36-0000-4000-8000-000000000000",
        "/api/hsda/service_at_locations/4a0e4e36-0000-4000-8000-000000000000",
        "/api/hsda/taxonomies/4a0e4e36-0000-4000-8000-000000000000",
        "/api/hsda/taxonomy_terms/4a0e4e36-0000-4000-8000-000000000000",
        "/api/hsda/services/not-a-uuid",
        "/api/hsda/no-such-endpoint",
    ],
)
def test_unknown_id_or_path_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "not_found"


def test_writing_is_not_allowed_and_says_so_in_json(client):
    # POST on a list is a query (HSDS 3.1); writing a record is not allowed anywhere.
    response = client.put("/api/hsda/services", {}, content_type="application/json")
    assert response.status_code == 405
    assert client.post(f"/api/hsda/services/{uuid.uuid4()}", {}).status_code == 405
    assert response.json()["status"] == 405
