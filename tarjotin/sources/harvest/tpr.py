"""Helsinki's service register TPR (palvelukarttaws REST v4): units, for cities that use it.

Saved files may also hold the register's service descriptions and errand services as
Helsinki's aggregator publishes them (``{"id": …, "fi": {…}, "sv": {…}, "en": {…}}``, where a
language without text is ``[]``); those become services without a place, in scope when their
service id maps to a category.

``/unit/`` answers a bare array of all units (no paging) with flat per-language fields
(``name_fi``, ``desc_sv``, ``street_address_en`` ...), WGS84 coordinates and ontology word
ids. A unit whose ontology words map to a tray category (sources/data/tpr.json) becomes an
in-person service at its own address. TPR has no "changed since" query: a delta keeps the
units whose ``modified_time`` is newer; removals are found by the full reconciliation.
"""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from tarjotin.sources.harvest import values
from tarjotin.sources.harvest.http import Client, FetchError
from tarjotin.sources.harvest.mapping import scoped, table
from tarjotin.sources.harvest.records import (
    LocationData,
    OrganizationData,
    RecordError,
    ServiceData,
    Source,
    SourceRecord,
    saved_items,
)

NAME = "tpr"
LANGUAGES = ("fi", "sv", "en")


class TprSource(Source):
    name = NAME

    def read_files(self, paths: list[Path]) -> Iterator[SourceRecord]:
        for item in saved_items(paths):
            if _is_description(item):
                yield SourceRecord("service_description", _description_id(item), item)
            else:
                yield SourceRecord("unit", _id(item), item)

    def fetch(self, since=None) -> Iterator[SourceRecord]:
        try:
            units = Client(settings.TPR_API_URL).get("unit/", {"official": "yes"}) or []
        except FetchError as error:
            self.fetch_errors.append(str(error))
            return
        for item in units:
            modified = values.moment(item.get("modified_time")) if isinstance(item, dict) else None
            if since is None or modified is None or modified >= since:
                yield SourceRecord("unit", _id(item), item)

    def convert(self, record: SourceRecord) -> list[ServiceData]:
        released = record.source_id in self.released
        if record.kind == "service_description":
            return [service_description(record.payload, released)]
        return [unit(record.payload, released)]


def _id(item) -> str:
    return str(item.get("id", "")) if isinstance(item, dict) else ""


def _description_id(item: dict) -> str:
    """Service descriptions and errand services are numbered separately: keep them apart."""
    first = next((item[k] for k in LANGUAGES if isinstance(item.get(k), dict)), {})
    kind = "errand" if "exact_descriptions" in first else "description"
    return f"{kind}:{item.get('id')}"


def _is_description(item) -> bool:
    return isinstance(item, dict) and "name_fi" not in item and any(k in item for k in LANGUAGES)


def service_description(item: dict, released: bool = False) -> ServiceData:
    """An aggregated service description or errand service (no place of its own)."""
    texts = {lang: item[lang] for lang in LANGUAGES if isinstance(item.get(lang), dict)}
    if not texts:
        raise RecordError("the row holds no text in any language (placeholder [])")
    first = next(iter(texts.values()))
    mapping = table(NAME)
    service_id = str(first.get("service_id") or "")
    categories = set(mapping["service_categories"].get(service_id, []))
    categories = scoped(NAME, categories, released, f"register service {service_id or 'none'}")

    def field(*names) -> dict:
        return {
            lang: text
            for lang, row in texts.items()
            if (text := values.plain(next((row[n] for n in names if row.get(n)), "")))
        }

    name = field("title", "name")
    if not name:
        raise RecordError("the service description has no title")
    links = [link.get("url") for link in first.get("links") or [] if isinstance(link, dict)]
    return ServiceData(
        source_id=_description_id(item),
        name=name,
        description=field("description_long", "description", "description_short"),
        application_process=field("process_description"),
        fees_description=field("costs"),
        url=next((u for u in links if u), ""),
        languages=[values.language(code) for code in first.get("provided_languages") or []],
        categories=categories,
        target_groups={
            group
            for code in first.get("target_groups") or []
            for group in mapping["service_target_groups"].get(code, [])
        },
        keywords=_words(first.get("name_synonyms")),
    )


def _per_language(item: dict, field: str) -> dict:
    return {lang: text for lang in LANGUAGES if (text := values.plain(item.get(f"{field}_{lang}")))}


def unit(item: dict, released: bool = False) -> ServiceData:
    if not isinstance(item, dict) or not item.get("id"):
        raise RecordError("the unit has no id")
    source_id = str(item["id"])
    name = _per_language(item, "name")
    if not name:
        raise RecordError("the unit has no name")
    mapping = table(NAME)
    words = [str(w) for w in item.get("ontologyword_ids") or []]
    categories = {c for w in words for c in mapping["ontologyword_categories"].get(w, [])}
    categories = scoped(NAME, categories, released, f"ontology words {', '.join(words) or 'none'}")
    latitude, longitude = values.point(item.get("latitude"), item.get("longitude"))
    place = LocationData(
        source_id=source_id,
        name=name,
        latitude=latitude,
        longitude=longitude,
        street=_per_language(item, "street_address"),
        postal_code=str(item.get("address_zip") or ""),
        city=_per_language(item, "address_city"),
        municipality_code=_municipality(item),
        profile_shortcomings=_access(item.get("accessibility_viewpoints"), mapping),
    )
    description = _per_language(item, "desc") or _per_language(item, "short_desc")
    return ServiceData(
        source_id=source_id,
        name=name,
        organization=OrganizationData(
            source_id=str(item["org_id"]), name={"fi": "Helsingin kaupunki"}
        ) if item.get("org_id") else None,
        description=description,
        url=next(iter(_per_language(item, "www").values()), ""),
        email=values.plain(item.get("email")),
        phones=[values.plain(item["phone"])] if item.get("phone") else [],
        categories=categories,
        target_groups={
            g for w in words for g in mapping["ontologyword_target_groups"].get(w, [])
        },
        delivery={"in_person"},
        area_municipalities=[place.municipality_code] if place.municipality_code else [],
        locations=[place],
        keywords=_words(item.get("extra_searchwords_fi")),
        modified=values.moment(item.get("modified_time")),
    )  # fmt: skip


def _words(text) -> list[str]:
    return [word.strip() for word in (text or "").split(",") if word.strip()]


CITY_CODES = {"helsinki": "091", "espoo": "049", "vantaa": "092", "kauniainen": "235"}


def _municipality(item: dict) -> str:
    city = (item.get("address_city_fi") or item.get("municipality") or "").strip().lower()
    return CITY_CODES.get(city, "")


def _access(viewpoints, mapping: dict) -> dict:
    """TPR's "11:green,21:red,…" as the tray's profile shortcomings (unknown ones left out)."""
    states = dict(part.split(":", 1) for part in (viewpoints or "").split(",") if ":" in part)
    out = {}
    for profile, viewpoint in mapping["accessibility_viewpoints"].items():
        state = states.get(viewpoint)
        if state == "green":
            out[profile] = []
        elif state == "red":
            out[profile] = ["Palvelupisteessä on esteettömyyspuutteita (TPR)."]
    return out
