"""Only the methods the site answers: GET and HEAD read, POST changes, OPTIONS is the API's
CORS preflight. Nothing here takes PUT, PATCH or DELETE, so they are refused with 405 before
any view runs: a view written for GET never renders, or does, anything for them (security
audit: the role × URL × method matrix)."""

from django.http import HttpResponseNotAllowed

ALLOWED = ("GET", "HEAD", "POST", "OPTIONS")


class KnownMethodsOnly:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED:
            return HttpResponseNotAllowed(ALLOWED)
        return self.get_response(request)
