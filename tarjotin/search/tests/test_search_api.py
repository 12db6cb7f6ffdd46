"""GET /api/search: JSON results, facets and explanations; bad input is a 400, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get("/api/search", params)


def test_results_facets_and_explanations(client):
    body = get(client, q="uinti lapsille", explain="true", per_page=5).json()
    assert body["total"] > 0 and len(body["results"]) == 5
    result = body["results"][0]
    assert "uimakoulu" in result["name"].lower()
    assert result["url"].endswith(f"/api/hsda/services/{result['id']}")
    assert result["explanation"]["words"][0]["word"] == "uinti"
    categories = {f["value"]: f for f in body["facets"]["category"]}
    assert categories["exercise"]["label"] == "Liikunta ja liikkuminen"
    assert set(body["facets"]) >= {
        "category",
        "target_group",
        "municipality",
        "access_ok",
        "age",
        "open_now",
    }


def test_language_changes_labels_and_names(client):
    body = get(client, q="vattengymnastik", lang="sv", per_page=3).json()
    assert body["results"][0]["name_language"] == "sv"
    labels = {f["value"]: f["label"] for f in body["facets"]["category"]}
    assert labels["exercise"] == "Motion och rörelse"


def test_empty_query_lists_a_category(client):
    body = get(client, category="nature", per_page=10).json()
    assert body["total"] > 10 and len(body["results"]) == 10


def test_filters_combine(client):
    everything = get(client, q="jumppa").json()["total"]
    narrowed = get(client, q="jumppa", target_group="older_people", municipality="091").json()
    assert 0 < narrowed["total"] < everything


def test_near_a_district_name_and_distance_sort(client):
    body = get(client, near="Kallio", radius=2000, sort="distance", per_page=20).json()
    distances = [r["distance_m"] for r in body["results"]]
    assert distances and distances == sorted(distances) and distances[-1] <= 2000
    by_postcode = get(client, near="00530", radius=2000).json()
    assert by_postcode["total"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE catalogue_service; --",
        "<script>alert(1)</script> uinti",
        "\u202eiunti\u0000 ☃️ 𝔲𝔦𝔫𝔱𝔦",
        "ÄÄÄÄ" * 40,
        "",
        "   ",
        '*?~:^\\"(){}[]',
    ],
)
def test_odd_queries_get_a_normal_answer(client, text):
    response = get(client, q=text)
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "uinti " * 100}, "q"),
        ({"category": "sports"}, "category"),
        ({"target_group": "aliens"}, "target_group"),
        ({"access": "jetpack"}, "access"),
        ({"day": "XX"}, "day"),
        ({"municipality": "Helsinki"}, "municipality"),
        ({"age": "-4"}, "age"),
        ({"age": "old"}, "age"),
        ({"near": "Atlantis"}, "near"),
        ({"near": "95,200"}, "near"),
        ({"radius": "500"}, "radius"),
        ({"sort": "distance"}, "sort"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"open_at": "tomorrow"}, "open_at"),
        ({"per_page": "1000"}, "per_page"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, params, parameter):
    response = get(client, **params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_hsda_search_is_ranked_by_the_index(client):
    body = client.get("/api/hsda/services", {"search": "uimahallissa", "per_page": 5}).json()
    assert body["total_items"] > 0
    assert all("uima" in s["name"].lower() or "vesi" in s["name"].lower() for s in body["contents"])
    too_long = client.get("/api/hsda/services", {"search": "x" * 400})
    assert too_long.status_code == 400 and too_long.json()["parameter"] == "search"


def test_near_a_street_address(client):
    from tarjotin.catalogue import models as m

    address = m.Address.objects.filter(city__fi="Espoo").select_related("location").first()
    body = get(client, near=f"{address.address_1['fi']}, Espoo", sort="distance", per_page=1).json()
    assert body["results"][0]["distance_m"] < 100


def test_capacity_facet_and_filter(client):
    from tarjotin.catalogue import models as m

    body = get(client, q="kuntosaliryhmä", capacity="waiting_list", per_page=50).json()
    assert body["total"] > 0
    ids = [r["id"] for r in body["results"]]
    assert set(m.Service.objects.filter(id__in=ids).values_list("capacity_status", flat=True)) == {
        "waiting_list"
    }
    counts = {f["value"]: f["count"] for f in body["facets"]["capacity"]}
    assert counts["waiting_list"] == body["total"] and counts["accepting"] > 0
    service = client.get(f"/api/hsda/services/{ids[0]}").json()
    assert service["capacity_status"] == "waiting_list"
