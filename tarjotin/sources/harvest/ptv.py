"""Suomi.fi Palvelutietovaranto (PTV) Open API v11 (v8 files accepted): services and channels.

A PTV *service* says what is offered; its *service channels* say where and how: a service
location (address, coordinates in ETRS-TM35FIN, opening hours), an electronic channel, a
phone line, a web page. Lähellä.fi forwards NGOs' long-running activities to PTV, so they
arrive here too (organization type "Organization" / NGO services are marked by their
organization). Only services whose service classes map to a tray category are in scope
(sources/data/ptv.json); the others are quarantined with that reason.

API use (https://api.palvelutietovaranto.suomi.fi/swagger): for each configured municipality,
``ServiceChannel/list/area/Municipality/code/{code}`` and ``Service/list/area/...`` page by
page (``page`` from 1 to ``pageCount``), with ``date`` for a delta; archived and withdrawn
services since that date from ``Service?status=Archived|Withdrawn``; channels a changed
service needs but the delta did not bring by ``ServiceChannel/list?guids=``.
"""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from tarjotin.sources.harvest import values
from tarjotin.sources.harvest.http import Client, FetchError
from tarjotin.sources.harvest.mapping import by_code_prefix, scoped, table
from tarjotin.sources.harvest.records import (
    LocationData,
    OrganizationData,
    RecordError,
    ScheduleData,
    ServiceData,
    Source,
    SourceRecord,
    schedule_note,
)

NAME = "ptv"
DAYS = {"Monday": "MO", "Tuesday": "TU", "Wednesday": "WE", "Thursday": "TH", "Friday": "FR",
        "Saturday": "SA", "Sunday": "SU"}  # fmt: skip
ORDER = list(DAYS.values())
GUID_BATCH = 100
# serviceHourType, v11 and v7 names (VmOpenApiServiceHourBase.cs): weekly hours, weekly hours
# that end the next day, and exceptional hours or closures for dates
REGULAR_HOURS = {"DaysOfTheWeek", "Standard", "OverMidnight", "Special"}
OVER_MIDNIGHT = {"OverMidnight", "Special"}
VISITING = {"Location", "Visiting"}
MAX_ACCESSIBILITY = 10_000
ATTENDING = {
    "Phone": {"fi": "Puhelin", "sv": "Telefon", "en": "Phone"},
    "EChannel": {"fi": "Verkossa", "sv": "På nätet", "en": "Online"},
}
CLOSED = {"fi": "Suljettu", "sv": "Stängt", "en": "Closed"}
BY_APPOINTMENT = {"fi": "Ajanvarauksella", "sv": "Med tidsbokning", "en": "By appointment"}
ALWAYS_OPEN = {"fi": "Aina avoinna", "sv": "Alltid öppet", "en": "Always open"}


class PtvSource(Source):
    name = NAME

    def __init__(self):
        super().__init__()
        self.channels: dict[str, dict] = {}
        self.organizations: dict[str, dict] = {}

    # -- reading ---------------------------------------------------------------------------
    def read_files(self, paths: list[Path]) -> Iterator[SourceRecord]:
        """Records from saved responses: lists, single objects or v11 pages, in any files."""
        services = []
        for path in paths:
            for number, item in enumerate(_items(json.loads(path.read_text("utf-8"))), 1):
                kind = _kind(item)
                if kind == "channel":
                    self.channels[item["id"]] = item
                elif kind == "organization":
                    self.organizations[item["id"]] = item
                elif kind == "service":
                    services.append(item)
                else:
                    yield SourceRecord("unknown", f"{path.name}#{number}", item)
        for item in services:
            yield SourceRecord("service", str(item.get("id", "")), item)

    def fetch(self, since=None) -> Iterator[SourceRecord]:
        """A full run reads every municipality's services and channels whole; a delta asks the
        id-list endpoints, the only ones that honour ``date`` (PTV: V11ServiceController.cs
        GetByArea vs GetAllDataByArea), and fetches what changed by id."""
        client = Client(settings.PTV_API_URL)
        services = self._changed_services(client, since) if since else self._all_services(client)
        self._fetch_missing_channels(client, services)
        self._fetch_organizations(client, services)
        for item in services:
            yield SourceRecord("service", str(item.get("id", "")), item)
        if since:
            for status in ("Archived", "Withdrawn"):
                for item in self._pages(client, "Service", {"date": utc(since), "status": status}):
                    gone = {"id": item.get("id"), "publishingStatus": status}
                    yield SourceRecord("service", str(item.get("id", "")), gone)

    def _all_services(self, client: Client) -> list[dict]:
        # Nationwide services (national NGOs, Lähellä.fi activities, helplines) come only with
        # includeWholeCountry (default false); they then come with every municipality, so they
        # are kept once by id. serviceWithGD: a general description's classes, charge type and
        # requirements override or complete the service's own (ServiceService.cs, SFIPTV-786).
        area = {"includeWholeCountry": "true"}
        for code in settings.PTV_MUNICIPALITIES:
            path = f"ServiceChannel/list/area/Municipality/code/{code}"
            for item in self._pages(client, path, area):
                self.channels[item["id"]] = item
        by_id: dict[str, dict] = {}
        for code in settings.PTV_MUNICIPALITIES:
            path = f"Service/list/area/Municipality/code/{code}"
            for item in self._pages(client, path, {**area, "serviceWithGD": "true"}):
                by_id.setdefault(str(item.get("id", "")), item)
        return list(by_id.values())

    def _changed_services(self, client: Client, since) -> list[dict]:
        """Services changed since ``since``, and those whose channels changed (a new phone
        number or opening hours change the channel, not the service)."""
        query = {"date": utc(since), "includeWholeCountry": "true"}
        service_ids, channel_ids = set(), set()
        for code in settings.PTV_MUNICIPALITIES:
            for kind, ids in (("Service", service_ids), ("ServiceChannel", channel_ids)):
                path = f"{kind}/area/Municipality/code/{code}"
                ids.update(str(i["id"]) for i in self._pages(client, path, query) if i.get("id"))
        for channel in self._by_ids(client, "ServiceChannel/list", channel_ids):
            self.channels[channel["id"]] = channel
            service_ids.update(
                str(link["service"]["id"])
                for link in channel.get("services") or []
                if isinstance(link.get("service"), dict) and link["service"].get("id")
            )
        return self._by_ids(client, "Service/serviceWithGD/list", service_ids)

    def _pages(self, client: Client, path: str, params: dict) -> list[dict]:
        items, page, pages = [], 1, 1
        while page <= pages:
            try:
                body = client.get(path, {**params, "page": page})
            except FetchError as error:
                self.fetch_errors.append(str(error))
                page += 1
                continue
            items += body.get("itemList") or []
            pages = body.get("pageCount") or 1
            page += 1
        return items

    def _by_ids(self, client: Client, path: str, ids) -> list[dict]:
        """Whole objects by id, at most 100 ids a request (the list endpoints' limit)."""
        wanted, found = sorted(ids), []
        for start in range(0, len(wanted), GUID_BATCH):
            guids = ",".join(wanted[start : start + GUID_BATCH])
            try:
                found += [i for i in client.get(path, {"guids": guids}) or [] if i.get("id")]
            except FetchError as error:
                self.fetch_errors.append(str(error))
        return found

    def _fetch_missing_channels(self, client: Client, services: list[dict]) -> None:
        """A delta brings changed services whose channels did not change: fetch those."""
        wanted = {
            link["serviceChannel"]["id"]
            for service in services
            for link in service.get("serviceChannels") or []
            if isinstance(link.get("serviceChannel"), dict)
        } - set(self.channels)
        for item in self._by_ids(client, "ServiceChannel/list", wanted):
            self.channels[item["id"]] = item

    def _fetch_organizations(self, client: Client, services: list[dict]) -> None:
        """A service names its organizations by id and name only: their type (is it an NGO?)
        and business id (de-duplication by Y-tunnus) come from the organization itself."""
        wanted = {
            str(link["organization"]["id"])
            for service in services
            for link in service.get("organizations") or []
            if isinstance(link.get("organization"), dict) and link["organization"].get("id")
        } - set(self.organizations)
        for item in self._by_ids(client, "Organization/list", wanted):
            self.organizations[item["id"]] = item

    # -- converting ------------------------------------------------------------------------
    def convert(self, record: SourceRecord) -> list[ServiceData]:
        if record.kind != "service":
            raise RecordError("not a PTV service, channel or organization object")
        released = record.source_id in self.released
        return [service_data(record.payload, self.channels, self.organizations, released)]


def _items(body) -> list:
    if isinstance(body, dict) and "itemList" in body:
        return body["itemList"] or []
    return body if isinstance(body, list) else [body]


def _kind(item) -> str:
    if not isinstance(item, dict) or not item.get("id"):
        return "unknown"
    if "serviceChannelType" in item:
        return "channel"
    if "serviceNames" in item:
        return "service"
    if "organizationNames" in item or "organizationType" in item:
        return "organization"
    return "unknown"


def service_data(item: dict, channels: dict, organizations: dict,
                 released: bool = False) -> ServiceData:  # fmt: skip
    source_id = str(item.get("id") or "")
    if not source_id:
        raise RecordError("the service has no id")
    if item.get("publishingStatus", "Published") != "Published":
        return ServiceData(source_id=source_id, name={}, withdrawn=True)
    mapping = table(NAME)
    name = values.by_language(item.get("serviceNames"), "Name")
    if not name:
        raise RecordError("the service has no name")
    classes = [c.get("code") or "" for c in item.get("serviceClasses") or []]
    categories = {
        code for cls in classes for code in by_code_prefix(mapping["service_classes"], cls) or []
    }
    if not released and (why := _excluded_by_name(name, mapping["excluded_names"])):
        categories = set()
    else:
        why = f"service classes {', '.join(classes) or 'none'} map to no wellbeing category"
    categories = scoped(NAME, categories, released, why)
    texts = item.get("serviceDescriptions")
    data = ServiceData(
        source_id=source_id,
        name=name,
        alternate_name=_alternate_name(item.get("serviceNames")),
        organization=_organization(item, organizations, mapping),
        description=_own_or_general(texts, "Description") or _own_or_general(texts, "Summary"),
        application_process=_own_or_general(texts, "UserInstruction"),
        fees_description=_own_or_general(texts, "ChargeTypeAdditionalInfo"),
        eligibility_description=values.by_language(item.get("requirements")),
        languages=[values.language(code) for code in item.get("languages") or []],
        categories=categories,
        target_groups={
            code
            for group in item.get("targetGroups") or []
            for code in mapping["target_groups"].get(group.get("code"), [])
        },
        area_municipalities=_municipalities(item.get("areas")),
        area_names=_municipality_names(item.get("areas")),
        keywords=_keywords(item),
        modified=values.moment(item.get("modified"), naive="UTC"),
    )
    charge = mapping["charge_types"].get(item.get("serviceChargeType") or "")
    if charge:
        data.cost.add(charge)
    linked = [channels.get((link.get("serviceChannel") or {}).get("id"))
              for link in item.get("serviceChannels") or []]  # fmt: skip
    linked = [channel for channel in linked if channel is not None]
    for channel in linked:
        _add_channel(data, channel, mapping)
    if not data.phones and len(data.locations) == 1:  # one place: its numbers are the service's
        data.phones = list(data.locations[0].phones)
    data.url = _service_url(linked)
    return data


def _excluded_by_name(name: dict, excluded: dict) -> str:
    texts = " ".join(name.get(code, "") for code in ("fi", "sv")).lower()
    return next((why for stem, why in excluded.items() if stem in texts), "")


def _own_or_general(texts, kind: str) -> dict:
    """The service's own text, else its general description's (``GD_`` with serviceWithGD)."""
    return values.by_language(texts, kind) or values.by_language(texts, f"GD_{kind}")


def _alternate_name(names) -> dict:
    # v11 "AlternativeName"; older files say "AlternateName"
    return values.by_language(names, "AlternativeName") or values.by_language(
        names, "AlternateName"
    )


def _service_url(channels: list[dict]) -> str:
    """The service's web page; an e-service channel's address (often a feedback or booking
    form shared by many services) only when there is no web page."""
    for kind in ("WebPage", "EChannel"):
        for channel in channels:
            if channel.get("serviceChannelType") == kind and _url(channel):
                return _url(channel)
    return ""


def _organization(item: dict, organizations: dict, mapping: dict) -> OrganizationData | None:
    links = item.get("organizations") or []
    responsible = next((o for o in links if o.get("roleType") == "Responsible"), None)
    responsible = responsible or next(iter(links), None)
    if not responsible or not isinstance(responsible.get("organization"), dict):
        return None
    ref = responsible["organization"]
    full = organizations.get(ref.get("id"))
    if full:
        return OrganizationData(
            source_id=full["id"],
            name=values.by_language(full.get("organizationNames"), "Name") or {"fi": ref["name"]},
            description=values.by_language(full.get("organizationDescriptions"), "Description"),
            business_id=full.get("businessCode") or "",
            website=next((w.get("url") for w in full.get("webPages") or [] if w.get("url")), ""),
            organization_type=mapping["organization_types"].get(full.get("organizationType"), ""),
        )
    return OrganizationData(source_id=ref["id"], name={"fi": values.plain(ref.get("name"))})


def _municipalities(areas) -> list[str]:
    """Municipalities served; a region, sub-region or hospital district lists its own (v11
    VmOpenApiArea: type Municipality, Province/Region, BusinessRegion, HospitalRegion ...)."""
    return list(dict.fromkeys(
        municipality["code"]
        for area in areas or []
        if isinstance(area, dict)
        for municipality in area.get("municipalities") or []
        if isinstance(municipality, dict) and municipality.get("code")
    ))  # fmt: skip


def _municipality_names(areas) -> dict:
    return {
        municipality["code"]: values.by_language(municipality.get("name"))
        for area in areas or []
        if isinstance(area, dict)
        for municipality in area.get("municipalities") or []
        if isinstance(municipality, dict) and municipality.get("code")
    }


def _keywords(item: dict) -> list[str]:
    words = [k.get("value") for k in item.get("keywords") or [] if isinstance(k, dict)]
    for term in item.get("ontologyTerms") or []:
        words += [n.get("value") for n in term.get("name") or [] if n.get("language") == "fi"]
    return sorted({w for w in words if w})


def _add_channel(data: ServiceData, channel: dict, mapping: dict) -> None:
    """A service location keeps its own numbers and hours; a phone line's or an e-service's
    numbers and hours are the service's (with how they are reached)."""
    kind = channel.get("serviceChannelType")
    delivery = mapping["channel_delivery"].get(kind)
    if delivery:
        data.delivery.add(delivery)
    if not data.email:
        data.email = _email(channel)
    if kind == "ServiceLocation":
        location = channel_location(channel)
        if location is not None:
            data.locations.append(location)
        return
    for number in _phones(channel):
        if number not in data.phones:
            data.phones.append(number)
    if kind in ATTENDING:
        data.schedules += opening_hours(channel.get("serviceHours"), ATTENDING[kind])


def _phones(channel: dict) -> list[str]:
    numbers = []
    for phone in channel.get("phoneNumbers") or []:
        if phone.get("type", "Phone") != "Phone":  # Sms and Fax are no numbers to call
            continue
        number = " ".join(filter(None, [phone.get("prefixNumber"), phone.get("number")]))
        if number and number not in numbers:
            numbers.append(number)
    return numbers


def _email(channel: dict) -> str:
    """Service locations list ``emails``, other channels ``supportEmails`` (v11)."""
    for entry in (channel.get("emails") or []) + (channel.get("supportEmails") or []):
        if isinstance(entry, dict) and entry.get("value") and entry.get("language", "fi") == "fi":
            return entry["value"].strip()
    return ""


def _url(channel: dict) -> str:
    for page in channel.get("webPages") or channel.get("urls") or []:
        if isinstance(page, dict) and (page.get("url") or page.get("value", "").startswith("http")):
            return page.get("url") or page["value"]
    return ""


def channel_location(channel: dict) -> LocationData | None:
    """A service location channel's visiting address, coordinates, numbers, entrances'
    accessibility sentences and opening hours."""
    addresses = [a for a in channel.get("addresses") or [] if a.get("type") in VISITING]
    address = next((a for a in addresses if a.get("streetAddress")), None)
    other = next((a.get("otherAddress") for a in addresses if a.get("otherAddress")), None)
    street = (address or {}).get("streetAddress") or {}
    point = street if street.get("latitude") else (other or {})
    latitude, longitude = values.point(point.get("latitude"), point.get("longitude"))
    number = street.get("streetNumber") or ""
    return LocationData(
        source_id=str(channel["id"]),
        name=values.by_language(channel.get("serviceChannelNames"), "Name"),
        description=values.by_language(channel.get("serviceChannelDescriptions"), "Description")
        or values.by_language((other or {}).get("additionalInformation")),
        latitude=latitude,
        longitude=longitude,
        street={
            k: f"{v} {number}".strip() for k, v in values.by_language(street.get("street")).items()
        },
        postal_code=street.get("postalCode") or "",
        city=values.by_language(street.get("postOffice")),
        municipality_code=((street.get("municipality") or {}).get("code")) or "",
        accessibility=_entrance_sentences(address or {}),
        phones=_phones(channel),
        schedules=opening_hours(channel.get("serviceHours")),
    )


def _entrance_sentences(address: dict) -> dict:
    """The entrances' accessibility sentences (V9VmOpenApiAddressLocation.entrances), as one
    text per language: "group: sentence. sentence." lines."""
    lines: dict[str, list[str]] = {}
    for entrance in address.get("entrances") or []:
        for group in entrance.get("accessibilitySentences") or []:
            heading = values.by_language(group.get("sentenceGroup"))
            for sentence in group.get("sentences") or []:
                for code, text in values.by_language(sentence.get("sentence")).items():
                    title = heading.get(code, "")
                    lines.setdefault(code, []).append(f"{title}: {text}" if title else text)
    return {code: "\n".join(texts)[:MAX_ACCESSIBILITY] for code, texts in lines.items()}


def opening_hours(hours, attending: dict | None = None) -> list[ScheduleData]:
    """PTV's hours as schedules: regular weekly hours (over midnight too), always open, and
    exceptional hours and closures for their dates; a text-only entry keeps its text."""
    schedules = []
    for entry in hours or []:
        kind, notes = (
            entry.get("serviceHourType"),
            values.by_language(entry.get("additionalInformation")),
        )
        if entry.get("isReservation"):
            notes = {**BY_APPOINTMENT, **notes}
        regular = kind in REGULAR_HOURS
        first, last = values.day(entry.get("validFrom")), values.day(entry.get("validTo"))
        if not regular and first is None:  # an exception without dates is a note
            if notes:
                schedules.append(schedule_note(notes, attending_type=attending or {}))
            continue
        dates = {} if regular else {"dtstart": first, "until": last or first}
        validity = {"valid_from": first, "valid_to": last} if regular else {}
        common = {**dates, **validity, "attending_type": attending or {}}
        if entry.get("isClosed"):
            if not regular:
                schedules.append(schedule_note(notes or CLOSED, **common))
            continue
        if entry.get("isAlwaysOpen"):
            schedules.append(ScheduleData(byday=",".join(ORDER), opens_at="00:00",
                                          closes_at="23:59", description=notes or ALWAYS_OPEN,
                                          **common))  # fmt: skip
            continue
        for opening in entry.get("openingHour") or []:
            days = _day_range(opening.get("dayFrom"), opening.get("dayTo"))
            if kind in OVER_MIDNIGHT:  # Friday 22:00 to Saturday 04:00 opens on Friday
                days = days[:1]
            if not regular and not days:
                days = _days_between(first, last or first)
            opens, closes = (opening.get("from") or "")[:5], (opening.get("to") or "")[:5]
            if not days or not opens:
                continue
            schedules.append(ScheduleData(byday=",".join(days), opens_at=opens,
                                          closes_at=closes, notes=notes, **common))  # fmt: skip
    return schedules


def _days_between(first: dt.date, last: dt.date) -> list[str]:
    span = min((last - first).days, 6)
    found = {(first + dt.timedelta(days=n)).weekday() for n in range(span + 1)}
    return [ORDER[i] for i in sorted(found)]


def _day_range(first, last) -> list[str]:
    if first not in DAYS:
        return []
    start = ORDER.index(DAYS[first])
    end = ORDER.index(DAYS[last]) if last in DAYS else start
    return ORDER[start : end + 1] if end >= start else ORDER[start:] + ORDER[: end + 1]


def utc(moment) -> str:
    """PTV's ``date`` parameter: "yyyy-MM-ddTHH:mm:ss" in UTC (the controllers' docs)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
