"""Map-cell covers: they hold every place of the area, and their inner cells nothing outside it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjotin.catalogue.geo import distance_m
from tarjotin.search import geo

FINNISH_POINTS = st.tuples(st.floats(59.8, 70.0), st.floats(20.0, 31.5))
OFFSETS = st.tuples(st.floats(-1.0, 1.0), st.floats(-1.0, 1.0))


def _near(point, offset, radius_m):
    """A point within about 1.5 radii of ``point``, so that both sides of the edge are tried."""
    lat_span = radius_m * 1.5 / geo.METRES_PER_DEGREE
    return point[0] + offset[0] * lat_span, point[1] + offset[1] * lat_span * 2


@settings(max_examples=300, deadline=None)
@given(FINNISH_POINTS, st.floats(30, 300_000), OFFSETS)
def test_a_circle_cover_holds_every_place_within_the_radius(centre, radius_m, offset):
    place = _near(centre, offset, radius_m)
    cover = geo.circle_cover(centre, radius_m)
    cells = set(geo.cell_ids(*place))
    distance = distance_m(centre, place)
    if distance <= radius_m:
        assert cells & (set(cover.inner) | set(cover.edge))
    if cells & set(cover.inner):
        assert distance <= radius_m


@settings(max_examples=300, deadline=None)
@given(FINNISH_POINTS, st.floats(0.001, 2.0), st.floats(0.001, 4.0), OFFSETS)
def test_a_box_cover_holds_every_place_in_the_box(corner, height, width, offset):
    south, west = corner
    north, east = south + height, west + width
    place = (south + (offset[0] + 1) * height * 0.75, west + (offset[1] + 1) * width * 0.75)
    cover = geo.box_cover(south, west, north, east)
    cells = set(geo.cell_ids(*place))
    inside = south <= place[0] <= north and west <= place[1] <= east
    if inside:
        assert cells & (set(cover.inner) | set(cover.edge))
    if cells & set(cover.inner):
        assert inside


def test_covers_stay_small_and_their_edge_thin():
    for radius_m in (100, 1_000, 5_000, 50_000, 500_000):
        cover = geo.circle_cover((60.17, 24.94), radius_m)
        assert len(cover.inner) + len(cover.edge) < 1_500
    box = geo.box_cover(60.15, 24.90, 60.20, 25.00)
    assert len(box.inner) + len(box.edge) < 1_500


@settings(max_examples=300, deadline=None)
@given(FINNISH_POINTS, st.floats(30, 300_000), st.floats(0, 360), st.floats(0.999, 1.001))
def test_places_right_at_the_edge_of_a_circle(centre, radius_m, bearing, factor):
    import math

    lat_step = radius_m * factor * math.cos(math.radians(bearing)) / geo.METRES_PER_DEGREE
    lon_step = radius_m * factor * math.sin(math.radians(bearing)) / geo.METRES_PER_DEGREE
    place = (centre[0] + lat_step, centre[1] + lon_step / math.cos(math.radians(centre[0])))
    cover = geo.circle_cover(centre, radius_m)
    cells = set(geo.cell_ids(*place))
    distance = distance_m(centre, place)
    if distance <= radius_m:
        assert cells & (set(cover.inner) | set(cover.edge))
    if cells & set(cover.inner):
        assert distance <= radius_m
