"""Writing harvested services into the catalogue: stable ids, provenance, idempotent, batched.

* **Ids** are uuid5 of (source, kind, source id), so the same source record always lands on
  the same catalogue record, on every installation.
* **Idempotent**: a record whose content has not changed since the last harvest (its hash in
  ``extra["source_hash"]``) is not written at all, so running a harvest twice changes nothing.
* **Owned by the source**: the fields a source gives are replaced on every change
  (docs/harvesting.md says what the catalogue keeps of its own).
* **Batches**: a batch is written with a few bulk statements (upserts of organizations,
  places and services, then their children). The caller runs it in a savepoint; when the
  database refuses it, the caller writes the batch's records one by one, so that only the
  refused record is quarantined.
"""

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import is_dataclass

from django.db import connection
from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.catalogue.taxonomies import term_id
from tarjotin.search import changes
from tarjotin.sources.harvest.records import LocationData, OrganizationData, ServiceData

HARVEST_NAMESPACE = uuid.UUID("0b8f3f52-93c1-4b8e-8d55-3f0e9a1c7d10")
TAXONOMIES = ("category", "target_group", "delivery", "cost")
ORGANIZATION_FIELDS = ["name", "description", "website", "email", "organization_type",
                       "publication_status", "source_system", "source_id", "fetched_at",
                       "last_verified_at"]  # fmt: skip
LOCATION_FIELDS = ["location_type", "name", "description", "transportation", "latitude",
                   "longitude", "municipality_code", "publication_status", "source_system",
                   "source_id", "fetched_at", "last_verified_at"]  # fmt: skip
SERVICE_FIELDS = ["organization", "name", "alternate_name", "description",
                  "eligibility_description", "application_process",
                  "fees_description", "url", "email", "status", "minimum_age", "maximum_age",
                  "last_modified", "publication_status", "extra", "source_system", "source_id",
                  "fetched_at", "last_verified_at"]  # fmt: skip
CHILD_MODELS = (m.Phone, m.Language, m.ServiceArea, m.Attribute, m.ServiceAtLocation, m.Schedule,
                m.Url)  # fmt: skip


def record_id(source: str, kind: str, source_id: str) -> uuid.UUID:
    return uuid.uuid5(HARVEST_NAMESPACE, f"{source}:{kind}:{source_id}")


def content_hash(data: ServiceData) -> str:
    raw = json.dumps(data, sort_keys=True, default=_jsonable, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _jsonable(value):
    """Nested records by their fields (no copies, unlike dataclasses.asdict), sets sorted."""
    if is_dataclass(value):
        return value.__dict__
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _upsert(model, rows: list, fields: list[str]) -> None:
    if rows:
        model.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["id"], update_fields=fields
        )


class Writer:
    """Writes one source's services; remembers what it saw for the reconciliation."""

    def __init__(self, source: str, fetched_at: dt.datetime | None = None):
        self.source = source
        self.fetched_at = fetched_at or timezone.now()
        self.seen: set[uuid.UUID] = set()
        self._organizations: set[uuid.UUID] = set()
        self._locations: set[uuid.UUID] = set()

    def write(self, data: ServiceData) -> str:
        return self.write_batch([data])[0]

    def write_batch(self, batch: list[ServiceData]) -> list[str]:
        """Write a batch; returns "written", "unchanged" or "withdrawn" for each record."""
        ids = [record_id(self.source, "service", data.source_id) for data in batch]
        self.seen.update(ids)
        current = {
            s.id: s
            for s in m.Service.objects.filter(id__in=ids).only("extra", "publication_status")
        }
        outcomes, changed, gone = [], [], []
        for service_id, data in zip(ids, batch, strict=True):
            existing = current.get(service_id)
            published = existing and existing.publication_status == m.PublicationStatus.PUBLISHED
            merged = existing and "duplicate_of" in existing.extra  # shown through another record
            if data.withdrawn:  # deleted, cancelled or ended at the source: not in the tray
                if published:
                    gone.append(service_id)
                outcomes.append("withdrawn")
                continue
            digest = content_hash(data)
            if (published or merged) and existing.extra.get("source_hash") == digest:
                outcomes.append("unchanged")
                continue
            changed.append((service_id, data, digest, existing))
            outcomes.append("written")
        self._unpublish(gone)
        self._write_changed(changed)
        return outcomes

    def _write_changed(self, changed: list) -> None:
        if not changed:
            return
        self._write_organizations([data.organization for _i, data, _d, _e in changed])
        self._write_locations([place for _i, data, _d, _e in changed for place in data.locations])
        _upsert(m.Service, [self._service_row(*item) for item in changed], SERVICE_FIELDS)
        existing = [service_id for service_id, _data, _digest, was in changed if was is not None]
        if existing:
            _delete_children(existing)
        rows = [
            row for service_id, data, _d, _e in changed for row in self._children(service_id, data)
        ]
        for model in CHILD_MODELS:
            insert_rows(model, [values for kind, values in rows if kind is model])
        changes.record(item[0] for item in changed)

    def unpublish_unseen(self) -> int:
        """After a complete full harvest: this source's services it no longer lists go away."""
        listed = set(
            m.Service.objects.filter(
                source_system=self.source, publication_status=m.PublicationStatus.PUBLISHED
            ).values_list("id", flat=True)
        )
        gone = sorted(listed - self.seen)
        self._unpublish(gone)
        return len(gone)

    def _unpublish(self, ids) -> None:
        ids = list(ids)
        for start in range(0, len(ids), 1000):  # bounded IN lists (SQLite's limit)
            chunk = ids[start : start + 1000]
            m.Service.objects.filter(id__in=chunk).update(
                publication_status=m.PublicationStatus.ARCHIVED, last_modified=timezone.now()
            )
            changes.record(chunk)

    def _provenance(self, source_id: str, modified: dt.datetime | None = None) -> dict:
        return {
            "source_system": self.source,
            "source_id": source_id,
            "fetched_at": self.fetched_at,
            "last_verified_at": modified or self.fetched_at,
        }

    def _write_organizations(self, organizations: list[OrganizationData | None]) -> None:
        rows, identifiers = {}, []
        for data in organizations:
            if data is None:
                continue
            organization_id = record_id(self.source, "organization", data.source_id)
            if organization_id in self._organizations or organization_id in rows:
                continue
            rows[organization_id] = m.Organization(
                id=organization_id, name=data.name, description=data.description,
                website=data.website or None, email=data.email or None,
                organization_type=data.organization_type,
                publication_status=m.PublicationStatus.PUBLISHED,
                **self._provenance(data.source_id),
            )  # fmt: skip
            if data.business_id:
                identifiers.append(
                    m.OrganizationIdentifier(
                        id=record_id(self.source, "business-id", data.source_id),
                        organization_id=organization_id, identifier_scheme="FI-YTJ",
                        identifier_type="Y-tunnus", identifier=data.business_id,
                    )
                )  # fmt: skip
        _upsert(m.Organization, list(rows.values()), ORGANIZATION_FIELDS)
        _upsert(m.OrganizationIdentifier, identifiers, ["organization", "identifier"])
        self._organizations.update(rows)

    def _write_locations(self, places: list[LocationData]) -> None:
        rows, addresses, facts, phones = {}, [], [], []
        for data in places:
            location_id = record_id(self.source, "location", data.source_id)
            if location_id in self._locations or location_id in rows:
                continue
            rows[location_id] = m.Location(
                id=location_id, location_type="physical", name=data.name,
                description=data.description, transportation=data.transportation,
                latitude=data.latitude, longitude=data.longitude,
                municipality_code=data.municipality_code,
                publication_status=m.PublicationStatus.PUBLISHED,
                **self._provenance(data.source_id),
            )  # fmt: skip
            if data.street or data.postal_code:
                addresses.append(m.Address(
                    id=record_id(self.source, "address", data.source_id), location_id=location_id,
                    address_1=data.street, city=data.city, postal_code=data.postal_code,
                    state_province="", country="FI", address_type="physical",
                ))  # fmt: skip
            if data.accessibility or data.profile_shortcomings or data.accessibility_url:
                facts.append(m.Accessibility(
                    id=record_id(self.source, "accessibility", data.source_id),
                    location_id=location_id, description=data.accessibility,
                    profile_shortcomings=data.profile_shortcomings,
                    url=data.accessibility_url or None,
                ))  # fmt: skip
            phones += [
                m.Phone(id=record_id(self.source, "location-phone", f"{data.source_id}:{i}"),
                        location_id=location_id, number=number, type="voice")
                for i, number in enumerate(data.phones)
            ]  # fmt: skip
        _upsert(m.Location, list(rows.values()), LOCATION_FIELDS)
        m.Address.objects.filter(location_id__in=list(rows)).delete()
        m.Accessibility.objects.filter(location_id__in=list(rows)).delete()
        m.Phone.objects.filter(location_id__in=list(rows), service__isnull=True).delete()
        m.Address.objects.bulk_create(addresses)
        m.Accessibility.objects.bulk_create(facts)
        m.Phone.objects.bulk_create(phones)
        self._locations.update(rows)

    def _service_row(self, service_id, data: ServiceData, digest: str, existing) -> m.Service:
        """The source's fields; what the catalogue added itself (merges) is kept."""
        kept = dict(existing.extra) if existing is not None else {}
        merged = "duplicate_of" in kept
        organization_id = (
            record_id(self.source, "organization", data.organization.source_id)
            if data.organization
            else None
        )
        return m.Service(
            id=service_id, organization_id=organization_id, name=data.name,
            alternate_name=data.alternate_name, description=data.description,
            eligibility_description=data.eligibility_description,
            application_process=data.application_process,
            fees_description=data.fees_description, url=data.url or None,
            email=data.email or None, status="active", minimum_age=data.minimum_age,
            maximum_age=data.maximum_age, last_modified=data.modified or self.fetched_at,
            publication_status=m.PublicationStatus.ARCHIVED if merged
            else m.PublicationStatus.PUBLISHED,
            extra={**kept, "source_hash": digest, "source_keywords": data.keywords},
            **self._provenance(data.source_id, data.modified),
        )  # fmt: skip

    def _children(self, service_id, data: ServiceData) -> list[tuple]:
        """(model, field values) of the service's phones, languages, areas, taxonomy terms,
        places and schedules; ids derive from the parent so a rewrite lands on the same rows."""

        def child_id(kind: str, *parts) -> uuid.UUID:
            return record_id(self.source, kind, ":".join([data.source_id, *map(str, parts)]))

        rows = [
            (
                m.Phone,
                {
                    "id": child_id("phone", i),
                    "service_id": service_id,
                    "number": number,
                    "type": "voice",
                },
            )
            for i, number in enumerate(data.phones)
        ]
        rows += [
            (m.Language, {"id": child_id("language", code), "service_id": service_id, "code": code})
            for code in dict.fromkeys(data.languages)
        ]
        rows += [
            (
                m.ServiceArea,
                {
                    "id": child_id("area", code),
                    "service_id": service_id,
                    "municipality_code": code,
                    "name": data.area_names.get(code, {}),
                    "extent_type": "text",
                },
            )
            for code in dict.fromkeys(data.area_municipalities)
        ]
        rows += [
            (
                m.Attribute,
                {
                    "id": child_id("attribute", taxonomy, code),
                    "link_id": service_id,
                    "link_entity": "service",
                    "link_type": taxonomy,
                    "taxonomy_term_id": term_id(taxonomy, code),
                },
            )
            for taxonomy in TAXONOMIES
            for code in sorted(getattr(data, _field(taxonomy)))
        ]
        rows += [
            (m.Url, {"id": child_id("url", i), "service_id": service_id, "url": address,
                     "label": label})
            for i, (address, label) in enumerate(data.links)
        ]  # fmt: skip
        rows += [
            _schedule(child_id("schedule", i), schedule, service_id=service_id)
            for i, schedule in enumerate(data.schedules)
        ]
        for place in data.locations:
            link_id = child_id("at", place.source_id)
            location_id = record_id(self.source, "location", place.source_id)
            rows.append(
                (
                    m.ServiceAtLocation,
                    {"id": link_id, "service_id": service_id, "location_id": location_id},
                )
            )
            rows += [
                _schedule(
                    child_id("at-schedule", place.source_id, i),
                    schedule,
                    service_at_location_id=link_id,
                )
                for i, schedule in enumerate(place.schedules)
            ]
        return rows


def _field(taxonomy: str) -> str:
    return {"category": "categories", "target_group": "target_groups"}.get(taxonomy, taxonomy)


def _schedule(schedule_id, data, **owner) -> tuple:
    return (
        m.Schedule,
        {
            "id": schedule_id,
            "freq": data.freq or None,  # none: a closure or a note, not a recurrence
            "byday": data.byday or None,
            "interval": 1,
            "wkst": "MO",
            "opens_at": data.opens_at or None,
            "closes_at": data.closes_at or None,
            "valid_from": data.valid_from,
            "valid_to": data.valid_to,
            "dtstart": data.dtstart,
            "until": data.until,
            "description": data.description,
            "notes": data.notes,
            "attending_type": data.attending_type,
            **owner,
        },
    )


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT many new rows with executemany: the fields' own conversion to the database
    (UUIDs, JSON), the fields' defaults for what a row leaves out, no model instances.

    Several times faster than bulk_create for the million child rows of a large harvest;
    like bulk_create it sends no signals (the harvester records index changes itself).
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    # a field a row leaves out gets its default, prepared once for the whole batch
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    params = [
        [
            f.get_db_prep_save(row[f.attname], connection)
            if f.attname in row
            else defaults[f.attname]
            for f in fields
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        # names from the model, quoted by the backend; every value is a parameter
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)  # noqa: S608


def _delete_children(service_ids: list) -> None:
    """The source's previous children of changed services; the new ones replace them."""
    links = m.ServiceAtLocation.objects.filter(service_id__in=service_ids)
    m.Schedule.objects.filter(service_at_location__in=links).delete()
    for queryset in (
        m.Schedule.objects.filter(service_id__in=service_ids),
        links,
        m.Phone.objects.filter(service_id__in=service_ids),
        m.Url.objects.filter(service_id__in=service_ids),
        m.Language.objects.filter(service_id__in=service_ids),
        m.ServiceArea.objects.filter(service_id__in=service_ids),
        m.Attribute.objects.filter(link_id__in=service_ids, link_type__in=TAXONOMIES),
    ):
        queryset.delete()
