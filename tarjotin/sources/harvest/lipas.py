"""LIPAS, the national database of sports and outdoor places (University of Jyväskylä).

The legacy REST API (``/sports-places``; ``page``/``pageSize``, a ``Link: rel="next"`` header
while more pages follow, ``modifiedAfter`` for a delta, ``/deleted-sports-places?since=`` for
removals). Each place becomes an in-person service at that place: exercise for sports
places, nature for recreation sites (sources/data/lipas.json). Contact e-mails and phone
numbers in LIPAS are often a person's own, so they are not republished; the web address is.
"""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tarjotin.sources.harvest import values
from tarjotin.sources.harvest.http import Client, FetchError
from tarjotin.sources.harvest.mapping import scoped, table
from tarjotin.sources.harvest.records import (
    BARE_HOST,
    LocationData,
    OrganizationData,
    RecordError,
    ServiceData,
    Source,
    SourceRecord,
    saved_items,
)

NAME = "lipas"
RESERVATIONS = {"fi": "Varaukset", "sv": "Bokningar", "en": "Reservations"}
PAGE_SIZE = 100


class LipasSource(Source):
    name = NAME

    def read_files(self, paths: list[Path]) -> Iterator[SourceRecord]:
        for item in saved_items(paths):
            yield SourceRecord("sports_place", _id(item), item)

    def fetch(self, since=None) -> Iterator[SourceRecord]:
        client = Client(settings.LIPAS_API_URL)
        params = {"cityCodes": [int(c) for c in settings.LIPAS_CITY_CODES],
                  "pageSize": PAGE_SIZE, "fields": table(NAME)["fields"]}  # fmt: skip
        if since:
            params["modifiedAfter"] = _helsinki(since)
        page = 1
        while True:
            try:
                body, links = client.get_page("sports-places", {**params, "page": page})
            except FetchError as error:
                self.fetch_errors.append(str(error))
                break
            for item in body or []:
                yield SourceRecord("sports_place", _id(item), item)
            if "next" not in links:
                break
            page += 1
        if since:
            yield from self._deleted(client, since)

    def _deleted(self, client: Client, since) -> Iterator[SourceRecord]:
        try:
            body = client.get("deleted-sports-places",
                              {"since": _helsinki(since)})  # fmt: skip
        except FetchError as error:
            self.fetch_errors.append(str(error))
            return
        for item in body or []:
            yield SourceRecord("sports_place", _id(item), {**item, "deleted": True})

    def convert(self, record: SourceRecord) -> list[ServiceData]:
        return [sports_place(record.payload, record.source_id in self.released)]


def _helsinki(moment) -> str:
    """LIPAS reads ``modifiedAfter`` and ``since`` as Helsinki time (harvesting audit, LIPAS
    "OK" row: yyyy-MM-dd HH:mm:ss.SSS)."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S.000")


def _id(item) -> str:
    return str(item.get("sportsPlaceId", "")) if isinstance(item, dict) else ""


def sports_place(item: dict, released: bool = False) -> ServiceData:
    if not isinstance(item, dict) or not item.get("sportsPlaceId"):
        raise RecordError("the sports place has no sportsPlaceId")
    source_id = str(item["sportsPlaceId"])
    if item.get("deleted"):
        return ServiceData(source_id=source_id, name={}, withdrawn=True)
    name = values.plain(item.get("name"))
    if not name:
        raise RecordError("the sports place has no name")
    kind = item.get("type") or {}
    categories = scoped(
        NAME, set(_categories(kind.get("typeCode"))), released, f"LIPAS type {kind.get('typeCode')}"
    )
    location = item.get("location") or {}
    wgs84 = (location.get("coordinates") or {}).get("wgs84") or {}
    latitude, longitude = values.point(wgs84.get("lat"), wgs84.get("lon"))
    city = location.get("city") or {}
    code = f"{int(city['cityCode']):03d}" if str(city.get("cityCode", "")).isdigit() else ""
    properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
    info = values.plain(properties.get("infoFi"))
    type_name = values.plain(kind.get("name"))
    operator = values.plain(item.get("admin"))
    place = LocationData(
        source_id=source_id,
        name={"fi": name},
        latitude=latitude,
        longitude=longitude,
        street={"fi": values.plain(location.get("address"))} if location.get("address") else {},
        postal_code=str(location.get("postalCode") or ""),
        city={"fi": values.plain(location.get("postalOffice") or city.get("name"))},
        municipality_code=code,
    )
    facts = _facts(properties)
    runs = "" if operator.startswith("Kunta") or not operator else f"Ylläpitäjä: {operator}"
    return ServiceData(
        source_id=source_id,
        name={"fi": name},
        alternate_name={"fi": values.plain(item.get("marketingName"))}
        if item.get("marketingName") else {},
        organization=_operator(operator, code, city),
        description={"fi": "\n".join(filter(None, [type_name, info, facts.get("fi"), runs]))},
        url=values.plain(item.get("www")),
        links=[(link, RESERVATIONS)] if (link := _web_link(item.get("reservationsLink"))) else [],
        categories=set(categories),
        delivery={"in_person"},
        cost={"free"} if item.get("freeUse") else set(),
        area_municipalities=[code] if code else [],
        locations=[place],
        keywords=[type_name] if type_name else [],
        modified=values.moment(item.get("lastModified")),
    )  # fmt: skip


def _web_link(text) -> str:
    """``reservationsLink`` is free text in practice ("Forststyrelsen", a person's e-mail):
    only a web address is a link; anything else is left out, never published as one."""
    text = values.plain(text)
    return text if text.startswith(("http://", "https://")) or BARE_HOST.match(text) else ""


def _operator(operator: str, code: str, city: dict) -> OrganizationData | None:
    """Who runs the place (LIPAS ``admin``): the municipality only when a municipal body does;
    the State; nobody named for an association or company (LIPAS does not name them)."""
    if operator.startswith("Kunta") and code:
        return OrganizationData(source_id=f"city:{code}", organization_type="municipality",
                                name={"fi": values.plain(city.get("name")) or code})  # fmt: skip
    known = table(NAME)["operators"].get(operator)
    return OrganizationData(**known) if known else None


def _facts(properties: dict) -> dict:
    """Properties a visitor asks about ("toilet": true) as short facts per language."""
    labels = table(NAME)["property_facts"]
    present = [labels[k] for k in labels if properties.get(k) is True]
    return (
        {lang: ", ".join(p[lang] for p in present) for lang in ("fi", "sv", "en")}
        if present
        else {}
    )


def _categories(type_code) -> list[str]:
    if not isinstance(type_code, int):
        return []
    prefixes = table(NAME)["type_code_prefixes"]
    text = str(type_code)
    if type_code >= 1000:
        key = f"{text[:2]}00"
        return prefixes.get(key, prefixes.get(f"{text[0]}000", []))
    return prefixes.get(text[0], [])
