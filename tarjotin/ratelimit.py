"""A per-client request limit on the public search and API, so one client cannot starve others.

A fixed window per client and node, counted in the node's cache; the client is the connecting
address, or the address the trusted load balancer put in X-Forwarded-For. The address is kept
only hashed and only for the window. Over the limit: 429 with a JSON body and Retry-After.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse


def parse(limit: str) -> tuple[int, int] | None:
    if not limit or limit.strip().lower() == "off":
        return None
    count, seconds = limit.split("/")
    return int(count), int(seconds)


def client_address(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = parse(settings.RATE_LIMIT)
        if limit is not None and request.path.startswith(settings.RATE_LIMITED_PATHS):
            count, seconds = limit
            window = int(time.time() // seconds)
            client = hashlib.sha256(
                (settings.SECRET_KEY + client_address(request)).encode()
            ).hexdigest()[:24]
            key = f"rate:{client}:{window}"
            cache.add(key, 0, timeout=seconds + 1)
            try:
                used = cache.incr(key)
            except ValueError:  # expired between add and incr
                used = 1
            if used > count:
                retry = seconds - int(time.time()) % seconds
                return JsonResponse(
                    {"status": 429, "error": "rate_limited",
                     "detail": f"Too many requests: at most {count} in {seconds} s. "
                               f"Try again in {retry} s."},
                    status=429, headers={"Retry-After": str(retry)},
                )  # fmt: skip
        return self.get_response(request)
