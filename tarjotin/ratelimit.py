"""A per-client request limit on the public search and API, so one client cannot starve others,
and a stricter one on the public forms that send e-mail or store text (error reports, feedback).

Paths are matched without their language prefix (/sv/, /en/), so every language is limited.

A fixed window per client and node, counted in the node's cache; the client is the connecting
address, or the address the trusted load balancer put in X-Forwarded-For. The address is kept
only hashed and only for the window. Over the limit: 429 with a JSON body and Retry-After.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse


def parse(limit: str) -> tuple[int, int] | None:
    if not limit or limit.strip().lower() == "off":
        return None
    count, seconds = limit.split("/")
    return int(count), int(seconds)


def pseudonym(value: str) -> str:
    """A keyed hash, so the cache holds no address or user name in clear."""
    return hashlib.sha256((settings.SECRET_KEY + value).encode()).hexdigest()[:24]


def count(key: str, seconds: int) -> int:
    """Add one to a counter that lives for ``seconds``; returns the new value."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1


def client_address(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


LANGUAGE_PREFIX = re.compile(r"^/(?:sv|en)(?=/)")
FORM_PATHS = re.compile(r"^/(?:service/[^/]+/report|feedback|lahete/[^/]+|manage/request-access)/$")


def limited(request) -> list[tuple[str, tuple[int, int]]]:
    """The limits this request counts against: (counter name, (count, seconds))."""
    path = LANGUAGE_PREFIX.sub("", request.path, count=1)
    limits = []
    if path.startswith(settings.RATE_LIMITED_PATHS):
        limits.append(("rate", parse(settings.RATE_LIMIT)))
    if request.method == "POST" and FORM_PATHS.match(path):
        limits.append(("form", parse(settings.FORM_RATE_LIMIT)))
    return [(name, limit) for name, limit in limits if limit is not None]


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, (limit_count, seconds) in limited(request):
            window = int(time.time() // seconds)
            key = f"{name}:{pseudonym(client_address(request))}:{window}"
            if count(key, seconds + 1) > limit_count:
                retry = seconds - int(time.time()) % seconds
                return JsonResponse(
                    {"status": 429, "error": "rate_limited",
                     "detail": f"Too many requests: at most {limit_count} in {seconds} s. "
                               f"Try again in {retry} s."},
                    status=429, headers={"Retry-After": str(retry)},
                )  # fmt: skip
        return self.get_response(request)
