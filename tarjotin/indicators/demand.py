"""Counting demand without knowing who: daily counters of searches, facets and service views.

The searches and pages announce what was looked for (``search.events``); the receivers here,
connected when the app is ready, count it in the process's memory and write the counts every
DEMAND_WRITE_SECONDS (and when a worker stops). A failure here never fails a search.
"""

import logging
import re
import threading
import time
from collections import Counter
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tarjotin.indicators.models import FacetUse, SearchCount, ServiceViewCount
from tarjotin.search import events

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


class _Pending:
    """Counts not yet written, per process: a busy node writes its counters every few seconds
    instead of once per page (on SQLite every write waits for the one before it)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.searches: Counter = Counter()  # (day, channel, language, query) -> searches
        self.zero: Counter = Counter()  # same key -> searches that found nothing
        self.facets: Counter = Counter()  # (day, facet) -> uses
        self.views: Counter = Counter()  # (day, service id) -> views
        self.clicks: Counter = Counter()  # (day, channel, language, query) -> clicks
        self.since: float | None = None

    def take(self) -> dict:
        with self.lock:
            taken = {name: getattr(self, name) for name in COUNTERS}
            self.reset()
        return taken


COUNTERS = ("searches", "zero", "facets", "views", "clicks")
_pending = _Pending()


def record_search(channel: str, language: str, text: str, total: int, facets=()) -> None:
    """A search answered (its first page): one more for its words and for each filter used."""
    day = timezone.localdate()
    key = (day, channel, language, normalise(text))
    with _pending.lock:
        _pending.searches[key] += 1
        _pending.zero[key] += int(total == 0)
        for facet in set(facets):
            _pending.facets[(day, facet)] += 1
        _pending.since = _pending.since or time.monotonic()
    _flush_when_due()


def record_view(service_id, referer: str) -> None:
    """Count a service page view, and a click for the search whose results linked here (read
    from the Referer header of our own result page: no identifier is needed)."""
    day = timezone.localdate()
    search = _search_of(referer)
    with _pending.lock:
        _pending.views[(day, str(service_id))] += 1
        if search is not None:
            _pending.clicks[(day, search["channel"], search["language"], search["query"])] += 1
        _pending.since = _pending.since or time.monotonic()
    _flush_when_due()


def _flush_when_due() -> None:
    since = _pending.since
    if since is not None and time.monotonic() - since >= settings.DEMAND_WRITE_SECONDS:
        flush()


def flush() -> None:
    """Write the counts gathered so far (also when a worker stops); never fails a request."""
    taken = _pending.take()
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the request's own work
            _write(taken)
    except Exception:  # counting must never break a search
        log.exception("could not write %d demand counts", sum(map(len, taken.values())))


def _write(taken: dict) -> None:
    for (day, channel, language, query), n in taken["searches"].items():
        keys = {"day": day, "channel": channel, "language": language, "query": query}
        _bump(
            SearchCount,
            keys,
            searches=n,
            zero_results=taken["zero"][(day, channel, language, query)],
        )
    for (day, facet), n in sorted(taken["facets"].items()):
        _bump(FacetUse, {"day": day, "facet": facet}, uses=n)
    for (day, service_id), n in taken["views"].items():
        _bump(ServiceViewCount, {"day": day, "service_id": service_id}, views=n)
    for (day, channel, language, query), n in taken["clicks"].items():
        SearchCount.objects.filter(day=day, channel=channel, language=language,
                                   query=query).update(clicks=F("clicks") + n)  # fmt: skip


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


def _on_searched(sender, channel, language, text, total, filters, **_kwargs) -> None:
    record_search(channel, language, text, total, filters)


def _on_service_viewed(sender, service_id, referer, **_kwargs) -> None:
    record_view(service_id, referer)


def connect() -> None:
    events.searched.connect(_on_searched, dispatch_uid="indicators.demand.searched")
    events.service_viewed.connect(_on_service_viewed, dispatch_uid="indicators.demand.viewed")
