"""Only the methods the site answers: GET and HEAD read, POST changes, OPTIONS is the API's
CORS preflight. Nothing here takes PUT, PATCH or DELETE, so they are refused with 405 before
any view runs: a view written for GET never renders, or does, anything for them (security
audit: the role × URL × method matrix)."""

from django.http import HttpResponseNotAllowed, JsonResponse

ALLOWED = ("GET", "HEAD", "POST", "OPTIONS")
API = "/api/"  # answers in JSON, as its every other error (api/errors.py)


class KnownMethodsOnly:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED:
            if not request.path.startswith(API):
                return HttpResponseNotAllowed(ALLOWED)
            detail = f'Method "{request.method}" not allowed.'
            refused = JsonResponse({"status": 405, "error": "method_not_allowed",
                                    "detail": detail}, status=405)  # fmt: skip
            refused["Allow"] = ", ".join(ALLOWED)
            return refused
        return self.get_response(request)
