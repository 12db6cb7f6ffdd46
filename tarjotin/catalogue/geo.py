"""Geography without GIS: distances on the sphere and postcode areas from our own addresses.

Good enough for the distances a resident walks or rides; the search index (issue 4) takes over
sorting by distance.
"""

import math
import re

from django.db.models import Q

from tarjotin.catalogue import models as m

EARTH_RADIUS_M = 6_371_000


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (latitude, longitude) points in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def postcode_centroid(postcode: str) -> tuple[float, float] | None:
    """The mean position of the catalogue's locations that have this postal code."""
    points = list(
        m.Location.objects.filter(
            addresses__postal_code=postcode, latitude__isnull=False, longitude__isnull=False
        ).values_list("latitude", "longitude")
    )
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def locations_within(centre: tuple[float, float], meters: float) -> list:
    """Ids of locations within ``meters`` of ``centre``: a bounding box in SQL, then exact."""
    lat_delta = math.degrees(meters / EARTH_RADIUS_M)
    lon_delta = lat_delta / max(math.cos(math.radians(centre[0])), 0.01)
    candidates = m.Location.objects.filter(
        latitude__range=(centre[0] - lat_delta, centre[0] + lat_delta),
        longitude__range=(centre[1] - lon_delta, centre[1] + lon_delta),
    ).values_list("id", "latitude", "longitude")
    return [pk for pk, lat, lon in candidates if distance_m(centre, (lat, lon)) <= meters]


def services_covering_postcode(postcode: str):
    """Services whose service area is the municipality of the postcode, or that have no area."""
    municipalities = m.Location.objects.filter(addresses__postal_code=postcode).values(
        "municipality_code"
    )
    with_area = m.ServiceArea.objects.values("service_id")
    covering = m.ServiceArea.objects.filter(municipality_code__in=municipalities).values(
        "service_id"
    )
    return m.Service.objects.filter(Q(id__in=covering) | ~Q(id__in=with_area)).values("id")


def place_centroid(name: str) -> tuple[float, float] | None:
    """A point for a postcode, a street address ("Koulutie 5, Espoo"), a district or a town."""
    name = name.strip()
    if name.isdigit():
        return postcode_centroid(name)
    points = _district_or_town_points(name.lower()) or _address_points(name)
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _district_or_town_points(lowered: str) -> list[tuple[float, float]]:
    return [
        (lat, lon)
        for lat, lon, district, city in m.Location.objects.filter(latitude__isnull=False)
        .values_list("latitude", "longitude", "district", "addresses__city")
        .iterator()
        if lowered in {v.lower() for v in (district or {}).values()}
        or lowered in {v.lower() for v in (city or {}).values()}
    ]


def _address_points(text: str) -> list[tuple[float, float]]:
    """Locations at a street address of the catalogue (Finnish or Swedish), maybe with ", town";
    a house number the catalogue does not have falls back to the street's own services."""
    street, _, town = (part.strip() for part in text.partition(","))
    if not street:
        return []
    points = _street_points(street, town)
    numbered = HOUSE_NUMBER.match(street)
    if not points and numbered:
        points = _street_points(numbered["street"] + " ", town)
    return points


HOUSE_NUMBER = re.compile(r"^(?P<street>\D+?)\s+\d+\s*[a-zA-Z]?(?:\s*[-–]\s*\d+)?$")


def _street_points(street: str, town: str) -> list[tuple[float, float]]:
    addresses = m.Address.objects.filter(
        Q(address_1__fi__istartswith=street) | Q(address_1__sv__istartswith=street),
        location__latitude__isnull=False,
    )
    if town:
        addresses = addresses.filter(Q(city__fi__iexact=town) | Q(city__sv__iexact=town))
    return list(addresses.values_list("location__latitude", "location__longitude")[:200])
