"""What a browser or a shared cache (nginx, Varnish, a CDN) may keep, said on every answer.

The read API's answers are the same for everyone asking the same URL in the same language:
public for a minute, varying by Accept-Language (which picks the language when ``lang`` is not
given). Resident pages carry per-visitor parts (the CSRF token of the list buttons, the list's
size): private, to be checked again before reuse. Both get an ETag (ConditionalGetMiddleware),
so a client asking again with If-None-Match gets a 304 without the body.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

API_SECONDS = 60


class CacheHeaders:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        if request.path.startswith("/api/") and response.status_code == 200:
            if not response.cookies:
                patch_cache_control(response, public=True, max_age=API_SECONDS)
                patch_vary_headers(response, ["Accept-Language"])
        elif response.get("Content-Type", "").startswith("text/html"):
            patch_cache_control(response, private=True, max_age=0)
        return response
