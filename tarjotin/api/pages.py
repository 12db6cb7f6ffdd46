"""The HSDA ``Page`` envelope and the ndjson stream, over any queryset and representation."""

import json
import math
from collections.abc import Callable

from django.http import StreamingHttpResponse
from rest_framework.response import Response

from tarjotin.catalogue.hsds.represent import Representer
from tarjotin.search.params import QueryParameters

NDJSON_BATCH = 200


def page_response(params: QueryParameters, queryset, build: Callable) -> Response:
    page, per_page = params.page()
    total = queryset.count()
    objects = list(queryset[(page - 1) * per_page : page * per_page])
    representer = Representer(params.language)
    contents = [build(representer, obj) for obj in objects]
    representer.finish()
    total_pages = math.ceil(total / per_page)
    body = {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
    return language_response(body, params.language)


def ndjson_response(params: QueryParameters, queryset, build: Callable) -> StreamingHttpResponse:
    """``format=ndjson``: every result, one JSON object a line, without paging."""

    def lines():
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), NDJSON_BATCH):
            batch = queryset.filter(pk__in=ids[start : start + NDJSON_BATCH])
            representer = Representer(params.language)
            contents = [build(representer, obj) for obj in batch]
            representer.finish()
            for item in contents:
                yield json.dumps(item, ensure_ascii=False) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response["Content-Language"] = params.language
    return response


def list_response(params: QueryParameters, queryset, build: Callable):
    if params.choice("format", ("json", "ndjson"), "json") == "ndjson":
        return ndjson_response(params, queryset, build)
    return page_response(params, queryset, build)


def single_response(params: QueryParameters, obj, build: Callable) -> Response:
    representer = Representer(params.language)
    body = build(representer, obj)
    representer.finish()
    return language_response(body, params.language)


def language_response(body, language: str) -> Response:
    return Response(body, headers={"Content-Language": language})
