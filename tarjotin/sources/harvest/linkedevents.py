"""LinkedEvents (City of Helsinki's events and hobbies API, used by several cities), v1.

``/event/?include=location,keywords,audience,in_language&last_modified_since=…`` page by page
following ``meta.next``. An event becomes a service: its keywords and audiences map to the
tray's taxonomies (sources/data/linkedevents.json), its place to a location, its time to a
dated schedule. Cancelled, deleted and ended events are withdrawn from the tray.
"""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tarjotin.catalogue.schedules import DAY_CODES
from tarjotin.sources.harvest import values
from tarjotin.sources.harvest.http import Client, FetchError
from tarjotin.sources.harvest.mapping import table
from tarjotin.sources.harvest.records import (
    LocationData,
    OrganizationData,
    RecordError,
    ScheduleData,
    ServiceData,
    Source,
    SourceRecord,
)

NAME = "linkedevents"
INCLUDE = "location,keywords,audience,in_language"
# Without event_type the API returns general events only (linkedevents: events/api.py,
# "queryset.filter(type_id=Event.TypeId.GENERAL)"); hobby courses and volunteering are the tray's.
EVENT_TYPES = "general,course,volunteering"


class LinkedEventsSource(Source):
    name = NAME

    def __init__(self):
        super().__init__()
        self.now = timezone.now()

    def read_files(self, paths: list[Path]) -> Iterator[SourceRecord]:
        for path in paths:
            for item in _events_in(json.loads(path.read_text("utf-8"))):
                yield SourceRecord("event", _id(item), item)

    def fetch(self, since=None) -> Iterator[SourceRecord]:
        client = Client(settings.LINKEDEVENTS_API_URL)
        url, query = "event/", _query(since, self.now)
        while url:
            try:
                body = client.get(url, query)
            except FetchError as error:
                self.fetch_errors.append(str(error))
                return
            for item in body.get("data") or []:
                yield SourceRecord("event", _id(item), item)
            url, query = (body.get("meta") or {}).get("next"), None

    def convert(self, record: SourceRecord) -> list[ServiceData]:
        return [event(record.payload, self.now)]


def _query(since: dt.datetime | None, now: dt.datetime) -> dict:
    """A delta asks for what changed, deleted events included (the API hides them unless
    show_deleted is set); a full run asks for events running or upcoming now. ``start`` keeps an
    event that ends after the moment or starts at or after it (events/filters.py, filter_start);
    ``end`` would keep those that ended or started before it: the past."""
    query = {"include": INCLUDE, "page_size": 100, "event_type": EVENT_TYPES}
    if since:
        return {**query, "last_modified_since": since.isoformat(), "show_deleted": "true"}
    return {**query, "start": now.isoformat()}


def _events_in(body) -> Iterator:
    """Events anywhere in a saved response: a list page, one event, or a file of several
    recorded responses; an event is an object with a start_time (places and keywords are not)."""
    if isinstance(body, list):
        for item in body:
            yield from _events_in(item)
    elif isinstance(body, dict):
        if "start_time" in body:
            yield body
        else:
            for value in body.values():
                yield from _events_in(value)


def _id(item) -> str:
    return str(item.get("id", "")) if isinstance(item, dict) else ""


def _ref_id(ref) -> str:
    """ "yso:p916" from {"@id": ".../keyword/yso:p916/"} or from an included object."""
    if isinstance(ref, dict):
        if ref.get("id"):
            return str(ref["id"])
        ref = ref.get("@id", "")
    return str(ref).rstrip("/").split("/")[-1].split("?")[0] if ref else ""


def event(item: dict, now: dt.datetime) -> ServiceData:
    if not isinstance(item, dict) or not item.get("id"):
        raise RecordError("the event has no id")
    source_id = str(item["id"])
    ends = values.moment(item.get("end_time")) or values.moment(item.get("start_time"))
    if (
        item.get("deleted")
        or item.get("event_status") in {"EventCancelled", "EventPostponed"}
        or (ends is not None and ends < now)
    ):
        return ServiceData(source_id=source_id, name={}, withdrawn=True)
    name = values.keyed(item.get("name"))
    if not name:
        raise RecordError("the event has no name")
    mapping = table(NAME)
    keywords = [_ref_id(k) for k in item.get("keywords") or []]
    categories = {c for k in keywords for c in mapping["keyword_categories"].get(k, [])}
    offers = item.get("offers") or []
    data = ServiceData(
        source_id=source_id,
        name=name,
        organization=_publisher(item),
        description=values.keyed(item.get("description"))
        or values.keyed(item.get("short_description")),
        fees_description=_prices(offers),
        url=next(iter(values.keyed(item.get("info_url")).values()), ""),
        languages=[values.language(_ref_id(lang)) for lang in item.get("in_language") or []],
        categories=categories or set(mapping["default_categories"]),
        target_groups={
            group
            for audience in item.get("audience") or []
            for group in mapping["audience_target_groups"].get(_ref_id(audience), [])
        },
        delivery=_delivery(item.get("location"), mapping),
        cost={"free"} if any(o.get("is_free") for o in offers) else ({"paid"} if offers else set()),
        minimum_age=item.get("audience_min_age"),
        maximum_age=item.get("audience_max_age"),
        keywords=[_keyword_name(k) for k in item.get("keywords") or [] if _keyword_name(k)],
        modified=values.moment(item.get("last_modified_time")),
    )
    location = item.get("location")
    place = None if _online(location, mapping) else _place(location, mapping)
    if place is not None:
        data.locations.append(place)
        data.area_municipalities = [place.municipality_code] if place.municipality_code else []
    schedule = _dated_schedule(item)
    if schedule is not None:
        (place.schedules if place is not None else data.schedules).append(schedule)
    return data


def _publisher(item: dict) -> OrganizationData | None:
    publisher = item.get("publisher")
    if not publisher:
        return None
    provider = values.keyed(item.get("provider"))
    return OrganizationData(source_id=str(publisher), name=provider or {"fi": str(publisher)})


def _prices(offers: list) -> dict:
    out: dict[str, list[str]] = {}
    for offer in offers:
        for field in ("price", "description"):
            for code, text in values.keyed(offer.get(field)).items():
                out.setdefault(code, []).append(text)
    return {code: " ".join(texts) for code, texts in out.items()}


def _keyword_name(keyword) -> str:
    return values.plain((keyword.get("name") or {}).get("fi")) if isinstance(keyword, dict) else ""


def _online(location, mapping: dict) -> bool:
    return bool(location) and _ref_id(location) in mapping["online_places"]


def _delivery(location, mapping: dict) -> set[str]:
    if not location:
        return set()
    return {"remote"} if _online(location, mapping) else {"in_person"}


def _place(location, mapping: dict) -> LocationData | None:
    """The event's place when the API included it (a bare {"@id"} reference has no address)."""
    if not isinstance(location, dict) or "name" not in location:
        return None
    coordinates = (location.get("position") or {}).get("coordinates") or [None, None]
    latitude, longitude = values.point(coordinates[1], coordinates[0])
    municipality = next(
        (d.get("ocd_id", "").rsplit(":", 1)[-1] for d in location.get("divisions") or []
         if d.get("type") == "muni"),
        "",
    )  # fmt: skip
    return LocationData(
        source_id=_ref_id(location),
        name=values.keyed(location.get("name")),
        latitude=latitude,
        longitude=longitude,
        street=values.keyed(location.get("street_address")),
        postal_code=str(location.get("postal_code") or ""),
        city=values.keyed(location.get("address_locality")),
        municipality_code=mapping["municipalities"].get(municipality, ""),
    )


def _dated_schedule(item: dict) -> ScheduleData | None:
    """A one-off event as a weekly rule valid on its day only; date-only times have no hours."""
    start_text, end_text = item.get("start_time") or "", item.get("end_time") or ""
    if "T" not in start_text:
        return None
    starts = timezone.localtime(values.moment(start_text))
    ends = timezone.localtime(values.moment(end_text)) if "T" in end_text else None
    if ends is not None and ends.date() != starts.date():
        return None  # a course over weeks: its meetings are sub-events
    return ScheduleData(
        byday=DAY_CODES[starts.weekday()], opens_at=f"{starts:%H:%M}",
        closes_at=f"{ends:%H:%M}" if ends else "", valid_from=starts.date(),
        valid_to=starts.date(),
    )  # fmt: skip
