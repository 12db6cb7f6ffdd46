"""Every API error is JSON with status, error and detail (and the parameter, when one is bad)."""

from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tarjotin.search.params import BadParameter


def json_exception_handler(exc, context):
    if isinstance(exc, BadParameter):
        body = {"status": 400, "error": "bad_parameter", "detail": exc.detail,
                "parameter": exc.parameter}  # fmt: skip
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = NotFound(str(exc) or "Not found.")
    response = exception_handler(exc, context)
    if response is None:
        return None  # unexpected errors reach handler500 below, which also answers in JSON
    body = {"status": response.status_code, "error": _code(exc), "detail": _detail(response.data)}
    return Response(body, status=response.status_code, headers=_headers(response))


def _code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, APIException) else "error"
    return codes if isinstance(codes, str) else "invalid"


def _detail(data) -> str:
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return str(data)


def _headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k in {"Allow", "Retry-After"}}


def not_found(request, exception=None):
    """JSON under /api/, Django's own page elsewhere."""
    if not request.path.startswith("/api/"):
        return defaults.page_not_found(request, exception)
    return JsonResponse(
        {"status": 404, "error": "not_found", "detail": f"No such resource: {request.path}"},
        status=404,
    )


def server_error(request):
    if not request.path.startswith("/api/"):
        return defaults.server_error(request)
    return JsonResponse(
        {"status": 500, "error": "server_error", "detail": "Internal server error."}, status=500
    )
