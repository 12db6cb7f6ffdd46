"""Helsinki's service register TPR (palvelukarttaws REST v4) and its service register.

The unit register (``/unit/``, one bare array, flat per-language fields ``name_fi``,
``desc_sv`` ...) is read as smbackend reads it (City-of-Helsinki/smbackend
``services/management/commands/services_import/units.py``): ``unit/?official=yes&newfeatures=yes``
with ``connection/`` (hours, numbers, prices, links per unit) and ``department/`` (who runs
the unit: a city, the State, an association, with its business id). A unit whose ontology
words map to a tray category (sources/data/tpr.json) becomes an in-person service at its
address, with the unit's accessibility sentences.

The service register (``vpalvelurekisteri``) is read as Helsinki's aggregator reads it
(City-of-Helsinki/drupal-tpr-aggregator ``src/Http/ServiceClient.php``,
``AggregateTprServiceCommand.php``): ``description/`` and ``errandservice/`` list the ids, and
each is fetched per language (``{endpoint}/{id}?language=fi``; a language without text is
``[]``). Saved aggregator files (``{"id": …, "fi": {…}, "sv": {…}, "en": {…}}``) read the same.
A description lists its units (``unit_ids``), so it is offered at their places.

TPR has no "changed since" query: a delta keeps the units whose ``modified_time`` is newer
(the register's descriptions come with full runs); removals are found by the full
reconciliation.
"""

import re
from collections import defaultdict
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
    schedule_note,
)

NAME = "tpr"
LANGUAGES = ("fi", "sv", "en")
REGISTER_ENDPOINTS = ("description", "errandservice")
INTERNAL_CODE = re.compile(r"^[a-z]{1,4}_[a-z0-9_]+$")  # "hh_vet": an editor's code, not a word
PHONE_LINE = {"fi": "Puhelin", "sv": "Telefon", "en": "Phone"}
LINKS = {"LINK", "ESERVICE_LINK", "SOCIAL_MEDIA_LINK"}


class TprSource(Source):
    name = NAME

    def __init__(self):
        super().__init__()
        self.units: dict[str, dict] = {}
        self.departments: dict[str, dict] = {}
        self.connections: dict[str, list] = defaultdict(list)

    def read_files(self, paths: list[Path]) -> Iterator[SourceRecord]:
        records = []
        for item in saved_items(paths):
            if _is_description(item):
                records.append(SourceRecord("service_description", _description_id(item), item))
            elif isinstance(item, dict) and "section_type" in item and "unit_id" in item:
                self.connections[str(item["unit_id"])].append(item)
            elif isinstance(item, dict) and "hierarchy_level" in item:
                self.departments[str(item.get("id"))] = item
            else:
                self.units[_id(item)] = item
                records.append(SourceRecord("unit", _id(item), item))
        yield from records

    def fetch(self, since=None) -> Iterator[SourceRecord]:
        client = Client(settings.TPR_API_URL)
        for department in self._get(client, "department/") or []:
            self.departments[str(department.get("id"))] = department
        for connection in self._get(client, "connection/") or []:
            self.connections[str(connection.get("unit_id"))].append(connection)
        units = self._get(client, "unit/", {"official": "yes", "newfeatures": "yes"}) or []
        for item in units:
            self.units[_id(item)] = item
        for item in units:
            modified = values.moment(item.get("modified_time")) if isinstance(item, dict) else None
            if since is None or modified is None or modified >= since:
                yield SourceRecord("unit", _id(item), item)
        if since is None:
            yield from self._register(Client(settings.TPR_REGISTER_URL))

    def _register(self, client: Client) -> Iterator[SourceRecord]:
        for endpoint in REGISTER_ENDPOINTS:
            for listed in self._get(client, f"{endpoint}/") or []:
                group = {"id": listed.get("id")}
                for language in LANGUAGES:
                    found = self._get(
                        client, f"{endpoint}/{listed.get('id')}", {"language": language}
                    )
                    group[language] = found or []
                if _is_description(group):
                    yield SourceRecord("service_description", _description_id(group), group)

    def _get(self, client: Client, path: str, params=None):
        try:
            return client.get(path, params)
        except FetchError as error:
            if "HTTP 404" in str(error):  # a language the description is not written in
                return []
            self.fetch_errors.append(str(error))
            return None

    def convert(self, record: SourceRecord) -> list[ServiceData]:
        released = record.source_id in self.released
        if record.kind == "service_description":
            return [service_description(record.payload, self, released)]
        return [unit(record.payload, self, released)]


def _id(item) -> str:
    return str(item.get("id", "")) if isinstance(item, dict) else ""


def _description_id(item: dict) -> str:
    """Service descriptions and errand services are numbered separately: keep them apart."""
    first = next((item[k] for k in LANGUAGES if isinstance(item.get(k), dict)), {})
    kind = "errand" if "exact_descriptions" in first else "description"
    return f"{kind}:{item.get('id')}"


def _is_description(item) -> bool:
    return isinstance(item, dict) and "name_fi" not in item and any(k in item for k in LANGUAGES)


def service_description(item: dict, source: TprSource, released: bool = False) -> ServiceData:
    """A service description or errand service: offered at its units' places, by its
    responsible department, reached through its channels (phone lines, e-mail, addresses)."""
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
    links = _register_links(first.get("links"))
    data = ServiceData(
        source_id=_description_id(item),
        name=name,
        organization=_department(first.get("responsible_depts"), source, mapping),
        description=field("description_long", "description", "description_short"),
        application_process=field("process_description"),
        fees_description=field("costs"),
        url=links[0][0] if links else "",
        links=links[1:],
        languages=[values.language(code) for code in first.get("provided_languages") or []],
        categories=categories,
        target_groups={
            group
            for code in first.get("target_groups") or []
            for group in mapping["service_target_groups"].get(code, [])
        },
        keywords=_words(first.get("name_synonyms")),
    )
    for unit_id in first.get("unit_ids") or []:
        unit_item = source.units.get(str(unit_id))
        if unit_item and unit_item.get("name_fi"):
            data.locations.append(_place(unit_item, source, mapping))
    for channel in first.get("channels") or []:
        _add_register_channel(data, channel)
    return data


def _register_links(links) -> list[tuple[str, dict]]:
    return [
        (link["url"], {"fi": values.plain(link.get("title"))} if link.get("title") else {})
        for link in links or []
        if isinstance(link, dict) and link.get("url")
    ]


def _add_register_channel(data: ServiceData, channel: dict) -> None:
    """An errand service's ways in: a phone line with its hours, an e-mail, a visiting
    address, web pages and e-services."""
    kind = channel.get("type")
    if kind == "TELEPHONE" and channel.get("phone"):
        number = values.plain(channel["phone"])
        if number not in data.phones:
            data.phones.append(number)
        hours = values.plain(channel.get("availability_summary"))
        if hours:
            note = {"fi": f"{number}: {hours}"}
            data.schedules.append(schedule_note(note, attending_type=PHONE_LINE))
        data.delivery.add("remote")
    elif kind == "EMAIL" and not data.email:
        data.email = values.plain(channel.get("email"))
    elif kind == "LOCAL" and channel.get("personal_service_street_addr"):
        data.locations.append(
            LocationData(
                source_id=f"channel:{channel.get('id')}",
                name={"fi": values.plain(channel.get("name")) or data.name.get("fi", "")},
                street={"fi": values.plain(channel["personal_service_street_addr"])},
                postal_code=values.plain(channel.get("personal_service_postal_code")),
                city={"fi": values.plain(channel.get("personal_service_city")).strip("\u200b")},
            )
        )
        data.delivery.add("in_person")
    elif kind in {"WEBPAGE", "ESERVICE", "CHAT"}:
        data.links += [link for link in _register_links(channel.get("links"))
                       if link[0] != data.url and link not in data.links]  # fmt: skip
        data.delivery.add("remote")


def _department(ids, source: TprSource, mapping: dict) -> OrganizationData | None:
    for department_id in ids or []:
        department = source.departments.get(str(department_id))
        if department:
            return _organization(department, mapping)
    return None


def _organization(department: dict, mapping: dict) -> OrganizationData:
    """A department of the register (a city, the State, an association) as an organization,
    typed and with its business id (smbackend services_import/departments.py)."""
    return OrganizationData(
        source_id=str(department["id"]),
        name=_per_language(department, "name") or {"fi": str(department["id"])},
        business_id=values.plain(department.get("business_id")),
        website=next(iter(_per_language(department, "www").values()), ""),
        organization_type=mapping["organization_types"].get(
            department.get("organization_type") or "", ""
        ),
    )


def _per_language(item: dict, field: str) -> dict:
    return {lang: text for lang in LANGUAGES if (text := values.plain(item.get(f"{field}_{lang}")))}


def unit(item: dict, source: TprSource | None = None, released: bool = False) -> ServiceData:
    if not isinstance(item, dict) or not item.get("id"):
        raise RecordError("the unit has no id")
    source = source or TprSource()
    source_id = str(item["id"])
    name = _per_language(item, "name")
    if not name:
        raise RecordError("the unit has no name")
    if item.get("is_public") is False:
        raise RecordError("the unit is not public in the register")
    mapping = table(NAME)
    words = [str(w) for w in item.get("ontologyword_ids") or []]
    categories = {c for w in words for c in mapping["ontologyword_categories"].get(w, [])}
    categories = scoped(NAME, categories, released, f"ontology words {', '.join(words) or 'none'}")
    place = _place(item, source, mapping)
    connections = item.get("connections") or source.connections.get(source_id, [])
    data = ServiceData(
        source_id=source_id,
        name=name,
        organization=_unit_organization(item, source, mapping),
        description=_joined(
            _per_language(item, "desc") or _per_language(item, "short_desc"),
            *_sections(connections, {"OTHER_INFO"}),
        ),
        fees_description=_joined(*_sections(connections, {"PRICE"})),
        url=next(iter(_per_language(item, "www").values()), ""),
        email=values.plain(item.get("email")),
        phones=[values.plain(item["phone"])] if item.get("phone") else [],
        languages=[values.language(code) for code in item.get("provided_languages") or []],
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
    _add_connections(data, place, connections)
    return data


def _place(item: dict, source: TprSource, mapping: dict) -> LocationData:
    latitude, longitude = values.point(item.get("latitude"), item.get("longitude"))
    return LocationData(
        source_id=str(item["id"]),
        name=_per_language(item, "name"),
        latitude=latitude,
        longitude=longitude,
        street=_per_language(item, "street_address"),
        postal_code=str(item.get("address_zip") or ""),
        city=_per_language(item, "address_city"),
        municipality_code=_municipality(item),
        accessibility=_sentences(item.get("accessibility_sentences")),
        accessibility_url=values.plain(item.get("accessibility_www")),
        profile_shortcomings=_access(item.get("accessibility_viewpoints"), mapping),
    )


def _unit_organization(item: dict, source: TprSource, mapping: dict) -> OrganizationData | None:
    """The unit's organization from ``department/``; in saved files without departments, the
    name the register displays ("…, Helsingin kaupunki"), never a guess."""
    org_id = str(item.get("org_id") or "")
    if not org_id:
        return None
    if org_id in source.departments:
        return _organization(source.departments[org_id], mapping)
    owner = {
        lang: text.rsplit(",", 1)[-1].strip()
        for lang, text in _per_language(item, "displayed_service_owner").items()
    }
    return OrganizationData(source_id=org_id, name=owner) if owner else None


def _sections(connections, kinds: set[str]) -> list[dict]:
    return [_per_language(c, "name") for c in connections or [] if c.get("section_type") in kinds]


def _joined(*texts: dict) -> dict:
    out: dict[str, list[str]] = {}
    for text in texts:
        for lang, value in text.items():
            out.setdefault(lang, []).append(value)
    return {lang: "\n\n".join(parts) for lang, parts in out.items()}


def _add_connections(data: ServiceData, place: LocationData, connections) -> None:
    """A unit's connections (smbackend UnitConnection.SECTION_TYPES): opening hours as the
    register writes them (free text), numbers (not a named person's own), links."""
    for connection in connections or []:
        kind = connection.get("section_type")
        text = _per_language(connection, "name")
        link = next(iter(_per_language(connection, "www").values()), "")
        if kind == "OPENING_HOURS" and text:
            place.schedules.append(schedule_note(text))
        elif kind == "PHONE_OR_EMAIL" and not connection.get("contact_person"):
            number = values.plain(connection.get("phone"))
            if number and number not in place.phones:
                place.phones.append(number)
        if link and kind in LINKS | {"OPENING_HOURS", "PRICE"} and link != data.url:
            data.links.append((link, text))


def _words(text) -> list[str]:
    words = [word.strip() for word in (text or "").split(",") if word.strip()]
    return [word for word in words if not INTERNAL_CODE.match(word)]


CITY_CODES = {"helsinki": "091", "espoo": "049", "vantaa": "092", "kauniainen": "235"}


def _municipality(item: dict) -> str:
    city = (item.get("address_city_fi") or item.get("municipality") or "").strip().lower()
    return CITY_CODES.get(city, "")


def _sentences(sentences) -> dict:
    """The register's accessibility sentences (``sentence_group_fi``, ``sentence_fi`` ...) as
    "group: sentence" lines per language."""
    lines: dict[str, list[str]] = {}
    for sentence in sentences or []:
        if not isinstance(sentence, dict):
            continue
        for lang in LANGUAGES:
            text = values.plain(sentence.get(f"sentence_{lang}"))
            group = values.plain(sentence.get(f"sentence_group_{lang}"))
            if text:
                lines.setdefault(lang, []).append(f"{group}: {text}" if group else text)
    return {lang: "\n".join(texts) for lang, texts in lines.items()}


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
