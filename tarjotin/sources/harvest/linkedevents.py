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
SUB_EVENTS = "tarjotin:sub_events"  # the meetings folded into a recurring event's record
MAX_MEETINGS = 100
INCLUDE = "location,keywords,audience,in_language"
# Without event_type the API returns general events only (linkedevents: events/api.py,
# "queryset.filter(type_id=Event.TypeId.GENERAL)"); hobby courses and volunteering are the tray's.
EVENT_TYPES = "general,course,volunteering"
ENROLMENT = {
    "fi": ("Ilmoittautuminen", "Enintään %d osallistujaa."),
    "sv": ("Anmälan", "Högst %d deltagare."),
    "en": ("Enrolment", "At most %d participants."),
}


class LinkedEventsSource(Source):
    name = NAME

    def __init__(self):
        super().__init__()
        self.now = timezone.now()

    def read_files(self, paths: list[Path]) -> Iterator[SourceRecord]:
        items = [i for p in paths for i in _events_in(json.loads(p.read_text("utf-8")))]
        yield from _records(items)

    def fetch(self, since=None) -> Iterator[SourceRecord]:
        client = Client(settings.LINKEDEVENTS_API_URL)
        items = self._pages(client, _query(since, self.now))
        known = {_id(i) for i in items}
        missing = {_ref_id(i.get("super_event")) for i in items if i.get("super_event")} - known
        for super_id in sorted(missing - {""}):  # a delta brought a meeting, not its course
            items += self._pages(client, {**_query(None, self.now), "super_event": super_id})
            items += self._pages(client, {"include": INCLUDE, "ids": super_id,
                                          "event_type": EVENT_TYPES})  # fmt: skip
        yield from _records(items)

    def _pages(self, client: Client, query: dict) -> list[dict]:
        items, url = [], "event/"
        while url:
            try:
                body = client.get(url, query)
            except FetchError as error:
                self.fetch_errors.append(str(error))
                break
            items += [i for i in body.get("data") or [] if isinstance(i, dict)]
            url, query = (body.get("meta") or {}).get("next"), None
        return items

    def convert(self, record: SourceRecord) -> list[ServiceData]:
        return [event(record.payload, self.now)]


def _records(items: list[dict]) -> Iterator[SourceRecord]:
    """One record per event, the meetings of a recurring event folded into it.

    A recurring course is a super event (``super_event_type`` "recurring") whose meetings are
    sub-events pointing at it (``super_event``); an umbrella event's sub-events are events of
    their own. When the super event is not at hand, meetings with the same name are folded
    under its id all the same.
    """
    by_id = {_id(i): i for i in items if _id(i)}
    meetings: dict[str, list[dict]] = {}
    for item in by_id.values():
        parent = _ref_id(item.get("super_event"))
        if parent and _recurring(by_id.get(parent), item, by_id):
            meetings.setdefault(parent, []).append(item)
    folded = {_id(m) for group in meetings.values() for m in group}
    for parent, group in meetings.items():
        base = by_id.get(parent) or {**group[0], "id": parent, "super_event": None}
        yield SourceRecord("event", parent, {**base, SUB_EVENTS: group})
    for item_id, item in by_id.items():
        if item_id not in folded and item_id not in meetings:
            yield SourceRecord("event", item_id, item)


def _recurring(parent: dict | None, item: dict, by_id: dict) -> bool:
    if parent is not None:
        return parent.get("super_event_type") == "recurring"
    name = (item.get("name") or {}).get("fi")
    siblings = [i for i in by_id.values()
                if _ref_id(i.get("super_event")) == _ref_id(item.get("super_event"))]  # fmt: skip
    return len(siblings) > 1 and all((s.get("name") or {}).get("fi") == name for s in siblings)


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
    """ "yso:p916" from {"@id": ".../keyword/yso:p916/?format=json"} or an included object."""
    if isinstance(ref, dict):
        if ref.get("id"):
            return str(ref["id"])
        ref = ref.get("@id", "")
    return str(ref).split("?")[0].rstrip("/").split("/")[-1] if ref else ""


def event(item: dict, now: dt.datetime) -> ServiceData:
    if not isinstance(item, dict) or not item.get("id"):
        raise RecordError("the event has no id")
    source_id = str(item["id"])
    meetings = [m for m in item.get(SUB_EVENTS) or [] if not _over(m, now)]
    if item.get(SUB_EVENTS) and not meetings:
        return ServiceData(source_id=source_id, name={}, withdrawn=True)  # every meeting over
    ends = values.moment(item.get("end_time")) or values.moment(item.get("start_time"))
    if meetings:
        ends = None
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
    categories = categories or _by_name(name, mapping) or set(mapping["default_categories"])
    offers = item.get("offers") or []
    data = ServiceData(
        source_id=source_id,
        name=name,
        organization=_publisher(item),
        description=values.keyed(item.get("description"))
        or values.keyed(item.get("short_description")),
        fees_description=_prices(offers),
        application_process=_enrolment(item),
        links=[(u, {}) for o in offers for u in values.keyed(o.get("info_url")).values()],
        url=next(iter(values.keyed(item.get("info_url")).values()), ""),
        languages=[values.language(_ref_id(lang)) for lang in item.get("in_language") or []],
        categories=categories,
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
        place.description = values.keyed(item.get("location_extra_info"))
        data.locations.append(place)
        data.area_municipalities = [place.municipality_code] if place.municipality_code else []
    schedules = _meetings(meetings) if meetings else [_dated_schedule(item)]
    for schedule in filter(None, schedules):
        (place.schedules if place is not None else data.schedules).append(schedule)
    return data


def _over(item: dict, now: dt.datetime) -> bool:
    ends = values.moment(item.get("end_time")) or values.moment(item.get("start_time"))
    return bool(item.get("deleted") or item.get("event_status") == "EventCancelled") or (
        ends is not None and ends < now
    )


def _by_name(name: dict, mapping: dict) -> set[str]:
    """An event without mapped keywords ("Kesäillan vesijumppa") by the words of its name."""
    text = " ".join(name.values()).lower()
    return {c for stem, codes in mapping["name_categories"].items() if stem in text for c in codes}


def _enrolment(item: dict) -> dict:
    """Enrolment period and places, as a resident needs them (LinkedEvents events/models.py:
    enrolment_start_time, enrolment_end_time, maximum_attendee_capacity)."""
    first = values.moment(item.get("enrolment_start_time"))
    last = values.moment(item.get("enrolment_end_time"))
    places = item.get("maximum_attendee_capacity")
    out = {}
    for lang, (period, capacity) in ENROLMENT.items():
        parts = []
        if first or last:
            days = "–".join(f"{timezone.localtime(d):%-d.%-m.%Y}" for d in (first, last) if d)
            parts.append(f"{period} {days}.")
        if isinstance(places, int) and places > 0:
            parts.append(capacity % places)
        if parts:
            out[lang] = " ".join(parts)
    return out


def _meetings(meetings: list[dict]) -> list[ScheduleData]:
    """A recurring event's meetings: weekly at the same time on consecutive weeks is one rule
    from the first to the last meeting; any other pattern keeps its dates."""
    by_slot: dict[tuple, list[ScheduleData]] = {}
    for meeting in meetings[:MAX_MEETINGS]:
        one = _dated_schedule(meeting)
        if one is not None:
            by_slot.setdefault((one.byday, one.opens_at, one.closes_at), []).append(one)
    schedules = []
    for (byday, opens, closes), dated in by_slot.items():
        days = sorted(d.valid_from for d in dated)
        weekly = all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))
        if weekly and len(days) > 1:
            schedules.append(ScheduleData(byday=byday, opens_at=opens, closes_at=closes,
                                          dtstart=days[0], until=days[-1]))  # fmt: skip
        else:
            schedules += dated
    return schedules


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
    """A one-off event as a weekly rule valid on its day only. A date without a time (the API
    sends "2026-12-05" when has_start_time is false, events/serializers.py; older copies send
    local midnight without an end) gives the day without hours, never "00:00"."""
    start_text, end_text = item.get("start_time") or "", item.get("end_time") or ""
    if not start_text:
        return None
    starts = timezone.localtime(values.moment(start_text))
    ends = timezone.localtime(values.moment(end_text)) if "T" in end_text else None
    if ends is not None and ends.date() != starts.date():
        return None  # a course over weeks: its meetings are sub-events
    timed = "T" in start_text and (ends is not None or f"{starts:%H:%M}" != "00:00")
    return ScheduleData(
        byday=DAY_CODES[starts.weekday()], opens_at=f"{starts:%H:%M}" if timed else "",
        closes_at=f"{ends:%H:%M}" if ends and timed else "", valid_from=starts.date(),
        valid_to=starts.date(),
    )  # fmt: skip
