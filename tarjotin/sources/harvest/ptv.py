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

import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from tarjotin.sources.harvest import values
from tarjotin.sources.harvest.http import Client, FetchError
from tarjotin.sources.harvest.mapping import by_code_prefix, table
from tarjotin.sources.harvest.records import (
    LocationData,
    OrganizationData,
    RecordError,
    ScheduleData,
    ServiceData,
    Source,
    SourceRecord,
)

NAME = "ptv"
DAYS = {"Monday": "MO", "Tuesday": "TU", "Wednesday": "WE", "Thursday": "TH", "Friday": "FR",
        "Saturday": "SA", "Sunday": "SU"}  # fmt: skip
ORDER = list(DAYS.values())
GUID_BATCH = 100
REGULAR_HOURS = {"DaysOfTheWeek", "Standard"}


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
        client = Client(settings.PTV_API_URL)
        params = {"date": since.strftime("%Y-%m-%dT%H:%M:%S")} if since else {}
        # Nationwide services (national NGOs, Lähellä.fi activities, helplines) come only with
        # includeWholeCountry (PTV: V11ServiceController.cs GetAllDataByArea, default false);
        # they then come with every municipality, so they are kept once by id.
        area = {**params, "includeWholeCountry": "true"}
        for code in settings.PTV_MUNICIPALITIES:
            for item in self._pages(client, f"ServiceChannel/list/area/Municipality/code/{code}",
                                    area):  # fmt: skip
                self.channels[item["id"]] = item
        by_id: dict[str, dict] = {}
        for code in settings.PTV_MUNICIPALITIES:
            for item in self._pages(client, f"Service/list/area/Municipality/code/{code}", area):
                by_id.setdefault(str(item.get("id", "")), item)
        services = list(by_id.values())
        self._fetch_missing_channels(client, services)
        for item in services:
            yield SourceRecord("service", str(item.get("id", "")), item)
        if since:
            for status in ("Archived", "Withdrawn"):
                for item in self._pages(client, "Service", {**params, "status": status}):
                    gone = {"id": item.get("id"), "publishingStatus": status}
                    yield SourceRecord("service", str(item.get("id", "")), gone)

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

    def _fetch_missing_channels(self, client: Client, services: list[dict]) -> None:
        """A delta brings changed services whose channels did not change: fetch those."""
        wanted = {
            link["serviceChannel"]["id"]
            for service in services
            for link in service.get("serviceChannels") or []
            if isinstance(link.get("serviceChannel"), dict)
        } - set(self.channels)
        wanted = sorted(wanted)
        for start in range(0, len(wanted), GUID_BATCH):
            guids = ",".join(wanted[start : start + GUID_BATCH])
            try:
                for item in client.get("ServiceChannel/list", {"guids": guids}) or []:
                    self.channels[item["id"]] = item
            except FetchError as error:
                self.fetch_errors.append(str(error))

    # -- converting ------------------------------------------------------------------------
    def convert(self, record: SourceRecord) -> list[ServiceData]:
        if record.kind != "service":
            raise RecordError("not a PTV service, channel or organization object")
        return [service_data(record.payload, self.channels, self.organizations)]


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


def service_data(item: dict, channels: dict, organizations: dict) -> ServiceData:
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
    if not categories:
        raise RecordError(
            f"outside the tray's scope: service classes {', '.join(classes) or 'none'} "
            "map to no wellbeing category"
        )
    data = ServiceData(
        source_id=source_id,
        name=name,
        organization=_organization(item, organizations),
        description=values.by_language(item.get("serviceDescriptions"), "Description")
        or values.by_language(item.get("serviceDescriptions"), "Summary"),
        application_process=values.by_language(item.get("serviceDescriptions"), "UserInstruction"),
        fees_description=values.by_language(
            item.get("serviceDescriptions"), "ChargeTypeAdditionalInfo"
        ),
        languages=[values.language(code) for code in item.get("languages") or []],
        categories=categories,
        target_groups={
            code
            for group in item.get("targetGroups") or []
            for code in mapping["target_groups"].get(group.get("code"), [])
        },
        area_municipalities=_municipalities(item.get("areas")),
        keywords=_keywords(item),
        modified=values.moment(item.get("modified")),
    )
    charge = mapping["charge_types"].get(item.get("serviceChargeType") or "")
    if charge:
        data.cost.add(charge)
    linked = [channels.get((link.get("serviceChannel") or {}).get("id"))
              for link in item.get("serviceChannels") or []]  # fmt: skip
    linked = [channel for channel in linked if channel is not None]
    for channel in linked:
        _add_channel(data, channel, mapping)
    data.url = _service_url(linked)
    return data


def _service_url(channels: list[dict]) -> str:
    """The service's web page; an e-service channel's address (often a feedback or booking
    form shared by many services) only when there is no web page."""
    for kind in ("WebPage", "EChannel"):
        for channel in channels:
            if channel.get("serviceChannelType") == kind and _url(channel):
                return _url(channel)
    return ""


def _organization(item: dict, organizations: dict) -> OrganizationData | None:
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
            organization_type=full.get("organizationType") or "",
        )
    return OrganizationData(source_id=ref["id"], name={"fi": values.plain(ref.get("name"))})


def _municipalities(areas) -> list[str]:
    return [
        municipality["code"]
        for area in areas or []
        if isinstance(area, dict) and area.get("type") == "Municipality"
        for municipality in area.get("municipalities") or []
        if municipality.get("code")
    ]


def _keywords(item: dict) -> list[str]:
    words = [k.get("value") for k in item.get("keywords") or [] if isinstance(k, dict)]
    for term in item.get("ontologyTerms") or []:
        words += [n.get("value") for n in term.get("name") or [] if n.get("language") == "fi"]
    return sorted({w for w in words if w})


def _add_channel(data: ServiceData, channel: dict, mapping: dict) -> None:
    kind = channel.get("serviceChannelType")
    delivery = mapping["channel_delivery"].get(kind)
    if delivery:
        data.delivery.add(delivery)
    if kind == "ServiceLocation":
        location = channel_location(channel)
        if location is not None:
            data.locations.append(location)
    for phone in channel.get("phoneNumbers") or []:
        if phone.get("type", "Phone") != "Phone":  # Sms and Fax are no numbers to call
            continue
        number = " ".join(filter(None, [phone.get("prefixNumber"), phone.get("number")]))
        if number and number not in data.phones:
            data.phones.append(number)
    if not data.email:
        data.email = _email(channel)


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
    """A service location channel's visiting address, coordinates and opening hours."""
    address = next(
        (a for a in channel.get("addresses") or []
         if a.get("type") in {"Location", "Visiting"} and a.get("streetAddress")),
        None,
    )  # fmt: skip
    street = (address or {}).get("streetAddress") or {}
    latitude, longitude = values.point(street.get("latitude"), street.get("longitude"))
    number = street.get("streetNumber") or ""
    return LocationData(
        source_id=str(channel["id"]),
        name=values.by_language(channel.get("serviceChannelNames"), "Name"),
        description=values.by_language(channel.get("serviceChannelDescriptions"), "Description"),
        latitude=latitude,
        longitude=longitude,
        street={
            k: f"{v} {number}".strip() for k, v in values.by_language(street.get("street")).items()
        },
        postal_code=street.get("postalCode") or "",
        city=values.by_language(street.get("postOffice")),
        municipality_code=((street.get("municipality") or {}).get("code")) or "",
        schedules=opening_hours(channel.get("serviceHours")),
    )


def opening_hours(hours) -> list[ScheduleData]:
    """PTV's regular weekly hours as schedules; exceptional days (holidays) are left out."""
    schedules = []
    for entry in hours or []:
        if entry.get("serviceHourType") not in REGULAR_HOURS or entry.get("isClosed"):
            continue
        for opening in entry.get("openingHour") or []:
            days = _day_range(opening.get("dayFrom"), opening.get("dayTo"))
            opens, closes = (opening.get("from") or "")[:5], (opening.get("to") or "")[:5]
            if not days or not opens:
                continue
            schedules.append(
                ScheduleData(
                    byday=",".join(days), opens_at=opens, closes_at=closes,
                    valid_from=values.day(entry.get("validFrom")),
                    valid_to=values.day(entry.get("validTo")),
                    description=values.by_language(entry.get("additionalInformation")),
                )
            )  # fmt: skip
    return schedules


def _day_range(first, last) -> list[str]:
    if first not in DAYS:
        return []
    start = ORDER.index(DAYS[first])
    end = ORDER.index(DAYS[last]) if last in DAYS else start
    return ORDER[start : end + 1] if end >= start else ORDER[start:] + ORDER[: end + 1]
