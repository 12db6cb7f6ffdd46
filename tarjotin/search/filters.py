"""A search request's conditions as tantivy queries: facet values, age, residence, time, area.

Filters match without scoring. An area (a circle around a point, or a map's box) is first
found through its cover of map cells (geo.py); the cells on its edge are then checked exactly,
with latitude and longitude ranges for a box here, and by distance for a circle in the engine,
which reads the positions of the few results in those cells.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import tantivy
from django.utils import timezone

from tarjotin.search import geo
from tarjotin.search.documents import slot_at
from tarjotin.search.index import SCHEMA
from tarjotin.search.request import SearchRequest

Occur = tantivy.Occur
FLOAT = tantivy.FieldType.Float


def terms(field_name: str, values) -> tantivy.Query:
    """Any of these values of a filter field (one value: a plain term, which is faster)."""
    values = sorted(values)
    if len(values) == 1:
        return tantivy.Query.term_query(SCHEMA, f"f_{field_name}", values[0])
    return tantivy.Query.term_set_query(SCHEMA, f"f_{field_name}", values)


def value_range(field_name: str, lower=None, upper=None, kind=tantivy.FieldType.Integer):
    return tantivy.Query.range_query(SCHEMA, field_name, kind, lower, upper)


def all_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Occur.Must, q) for q in queries])


def any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])


def combine(text_query: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
    """The text query (scored) with every filter (not scored); everything if neither."""
    clauses = [(Occur.Must, text_query if text_query is not None else tantivy.Query.all_query())]
    clauses += [(Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    return tantivy.Query.boolean_query(clauses)


@dataclass(frozen=True)
class Area:
    """Where results must lie: within ``radius_m`` of ``point``, or inside ``box``."""

    cover: geo.Cover
    point: tuple[float, float] | None = None
    radius_m: float | None = None
    box: tuple[float, float, float, float] | None = None  # south, west, north, east

    @classmethod
    def circle(cls, point: tuple[float, float], radius_m: float) -> "Area":
        return cls(_circle_cover(point, radius_m), point=point, radius_m=radius_m)

    @classmethod
    def of_box(cls, box: tuple[float, float, float, float]) -> "Area":
        return cls(geo.box_cover(*box), box=box)

    @cached_property
    def clause(self) -> tantivy.Query:
        """The places in the cover; for a box, those of its edge cells that lie inside it."""
        parts = []
        if self.cover.inner:
            parts.append(_cells(self.cover.inner))
        if self.cover.edge:
            edge = _cells(self.cover.edge)
            if self.box is not None:
                south, west, north, east = self.box
                lat, lon = (
                    value_range("lat", south, north, FLOAT),
                    value_range("lon", west, east, FLOAT),
                )
                edge = all_of([edge, lat, lon])
            parts.append(edge)
        return any_of(parts) if parts else tantivy.Query.empty_query()

    @cached_property
    def edge_clause(self) -> tantivy.Query | None:
        """The places a circle's cover holds that may lie outside it (None for a box)."""
        if self.box is not None or not self.cover.edge:
            return None
        return _cells(self.cover.edge)


def _cells(ids: list[int]) -> tantivy.Query:
    return tantivy.Query.term_set_query(SCHEMA, "cell", ids)


_COVERS: dict = {}


def _circle_cover(point: tuple[float, float], radius_m: float) -> geo.Cover:
    """Covers are kept for the points people search near most (district centres, postcodes)."""
    key = (float(point[0]), float(point[1]), float(radius_m))
    cover = _COVERS.get(key)
    if cover is None:
        if len(_COVERS) >= 512:
            _COVERS.clear()
        cover = _COVERS[key] = geo.circle_cover(point, radius_m)
    return cover


@dataclass(frozen=True)
class Conditions:
    """A request's conditions, built once: those of facets (left out one at a time when that
    facet is counted) and the rest, with the request's areas."""

    by_facet: tuple[tuple[str, tantivy.Query], ...]
    other: tuple[tantivy.Query, ...]
    areas: tuple[Area, ...]

    def clauses(self, skip: str | None = None, circles: bool = True) -> list[tantivy.Query]:
        """All conditions but facet ``skip``'s; without the circle when ``circles`` is False
        (the engine then reads rings inside it)."""
        found = [q for name, q in self.by_facet if name != skip] + list(self.other)
        return found + [a.clause for a in self.areas if circles or a.box is not None]

    @property
    def circle(self) -> Area | None:
        return next((a for a in self.areas if a.box is None), None)


def conditions(request: SearchRequest) -> Conditions:
    by_facet = [(name, terms(name, values)) for name, values in request.filters.items() if values]
    if request.residence:
        by_facet.append(("area", terms("area", {request.residence, "all"})))
    other = []
    if request.age is not None:
        other += [
            value_range("min_age", upper=request.age),
            value_range("max_age", lower=request.age),
        ]
    if request.open_at is not None:
        other.append(open_at(request.open_at))
    found = []
    if request.point is not None and request.radius_m:
        found.append(Area.circle(request.point, request.radius_m))
    if request.bbox is not None:
        found.append(Area.of_box(request.bbox))
    if request.modified_after is not None:
        other.append(value_range("modified", lower=int(request.modified_after.timestamp())))
    if request.only_ids is not None:
        other.append(tantivy.Query.term_set_query(SCHEMA, "id", sorted(request.only_ids)))
    return Conditions(tuple(by_facet), tuple(other), tuple(found))


def open_at(moment: dt.datetime) -> tantivy.Query:
    """Services whose schedule has them open at ``moment`` (weekly or nth-weekday slots)."""
    slots, day = _slots_and_day(moment)
    return all_of(
        [
            tantivy.Query.term_set_query(SCHEMA, "f_slot", slots),
            value_range("valid_from", upper=day),
            value_range("valid_to", lower=day),
            terms("status", {"active"}),
        ]
    )


def open_at_text(moment: dt.datetime) -> str:
    """The same condition as ``open_at``, in tantivy's query language (for an aggregation)."""
    slots, day = _slots_and_day(moment)
    either = " OR ".join(f'f_slot:"{slot}"' for slot in slots)
    return f"({either}) AND valid_from:<={day} AND valid_to:>={day} AND f_status:active"


def _slots_and_day(moment: dt.datetime) -> tuple[list[str], int]:
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return list(slot_at(moment)), int(moment.strftime("%Y%m%d"))
