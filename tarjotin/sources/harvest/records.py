"""What a harvested source record becomes before it is written: plain data, no database.

Each source module turns its own format into these, so that writing (ids, provenance,
idempotency, unpublishing, quarantine) is done once for all sources. Texts are
``{language: text}``; taxonomy values are the tray's own codes (mapped from the source's
classifications by the data files in ``sources/data/``).
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from tarjotin.catalogue.models.base import web_address


class RecordError(ValueError):
    """The record cannot be imported; the message is the quarantine reason (no personal data)."""


class OutOfScopeError(RecordError):
    """Outside the tray's scope: shown to moderators, who can release the record."""


@dataclass
class OrganizationData:
    source_id: str
    name: dict
    description: dict = field(default_factory=dict)
    business_id: str = ""  # Y-tunnus, when the source gives it
    website: str = ""
    email: str = ""
    organization_type: str = ""


@dataclass
class ScheduleData:
    byday: str  # RRULE BYDAY, e.g. "MO,WE" or "1SA"
    opens_at: str
    closes_at: str
    freq: str = "WEEKLY"
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    description: dict = field(default_factory=dict)
    dtstart: dt.date | None = None  # with until: an exception for these dates only
    until: dt.date | None = None
    notes: dict = field(default_factory=dict)
    attending_type: dict = field(default_factory=dict)  # "Phone": a phone line's hours


def schedule_note(description: dict, **extra) -> ScheduleData:
    """A schedule without a rule or hours: a closure for some dates, or hours as a source
    writes them in words ("Naiset: ma, ke, pe 12-20")."""
    return ScheduleData(byday="", opens_at="", closes_at="", freq="", description=description,
                        **extra)  # fmt: skip


@dataclass
class LocationData:
    source_id: str
    name: dict
    latitude: float | None = None
    longitude: float | None = None
    street: dict = field(default_factory=dict)
    postal_code: str = ""
    city: dict = field(default_factory=dict)
    municipality_code: str = ""
    description: dict = field(default_factory=dict)
    transportation: dict = field(default_factory=dict)
    accessibility: dict = field(default_factory=dict)  # description text per language
    profile_shortcomings: dict = field(default_factory=dict)  # profile -> facts ([] = suits)
    phones: list[str] = field(default_factory=list)
    accessibility_url: str = ""
    schedules: list[ScheduleData] = field(default_factory=list)


@dataclass
class ServiceData:
    source_id: str
    name: dict
    organization: OrganizationData | None = None
    alternate_name: dict = field(default_factory=dict)
    description: dict = field(default_factory=dict)
    eligibility_description: dict = field(default_factory=dict)
    application_process: dict = field(default_factory=dict)
    fees_description: dict = field(default_factory=dict)
    url: str = ""
    links: list[tuple[str, dict]] = field(default_factory=list)  # (address, label) beyond url
    email: str = ""
    phones: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    categories: set[str] = field(default_factory=set)
    target_groups: set[str] = field(default_factory=set)
    delivery: set[str] = field(default_factory=set)
    cost: set[str] = field(default_factory=set)
    minimum_age: float | None = None
    maximum_age: float | None = None
    area_municipalities: list[str] = field(default_factory=list)
    area_names: dict = field(default_factory=dict)  # municipality code -> {language: name}
    locations: list[LocationData] = field(default_factory=list)
    schedules: list[ScheduleData] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # source keywords kept for search
    modified: dt.datetime | None = None
    withdrawn: bool = False  # the source deleted or unpublished it


@dataclass
class SourceRecord:
    """One record as fetched: what to call it in quarantine, and its raw payload."""

    kind: str
    source_id: str
    payload: object


def saved_items(paths: list[Path]):
    """The objects of saved responses: a bare array, or one object, per file."""
    for path in paths:
        body = json.loads(path.read_text("utf-8"))
        yield from body if isinstance(body, list) else [body]


class Source:
    """What every harvester has: its name, and the requests that failed during a run (a run
    with failed requests does not reconcile). Subclasses add ``read_files``, ``fetch`` and
    ``convert``."""

    name = ""

    def __init__(self):
        self.fetch_errors: list[str] = []
        self.released: set[str] = set()  # source ids a moderator released into the scope


MAX_NAME, MAX_TEXT = 500, 30_000  # characters; HSDS names are short, descriptions a page or two
BARE_HOST = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.IGNORECASE)


def checked(data: ServiceData) -> ServiceData:
    """The record as it may be published, or RecordError saying why it may not.

    Sources are other people's systems: a text that is not text, a name of 200,000 characters
    or a ``javascript:`` link is refused whole (quarantined with this reason) rather than half
    published. A web address without a scheme ("www.multia.fi", as LIPAS has many) gets https.
    """
    texts = {"name": (data.name, MAX_NAME), "description": (data.description, MAX_TEXT),
             "alternate_name": (data.alternate_name, MAX_NAME),
             "eligibility_description": (data.eligibility_description, MAX_TEXT),
             "application_process": (data.application_process, MAX_TEXT),
             "fees_description": (data.fees_description, MAX_TEXT)}  # fmt: skip
    for field_name, (value, limit) in texts.items():
        if not isinstance(value, dict) or not all(isinstance(t, str) for t in value.values()):
            raise RecordError(f"{field_name}: not text in languages")
        if any(len(text) > limit for text in value.values()):
            raise RecordError(f"{field_name}: longer than {limit} characters")
    data.url = _web(data.url, "url")
    data.links = [(_web(address, "link"), label) for address, label in data.links]
    for place in data.locations:
        place.accessibility_url = _web(place.accessibility_url, "accessibility address")
    if data.organization is not None:
        data.organization.website = _web(data.organization.website, "organization website")
    return data


def _web(address, field_name: str) -> str:
    if not isinstance(address, str):
        raise RecordError(f"{field_name}: not text")
    address = address.strip()
    if address and BARE_HOST.match(address):
        address = "https://" + address
    try:
        web_address(address)
    except ValidationError:
        raise RecordError(f"{field_name}: only http and https addresses are published") from None
    return address
