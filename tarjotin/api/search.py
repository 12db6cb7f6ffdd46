"""GET or POST /api/search: results, facet counts and explanations as JSON.

The parameters are the search's own (``search/params.py``); this module only shapes the answer.
"""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from tarjotin.api.pages import language_response
from tarjotin.search import events
from tarjotin.search.documents import PROFILES
from tarjotin.search.engine import search
from tarjotin.search.params import (
    LIST_PARAMETERS,
    SCALAR_PARAMETERS,
    QueryParameters,
    build_request,
    filters_used,
    labelled_facets,
)


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
            events.searched.send(SearchView, channel="api", language=language,
                                 text=search_request.text, total=result.total,
                                 filters=filters_used(params.values))  # fmt: skip
        body = {
            "total": result.total,
            # False only near the edge of a wide circle with very many results (an estimate)
            "total_exact": result.total_exact,
            "page": search_request.offset // search_request.limit + 1,
            "per_page": search_request.limit,
            "matched_all_words": result.matched_all_words,
            "results": [_hit(hit, language, request) for hit in result.hits],
            "facets": labelled_facets(result.facets, language),
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
