"""Writing harvested services into the catalogue: stable ids, provenance, idempotent, batched.

* **Ids** are uuid5 of (source, kind, source id), so the same source record always lands on
  the same catalogue record, on every installation.
* **Idempotent**: a record whose content has not changed since the last harvest (its hash in
  ``extra["source_hash"]``) is not written at all, so running a harvest twice changes nothing.
* **Owned by the source**: the fields a source gives are replaced on every change; what the
  catalogue keeps of its own (publication decisions of a withdrawn record, local attributes
  of other link types) is documented in docs/harvesting.md.
* **Batches**: each batch of records is one transaction and each record a savepoint in it, so
  a record the database refuses is quarantined alone and a crash leaves whole batches only.
"""

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import asdict

from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.catalogue.taxonomies import term_id
from tarjotin.search.models import IndexChange
from tarjotin.sources.harvest.records import LocationData, OrganizationData, ServiceData

HARVEST_NAMESPACE = uuid.UUID("0b8f3f52-93c1-4b8e-8d55-3f0e9a1c7d10")
TAXONOMIES = ("category", "target_group", "delivery", "cost")


def record_id(source: str, kind: str, source_id: str) -> uuid.UUID:
    return uuid.uuid5(HARVEST_NAMESPACE, f"{source}:{kind}:{source_id}")


def content_hash(data: ServiceData) -> str:
    raw = json.dumps(asdict(data), sort_keys=True, default=_jsonable, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _jsonable(value):
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


class Writer:
    """Writes one source's services; remembers what it saw for the reconciliation."""

    def __init__(self, source: str, fetched_at: dt.datetime | None = None):
        self.source = source
        self.fetched_at = fetched_at or timezone.now()
        self.seen: set[uuid.UUID] = set()
        self.written = 0
        self.unchanged = 0
        self.withdrawn = 0
        self._organizations: set[uuid.UUID] = set()
        self._current: dict = {}
        self._locations: set[uuid.UUID] = set()

    def prefetch(self, source_ids) -> None:
        """Read the batch's existing services (hash and state) in one query."""
        ids = [record_id(self.source, "service", s) for s in source_ids]
        self._current = {
            s.id: s
            for s in m.Service.objects.filter(id__in=ids).only("extra", "publication_status")
        }

    def write(self, data: ServiceData) -> str:
        """Write one service; returns "written", "unchanged" or "withdrawn"."""
        service_id = record_id(self.source, "service", data.source_id)
        self.seen.add(service_id)
        if service_id in self._current:
            current = self._current[service_id]
        else:
            current = (
                m.Service.objects.filter(id=service_id).only("extra", "publication_status").first()
            )
        if data.withdrawn:  # deleted, cancelled or ended at the source: not in the tray
            if current and current.publication_status == m.PublicationStatus.PUBLISHED:
                self._unpublish([service_id])
                self.withdrawn += 1
            return "withdrawn"
        digest = content_hash(data)
        if (
            current
            and current.extra.get("source_hash") == digest
            and current.publication_status == m.PublicationStatus.PUBLISHED
        ):
            self.unchanged += 1
            return "unchanged"
        organization = self._organization(data.organization)
        service = self._service(service_id, data, organization, digest)
        if current is not None:
            _delete_children(service)
        self._children(service, data)
        IndexChange.objects.create(service_id=service.id)
        self.written += 1
        return "written"

    def unpublish_unseen(self) -> int:
        """After a complete full harvest: this source's services it no longer lists go away."""
        gone = list(
            m.Service.objects.filter(
                source_system=self.source, publication_status=m.PublicationStatus.PUBLISHED
            )
            .exclude(id__in=self.seen)
            .values_list("id", flat=True)
        )
        self._unpublish(gone)
        return len(gone)

    def _unpublish(self, ids) -> None:
        m.Service.objects.filter(id__in=ids).update(
            publication_status=m.PublicationStatus.ARCHIVED, last_modified=timezone.now()
        )
        IndexChange.objects.bulk_create([IndexChange(service_id=i) for i in ids])

    def _provenance(self, source_id: str, modified: dt.datetime | None = None) -> dict:
        return {
            "source_system": self.source,
            "source_id": source_id,
            "fetched_at": self.fetched_at,
            "last_verified_at": modified or self.fetched_at,
        }

    def _organization(self, data: OrganizationData | None) -> m.Organization | None:
        if data is None:
            return None
        organization_id = record_id(self.source, "organization", data.source_id)
        if organization_id in self._organizations:
            return m.Organization(id=organization_id)
        organization, _created = m.Organization.objects.update_or_create(
            id=organization_id,
            defaults={
                "name": data.name,
                "description": data.description,
                "website": data.website or None,
                "email": data.email or None,
                "organization_type": data.organization_type,
                "publication_status": m.PublicationStatus.PUBLISHED,
                **self._provenance(data.source_id),
            },
        )
        if data.business_id:
            m.OrganizationIdentifier.objects.update_or_create(
                id=record_id(self.source, "business-id", data.source_id),
                defaults={
                    "organization": organization,
                    "identifier_scheme": "FI-YTJ",
                    "identifier_type": "Y-tunnus",
                    "identifier": data.business_id,
                },
            )
        self._organizations.add(organization_id)
        return organization

    def _service(self, service_id, data: ServiceData, organization, digest: str) -> m.Service:
        service, _created = m.Service.objects.update_or_create(
            id=service_id,
            defaults={
                "organization": organization,
                "name": data.name,
                "description": data.description,
                "application_process": data.application_process,
                "fees_description": data.fees_description,
                "url": data.url or None,
                "email": data.email or None,
                "status": "active",
                "minimum_age": data.minimum_age,
                "maximum_age": data.maximum_age,
                "last_modified": data.modified or self.fetched_at,
                "publication_status": m.PublicationStatus.PUBLISHED,
                "extra": {"source_hash": digest, "source_keywords": data.keywords},
                **self._provenance(data.source_id, data.modified),
            },
        )
        return service

    def _children(self, service: m.Service, data: ServiceData) -> None:
        rows = []

        def child_id(kind: str, *parts) -> uuid.UUID:
            return record_id(self.source, kind, ":".join([data.source_id, *map(str, parts)]))

        rows += [
            m.Phone(id=child_id("phone", i), service=service, number=number, type="voice")
            for i, number in enumerate(data.phones)
        ]
        rows += [
            m.Language(id=child_id("language", code), service=service, code=code)
            for code in dict.fromkeys(data.languages)
        ]
        rows += [
            m.ServiceArea(
                id=child_id("area", code),
                service=service,
                municipality_code=code,
                name={},
                extent_type="text",
            )  # fmt: skip
            for code in dict.fromkeys(data.area_municipalities)
        ]
        rows += [
            m.Attribute(
                id=child_id("attribute", taxonomy, code),
                link_id=service.id,
                link_entity="service",
                link_type=taxonomy,
                taxonomy_term_id=term_id(taxonomy, code),
            )  # fmt: skip
            for taxonomy in TAXONOMIES
            for code in sorted(getattr(data, _field(taxonomy)))
        ]
        rows += [
            _schedule(child_id("schedule", i), schedule, service=service)
            for i, schedule in enumerate(data.schedules)
        ]
        for place in data.locations:
            location = self._location(place)
            link = m.ServiceAtLocation(
                id=child_id("at", place.source_id), service=service, location=location
            )
            rows.append(link)
            rows += [
                _schedule(
                    child_id("at-schedule", place.source_id, i), schedule, service_at_location=link
                )  # fmt: skip
                for i, schedule in enumerate(place.schedules)
            ]
        for model in (m.Phone, m.Language, m.ServiceArea, m.Attribute, m.ServiceAtLocation,
                      m.Schedule):  # fmt: skip
            batch = [row for row in rows if type(row) is model]
            if batch:
                model.objects.bulk_create(batch)

    def _location(self, data: LocationData) -> m.Location:
        location_id = record_id(self.source, "location", data.source_id)
        if location_id in self._locations:
            return m.Location(id=location_id)
        location, _created = m.Location.objects.update_or_create(
            id=location_id,
            defaults={
                "location_type": "physical",
                "name": data.name,
                "description": data.description,
                "transportation": data.transportation,
                "latitude": data.latitude,
                "longitude": data.longitude,
                "municipality_code": data.municipality_code,
                "publication_status": m.PublicationStatus.PUBLISHED,
                **self._provenance(data.source_id),
            },
        )
        m.Address.objects.filter(location=location).delete()
        m.Accessibility.objects.filter(location=location).delete()
        if data.street or data.postal_code:
            m.Address.objects.create(
                id=record_id(self.source, "address", data.source_id), location=location,
                address_1=data.street, city=data.city, postal_code=data.postal_code,
                state_province="", country="FI", address_type="physical",
            )  # fmt: skip
        if data.accessibility or data.profile_shortcomings:
            m.Accessibility.objects.create(
                id=record_id(self.source, "accessibility", data.source_id),
                location=location, description=data.accessibility,
                profile_shortcomings=data.profile_shortcomings,
            )  # fmt: skip
        self._locations.add(location_id)
        return location


def _field(taxonomy: str) -> str:
    return {"category": "categories", "target_group": "target_groups"}.get(taxonomy, taxonomy)


def _schedule(schedule_id, data, **owner) -> m.Schedule:
    return m.Schedule(
        id=schedule_id, freq=data.freq, byday=data.byday, interval=1, wkst="MO",
        opens_at=data.opens_at, closes_at=data.closes_at, valid_from=data.valid_from,
        valid_to=data.valid_to, description=data.description, **owner,
    )  # fmt: skip


def _delete_children(service: m.Service) -> None:
    """The source's previous children of a changed service; the new ones replace them."""
    links = m.ServiceAtLocation.objects.filter(service=service)
    m.Schedule.objects.filter(service_at_location__in=links).delete()
    for queryset in (
        m.Schedule.objects.filter(service=service),
        links,
        m.Phone.objects.filter(service=service),
        m.Language.objects.filter(service=service),
        m.ServiceArea.objects.filter(service=service),
        m.Attribute.objects.filter(link_id=service.id, link_type__in=TAXONOMIES),
    ):
        queryset.delete()
