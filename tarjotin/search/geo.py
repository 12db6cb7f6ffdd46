"""Map cells for the distance and map-area filters, looked up in the index as terms.

Every place of a service is indexed with the cell that holds it at each of ``LEVELS`` levels of
a quadtree in degrees: level 0 cells are 0.000625° of latitude by 0.00125° of longitude (about
70 m by 70 m in southern Finland), and each level's cells are twice as large each way. An area
is *covered* by the largest cells that lie wholly inside it and, along its edge, by the
smallest cells that touch it, drawn finer for a smaller area. The cover holds every place of
the area and only a thin band beyond it, in a few hundred integer terms that tantivy looks up
at once, with no work per document. Places in the edge cells are then checked exactly: by
distance for a circle (in the engine), by latitude and longitude ranges for a map's box.
"""

import math
from dataclasses import dataclass

import numpy as np

from tarjotin.catalogue.geo import EARTH_RADIUS_M

BASE_LAT = 0.000625  # degrees; the longitude side is twice this, square at 60° N
LEVELS = 14  # a level-13 cell is 5.12° high: Finland lies in a few of them
EDGE_CELLS = 24  # an area's edge is drawn in cells of about 1/24 of its size
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
_OFFSET = 1 << 19  # rows and columns of level 0 reach ±144,000; ids stay positive


@dataclass(frozen=True)
class Cover:
    inner: list[int]  # cells wholly inside the area
    edge: list[int]  # cells crossed by its edge: their places need an exact check


def _size(level: int) -> tuple[float, float]:
    height = BASE_LAT * (1 << level)
    return height, 2 * height


def _ids(level: int, rows, columns) -> np.ndarray:
    rows, columns = np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)
    return (level << 40) | ((rows + _OFFSET) << 20) | (columns + _OFFSET)


def cell_ids(lat: float, lon: float) -> list[int]:
    """The cells holding a place, one per level (what the index stores): the level-0 row and
    column halved at each level up, which is what flooring by the doubled sizes gives."""
    row, column = math.floor(lat / BASE_LAT), math.floor(lon / (2 * BASE_LAT))
    ids = []
    for level in range(LEVELS):
        ids.append((level << 40) | ((row + _OFFSET) << 20) | (column + _OFFSET))
        row, column = row >> 1, column >> 1
    return ids


def circle_cover(point: tuple[float, float], radius_m: float) -> Cover:
    lat0, lon0 = point
    slack = 5 + radius_m * 0.002  # nearest points and corners are reckoned in degrees

    def classify(south, west, north, east):
        """(touches the circle, lies inside it) for each cell, in one vectorised pass."""
        count = south.size
        lats = np.concatenate([np.clip(lat0, south, north), south, south, north, north])
        lons = np.concatenate([np.clip(lon0, west, east), west, east, west, east])
        distances = distances_m(point, lats, lons)
        nearest, corners = distances[:count], distances[count:].reshape(4, count)
        return nearest <= radius_m + slack, corners.max(axis=0) <= radius_m - slack

    lat_delta = math.degrees(radius_m / EARTH_RADIUS_M) * 1.01
    lon_delta = lat_delta / max(math.cos(math.radians(lat0)), 0.01)
    bounds = (lat0 - lat_delta, lon0 - lon_delta, lat0 + lat_delta, lon0 + lon_delta)
    return _cover(bounds, classify, 2 * radius_m)


def box_cover(south: float, west: float, north: float, east: float) -> Cover:
    def classify(s, w, n, e):
        touches = (s < north) & (n > south) & (w < east) & (e > west)
        return touches, (s >= south) & (n <= north) & (w >= west) & (e <= east)

    height_m = (north - south) * METRES_PER_DEGREE
    width_m = (east - west) * METRES_PER_DEGREE * math.cos(math.radians((north + south) / 2))
    return _cover((south, west, north, east), classify, max(height_m, width_m))


def _cover(bounds, classify, extent_m: float) -> Cover:
    """Walk the quadtree a level at a time, from cells about the area's size down to the edge
    level; ``classify`` takes arrays of cell bounds and says which touch and which lie inside."""
    south, west, north, east = bounds
    finest = _level_for(extent_m / EDGE_CELLS)
    level = max(finest, _level_for(extent_m / 2))
    height, width = _size(level)
    rows, columns = np.meshgrid(
        np.arange(math.floor(south / height), math.floor(north / height) + 1),
        np.arange(math.floor(west / width), math.floor(east / width) + 1),
        indexing="ij",
    )
    rows, columns = rows.ravel(), columns.ravel()
    inner, edge = [], []
    while rows.size:
        height, width = _size(level)
        touches, inside = classify(
            rows * height, columns * width, (rows + 1) * height, (columns + 1) * width
        )
        inner += _ids(level, rows[inside], columns[inside]).tolist()
        crossing = touches & ~inside
        if level == finest:
            edge += _ids(level, rows[crossing], columns[crossing]).tolist()
            break
        rows = ((2 * rows[crossing])[:, None] + np.array([0, 0, 1, 1])).ravel()
        columns = ((2 * columns[crossing])[:, None] + np.array([0, 1, 0, 1])).ravel()
        level -= 1
    return Cover(inner, edge)


def _level_for(metres: float) -> int:
    """The level whose cells are at most ``metres`` high (0 for anything smaller)."""
    cells = metres / (BASE_LAT * METRES_PER_DEGREE)
    return min(LEVELS - 1, max(0, math.floor(math.log2(cells)) if cells >= 1 else 0))


def distances_m(point: tuple[float, float], latitudes, longitudes) -> np.ndarray:
    """Haversine distances from ``point``, vectorised; NaN where a place has no position."""
    lat = np.radians(np.asarray(latitudes, dtype=float))
    lon = np.radians(np.asarray(longitudes, dtype=float))
    lat0, lon0 = math.radians(point[0]), math.radians(point[1])
    h = np.sin((lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
