"""GET /api/hsda/service_at_locations: postcode and proximity."""

import pytest

from tarjotin.catalogue import geo
from tarjotin.catalogue import models as m

pytestmark = pytest.mark.django_db


def test_proximity_keeps_locations_within_the_distance_of_the_postcode_centroid(client):
    body = client.get(
        "/api/hsda/service_at_locations",
        {"postcode": "00530", "proximity": "1500", "per_page": 500},
    ).json()
    assert body["total_items"] > 0
    centre = geo.postcode_centroid("00530")
    for sal in body["contents"]:
        location = sal["location"]
        assert geo.distance_m(centre, (location["latitude"], location["longitude"])) <= 1500


def test_postcode_alone_keeps_services_whose_area_covers_it(client):
    body = client.get(
        "/api/hsda/service_at_locations", {"postcode": "02600", "per_page": 500}
    ).json()
    assert body["total_items"] > 0
    service_ids = {sal["service_id"] for sal in body["contents"]}
    areas = m.ServiceArea.objects.filter(service_id__in=service_ids)
    assert set(areas.values_list("municipality_code", flat=True)) <= {"049", ""}


def test_unknown_postcode_gives_an_empty_page(client):
    body = client.get(
        "/api/hsda/service_at_locations", {"postcode": "99999", "proximity": "100"}
    ).json()
    assert body["total_items"] == 0 and body["empty"] is True


def test_distance_on_the_sphere():
    # One degree of latitude is 111.2 km; along the 60th parallel a degree of longitude is half.
    assert round(geo.distance_m((60.0, 25.0), (61.0, 25.0))) == 111_195
    assert 55_500 < geo.distance_m((60.0, 25.0), (60.0, 26.0)) < 55_700
