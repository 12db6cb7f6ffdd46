"""GET /api/search: results, facet counts and explanations as JSON."""

import datetime as dt
import math

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from tarjotin.api.errors import BadParameter
from tarjotin.api.pages import language_response
from tarjotin.api.params import QueryParameters
from tarjotin.catalogue import geo
from tarjotin.catalogue.models import CapacityStatus
from tarjotin.catalogue.selectors import FACET_TAXONOMIES, facet_terms
from tarjotin.indicators import demand
from tarjotin.search.documents import DAYPARTS, DAYS, PROFILES
from tarjotin.search.engine import SearchRequest, search

MAX_QUERY_LENGTH = 300
MAX_PER_PAGE = 100
LIST_PARAMETERS = {
    # parameter: index facet
    "category": "category",
    "target_group": "target_group",
    "delivery": "delivery",
    "cost": "cost",
    "language": "language",
    "municipality": "municipality",
    "district": "district",
    "access": "access_ok",
    "day": "weekday",
    "daypart": "daypart",
    "capacity": "capacity",
}
SCALAR_PARAMETERS = {"q", "age", "residence", "open_now", "open_at", "near", "radius", "bbox",
                     "sort", "profile", "page", "per_page", "explain", "facets"}  # fmt: skip


def _known_values(parameter: str) -> set[str] | None:
    """Allowed values of a list parameter; None where any value is fine (district names)."""
    if parameter in FACET_TAXONOMIES:
        return {code for taxonomy, code in facet_terms() if taxonomy == parameter}
    return {
        "access": set(PROFILES),
        "day": set(DAYS),
        "daypart": {name for name, _start, _end in DAYPARTS},
        "capacity": {*CapacityStatus.values, "unknown"},
    }.get(parameter)


def _list(params: QueryParameters, parameter: str) -> set[str]:
    values = {
        v.strip() for raw in params.values.getlist(parameter) for v in raw.split(",") if v.strip()
    }
    if not values:
        return values
    known = _known_values(parameter)
    unknown = sorted(values - known) if known is not None else []
    if unknown:
        raise BadParameter(
            parameter, f"unknown value {unknown[0]!r}; use one of {', '.join(sorted(known))}"
        )
    if parameter == "municipality" and any(not (v.isdigit() and len(v) == 3) for v in values):
        raise BadParameter(parameter, "use Statistics Finland codes such as 091")
    return values


def _number(params, name, low, high, kind=float):
    raw = params.values.get(name)
    if raw in (None, ""):
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise BadParameter(name, f"must be a number, not {raw!r}") from None
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}")
    return value


def _point(params) -> tuple[float, float] | None:
    near = params.text("near")
    if not near:
        return None
    parts = near.split(",")
    if len(parts) == 2:
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            lat = lon = None
        if lat is not None:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise BadParameter("near", "latitude must be -90..90 and longitude -180..180")
            return lat, lon
    point = geo.place_centroid(near)
    if point is None:
        raise BadParameter("near", f"no known place, district or postcode {near!r}")
    return point


def _bbox(params):
    raw = params.text("bbox")
    if not raw:
        return None
    try:
        south, west, north, east = (float(v) for v in raw.split(","))
    except ValueError:
        raise BadParameter("bbox", "use south,west,north,east in degrees") from None
    if not all(math.isfinite(v) for v in (south, west, north, east)):
        raise BadParameter("bbox", "use finite numbers: south,west,north,east in degrees")
    if south > north or west > east:
        raise BadParameter("bbox", "south must be below north and west left of east")
    return south, west, north, east


def _open_at(params) -> dt.datetime | None:
    if params.boolean("open_now"):
        return timezone.now()
    moment = params.datetime("open_at")
    if moment is not None and params.values.get("open_at", "").find("T") == -1:
        raise BadParameter("open_at", "give a date and a time, e.g. 2026-12-01T10:00")
    return moment


def build_request(params: QueryParameters) -> SearchRequest:
    text = params.values.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        raise BadParameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    page = params.positive_int("page", 1, 1000)
    per_page = params.positive_int("per_page", 20, MAX_PER_PAGE)
    residence = params.text("residence")
    if residence and not (residence.isdigit() and len(residence) == 3):
        raise BadParameter("residence", "use a Statistics Finland municipality code such as 091")
    point = _point(params)
    sort = params.choice("sort", ("relevance", "distance", "access"), "relevance")
    if sort == "distance" and point is None:
        raise BadParameter("sort", "sorting by distance needs near=")
    profile = params.values.get("profile") or None
    if profile is not None and profile not in PROFILES:
        raise BadParameter("profile", f"use one of {', '.join(PROFILES)}")
    if sort == "access" and profile is None:
        raise BadParameter("sort", "sorting by accessibility needs profile=")
    radius = _number(params, "radius", 1, 1_000_000)
    if radius is not None and point is None:
        raise BadParameter("radius", "needs near= to measure from")
    return SearchRequest(
        text=text,
        language=params.language,
        filters={facet: _list(params, name) for name, facet in LIST_PARAMETERS.items()},
        age=_number(params, "age", 0, 130, int),
        residence=residence,
        open_at=_open_at(params),
        point=point,
        radius_m=radius,
        bbox=_bbox(params),
        sort=sort,
        access_profile=profile,
        offset=(page - 1) * per_page,
        limit=per_page,
        explain=params.boolean("explain"),
        facets=params.values.get("facets", "true") != "false",
    )


def _facets(facets: dict, language: str) -> dict:
    """Facet counts with labels in the user's language (taxonomy names; codes elsewhere)."""
    labels = {key: term.text("name", language) for key, term in facet_terms().items()}
    return {
        name: [
            {"value": value, "label": labels.get((name, value), value), "count": count}
            for value, count in counts
        ]
        for name, counts in facets.items()
    }


class SearchView(APIView):
    @extend_schema(
        operation_id="search",
        summary="Search services: results, facet counts and why each result matched.",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words to search, in any form."),
            OpenApiParameter("lang", OpenApiTypes.STR, description="Language of the user."),
            *[
                OpenApiParameter(
                    name, OpenApiTypes.STR, description="Comma-separated values; repeatable."
                )
                for name in LIST_PARAMETERS
            ],
            OpenApiParameter("age", OpenApiTypes.INT, description="Services open to this age."),
            OpenApiParameter(
                "residence", OpenApiTypes.STR, description="Municipality code of residence."
            ),
            OpenApiParameter("open_now", OpenApiTypes.BOOL),
            OpenApiParameter("open_at", OpenApiTypes.DATETIME),
            OpenApiParameter(
                "near", OpenApiTypes.STR, description="lat,lon or a place, district or postcode."
            ),
            OpenApiParameter("radius", OpenApiTypes.NUMBER, description="Metres from near."),
            OpenApiParameter("bbox", OpenApiTypes.STR, description="south,west,north,east"),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "distance", "access"]),
            OpenApiParameter(
                "profile",
                OpenApiTypes.STR,
                enum=list(PROFILES),
                description="Access profile; sort=access puts places that suit it first.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("per_page", OpenApiTypes.INT),
            OpenApiParameter("explain", OpenApiTypes.BOOL),
            OpenApiParameter("facets", OpenApiTypes.BOOL),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        params = QueryParameters(request, set(LIST_PARAMETERS) | SCALAR_PARAMETERS)
        search_request = build_request(params)
        result = search(search_request)
        language = params.language
        if search_request.offset == 0:
            demand.record_search("api", language, search_request.text, result.total,
                                 demand.filters_used(request.query_params))  # fmt: skip
        body = {
            "total": result.total,
            # False only near the edge of a wide circle with very many results (an estimate)
            "total_exact": result.total_exact,
            "page": search_request.offset // search_request.limit + 1,
            "per_page": search_request.limit,
            "matched_all_words": result.matched_all_words,
            "results": [_hit(hit, language, request) for hit in result.hits],
            "facets": _facets(result.facets, language),
        }
        return language_response(body, language)


def _hit(hit, language, request) -> dict:
    names = hit.labels.get("name", {})
    organization = hit.labels.get("organization", {})
    fallback = settings.CONTENT_FALLBACK
    out = {
        "id": hit.id,
        "name": names.get(language) or next((names[f] for f in fallback if f in names), ""),
        "name_language": language
        if language in names
        else next((f for f in fallback if f in names), None),
        "organization": organization.get(language)
        or next((organization[f] for f in fallback if f in organization), ""),
        "score": round(hit.score, 4),
        "url": request.build_absolute_uri(f"/api/hsda/services/{hit.id}"),
    }
    if hit.distance_m is not None:
        out["distance_m"] = round(hit.distance_m)
    if hit.explanation is not None:
        out["explanation"] = hit.explanation
    return out
