"""Counting demand without knowing who: daily counters of searches, facets and service views.

Called by the search views after answering; a failure here never fails a search.
"""

import logging
import re
from urllib.parse import parse_qs, urlsplit

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tarjotin.indicators.models import FacetUse, SearchCount, ServiceViewCount

log = logging.getLogger(__name__)
MAX_QUERY = 100
SPACES = re.compile(r"\s+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# What a result page's own URL looks like, to credit a click to the query that led to it.
SEARCH_PATH = re.compile(r"^(?:/(?P<language>sv|en))?/(?P<pro>pro/)?search/$")


# What identifies a person rather than a need: e-mail addresses, phone numbers (digits in groups,
# "+358 40 123 4567"), personal identity codes ("010190-123A") and any longer run of digits.
IDENTIFYING = re.compile(
    r"\S+@\S+"
    r"|\b\d{6}[-+a-y]\d{3}[0-9a-z]\b"
    r"|\+?\d[\d\s()/-]{4,}\d"
    r"|\d{5,}",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Lower case, single spaces, no control or direction characters (PostgreSQL refuses NUL),
    and nothing that identifies a person: a professional who types a client's phone number or
    e-mail into search leaves it in no counter (security audit #22)."""
    text = IDENTIFYING.sub(" ", CONTROL.sub(" ", text))
    return SPACES.sub(" ", text.strip().lower()).strip()[:MAX_QUERY]


def _bump(model, keys: dict, **increments) -> None:
    """Add to a daily counter row, creating it on first use (safe when two requests race)."""
    changes = {name: F(name) + amount for name, amount in increments.items()}
    for _attempt in range(2):
        if model.objects.filter(**keys).update(**changes):
            return
        try:
            with transaction.atomic():
                model.objects.create(**keys, **increments)
            return
        except IntegrityError:
            continue


def record_search(channel: str, language: str, text: str, total: int, facets=()) -> None:
    try:
        day = timezone.localdate()
        keys = {"day": day, "channel": channel, "language": language, "query": normalise(text)}
        with transaction.atomic():  # a savepoint: a failure here leaves the request's own work
            _bump(SearchCount, keys, searches=1, zero_results=int(total == 0))
            for facet in sorted(set(facets)):
                _bump(FacetUse, {"day": day, "facet": facet}, uses=1)
    except Exception:  # counting must never break a search
        log.exception("could not count a search")


FILTERS = {"category", "target_group", "delivery", "cost", "language", "municipality", "district",
           "access", "day", "daypart", "capacity", "age", "residence", "open_now", "open_at",
           "near", "radius", "bbox", "profile", "accepts"}  # fmt: skip


def filters_used(query) -> list[str]:
    return [name for name in FILTERS if query.get(name)]


def record_page(channel: str, language: str, page) -> None:
    """Count a result page of the web search: its first page only, so paging is not demand."""
    if page.error or page.result is None or page.query.get("page", "1") not in ("", "1"):
        return
    record_search(channel, language, page.text, page.result.total, filters_used(page.query))


def record_view(service_id, referer: str) -> None:
    """Count a service page view, and a click for the search whose results linked here (read
    from the Referer header of our own result page: no identifier is needed)."""
    try:
        day = timezone.localdate()
        with transaction.atomic():
            _bump(ServiceViewCount, {"day": day, "service_id": service_id}, views=1)
            search = _search_of(referer)
            if search is not None:
                SearchCount.objects.filter(day=day, **search).update(clicks=F("clicks") + 1)
    except Exception:
        log.exception("could not count a view")


def _search_of(referer: str) -> dict | None:
    parts = urlsplit(referer or "")
    match = SEARCH_PATH.match(parts.path)
    if match is None:
        return None
    return {
        "channel": "pro" if match["pro"] else "web",
        "language": match["language"] or "fi",
        "query": normalise(parse_qs(parts.query).get("q", [""])[0]),
    }
