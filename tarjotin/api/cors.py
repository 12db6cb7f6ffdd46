"""The read API is open to other sites' browsers (CORS), as HSDA clients and validators expect.

Only public, published data is served under the API and no cookie or credential is read there,
so any origin may read it; preflights for the POST query endpoints are answered here.
"""

from django.conf import settings
from django.http import HttpResponse

ALLOWED_HEADERS = "Content-Type, Accept, Accept-Language"


class ReadApiCors:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.HSDA_API_PREFIX

    def __call__(self, request):
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        preflight = request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in (
            request.META
        )
        response = HttpResponse(status=204) if preflight else self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        if preflight:
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
        return response
