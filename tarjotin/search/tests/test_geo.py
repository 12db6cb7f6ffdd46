"""Map-cell covers: they hold every place of the area, and their inner cells nothing outside it."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjotin.catalogue.geo import distance_m
from tarjotin.search import geo

FINNISH_POINTS = st.tuples(st.floats(59.8, 70.0), st.floats(20.0, 31.5))
OFFSETS = st.tuples(st.floats(-1.0, 1.0), st.floats(-1.0, 1.0))


def assert_cover_fits(cover: geo.Cover, place: tuple[float, float], inside: bool) -> None:
    cells = set(geo.cell_ids(*place))
    if inside:
        assert cells & (set(cover.inner) | set(cover.edge))
    if cells & set(cover.inner):
        assert inside


@settings(max_examples=300, deadline=None)
@given(FINNISH_POINTS, st.floats(30, 300_000), OFFSETS)
def test_a_circle_cover_holds_every_place_within_the_radius(centre, radius_m, offset):
    lat_span = radius_m * 1.5 / geo.METRES_PER_DEGREE  # both sides of the edge are tried
    place = (centre[0] + offset[0] * lat_span, centre[1] + offset[1] * lat_span * 2)
    cover = geo.circle_cover(centre, radius_m)
    assert_cover_fits(cover, place, distance_m(centre, place) <= radius_m)


@settings(max_examples=300, deadline=None)
@given(FINNISH_POINTS, st.floats(30, 300_000), st.floats(0, 360), st.floats(0.999, 1.001))
def test_places_right_at_the_edge_of_a_circle(centre, radius_m, bearing, factor):
    lat_step = radius_m * factor * math.cos(math.radians(bearing)) / geo.METRES_PER_DEGREE
    lon_step = radius_m * factor * math.sin(math.radians(bearing)) / geo.METRES_PER_DEGREE
    place = (centre[0] + lat_step, centre[1] + lon_step / math.cos(math.radians(centre[0])))
    cover = geo.circle_cover(centre, radius_m)
    assert_cover_fits(cover, place, distance_m(centre, place) <= radius_m)


@settings(max_examples=300, deadline=None)
@given(FINNISH_POINTS, st.floats(0.001, 2.0), st.floats(0.001, 4.0), OFFSETS)
def test_a_box_cover_holds_every_place_in_the_box(corner, height, width, offset):
    south, west = corner
    north, east = south + height, west + width
    place = (south + (offset[0] + 1) * height * 0.75, west + (offset[1] + 1) * width * 0.75)
    inside = south <= place[0] <= north and west <= place[1] <= east
    assert_cover_fits(geo.box_cover(south, west, north, east), place, inside)


def test_covers_stay_small():
    for radius_m in (100, 1_000, 5_000, 50_000, 500_000):
        cover = geo.circle_cover((60.17, 24.94), radius_m)
        assert len(cover.inner) + len(cover.edge) < 1_000
    box = geo.box_cover(60.15, 24.90, 60.20, 25.00)
    assert len(box.inner) + len(box.edge) < 1_000


def test_a_place_has_one_cell_per_level_each_inside_the_one_above():
    cells = geo.cell_ids(60.1841, 24.9508)
    assert [cell >> 40 for cell in cells] == list(range(geo.LEVELS))
    rows = [(cell >> 20) & 0xFFFFF for cell in cells]
    assert all((below - geo._OFFSET) >> 1 == above - geo._OFFSET
               for below, above in zip(rows, rows[1:], strict=False))  # fmt: skip
