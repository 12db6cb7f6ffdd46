"""HSDS 3.1 nested JSON for the HSDA API, in one chosen language.

Nesting follows the official compiled schemas (service.json, service_list.json,
organization.json, service_at_location.json, ...). Related rows come from ``prefetch_related``
(see selectors.py); attributes and metadata, which point at any table by id, are collected
while the tree is built and filled in afterwards with one query per round, so a page costs a
fixed number of queries whatever its size.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist

from tarjotin.catalogue import models as m
from tarjotin.catalogue.models.base import TranslatedTextField

from .tables import TABLES_BY_NAME, datetime_to_hsds, value_to_hsds

# Profile extensions (docs/hsds-profile.md) written beside the core fields of these tables.
EXTENSION_FIELDS = {
    "organization": ("organization_type", "publication_status"),
    "service": ("publication_status", "capacity_status"),
    "location": ("municipality_code", "district", "publication_status"),
    "service_area": ("municipality_code",),
    "accessibility": ("profile_shortcomings",),
    "taxonomy": ("code",),
}
PROVENANCE_TABLES = {"organization", "service", "location"}
CHUNK = 900  # stays under SQLite's limit on query parameters


def related(obj, name):
    """A forward reference, or None when it points outside the database."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


class Representer:
    def __init__(self, language: str, extensions: bool = True):
        self.language = language
        self.extensions = extensions
        self._attribute_slots: dict = defaultdict(list)
        self._metadata_slots: dict = defaultdict(list)

    # -- single records --------------------------------------------------------------
    def record(self, table: str, obj, linked: bool = True) -> dict:
        """The record's own HSDS fields (absent values left out), extras and extensions."""
        spec = TABLES_BY_NAME[table]
        out = {}
        for field in spec.fields:
            model_field = spec.model_field(field)
            value = value_to_hsds(model_field, getattr(obj, model_field.attname), self.language)
            if value is not None:
                out[field] = value
        for key, value in obj.extra.items():
            out.setdefault(key, value)
        if self.extensions:
            self._add_extensions(table, obj, out)
        if linked and table not in {"metadata", "meta_table_description"}:
            if table not in {"taxonomy", "taxonomy_term", "attribute"}:
                out["attributes"] = self._slot(self._attribute_slots, obj.pk)
            out["metadata"] = self._slot(self._metadata_slots, obj.pk)
        return out

    def _add_extensions(self, table: str, obj, out: dict) -> None:
        translations = {
            field: getattr(obj, field) for field in obj.translated_fields if getattr(obj, field)
        }
        if translations:
            out["translations"] = translations
        for field in EXTENSION_FIELDS.get(table, ()):
            value = getattr(obj, field)
            if isinstance(obj._meta.get_field(field), TranslatedTextField):
                value = obj.text(field, self.language)
            if value not in (None, "", {}):
                out[field] = value
        if table in PROVENANCE_TABLES:
            out["provenance"] = {
                "source_system": obj.source_system,
                "source_id": obj.source_id or None,
                "fetched_at": obj.fetched_at and datetime_to_hsds(obj.fetched_at),
                "last_verified_at": obj.last_verified_at and datetime_to_hsds(obj.last_verified_at),
            }

    @staticmethod
    def _slot(slots: dict, key) -> list:
        target: list = []
        slots[key].append(target)
        return target

    def many(self, table: str, objs: Iterable, nest=None) -> list[dict]:
        nest = nest or (lambda obj, out: out)
        return [nest(obj, self.record(table, obj)) for obj in sorted(objs, key=lambda o: str(o.pk))]

    # -- nested shapes -----------------------------------------------------------------
    def phone(self, obj, out):
        out["languages"] = self.many("language", obj.languages.all())
        return out

    def contact(self, obj, out):
        out["phones"] = self.many("phone", obj.phones.all(), self.phone)
        return out

    def location(self, obj) -> dict:
        out = self.record("location", obj)
        out["languages"] = self.many("language", obj.languages.all())
        out["addresses"] = self.many("address", obj.addresses.all())
        out["contacts"] = self.many("contact", obj.contacts.all(), self.contact)
        out["accessibility"] = self.many("accessibility", obj.accessibility.all())
        out["phones"] = self.many("phone", obj.phones.all(), self.phone)
        out["schedules"] = self.many("schedule", obj.schedules.all())
        return out

    def service_at_location(self, obj, with_service: bool = False) -> dict:
        out = self.record("service_at_location", obj)
        out["service_areas"] = self.many("service_area", obj.service_areas.all())
        out["contacts"] = self.many("contact", obj.contacts.all(), self.contact)
        out["phones"] = self.many("phone", obj.phones.all(), self.phone)
        out["schedules"] = self.many("schedule", obj.schedules.all())
        location = related(obj, "location")
        if location is not None:
            out["location"] = self.location(location)
        if with_service:
            service = related(obj, "service")
            if service is not None:
                out["service"] = self.service_full(service, with_locations=False)
        return out

    def service_at_location_list(self, obj) -> dict:
        out = self.record("service_at_location", obj, linked=False)
        location = related(obj, "location")
        if location is not None:
            out["location"] = self.record("location", location, linked=False)
        service = related(obj, "service")
        if service is not None:
            out["service"] = self.service_list(service)
        return out

    def organization_full(self, obj, services: str | None = None) -> dict:
        """``services``: None (left out), "list" (one-to-one fields) or "full"."""
        out = self.record("organization", obj)
        out["additional_websites"] = self.many("url", obj.additional_urls.all())
        out["funding"] = self.many("funding", obj.funding.all())
        out["contacts"] = self.many("contact", obj.contacts.all(), self.contact)
        out["phones"] = self.many("phone", obj.phones.all(), self.phone)
        out["locations"] = [self.location(loc) for loc in sorted(obj.locations.all(), key=_key)]
        out["programs"] = self.many("program", obj.programs.all())
        out["organization_identifiers"] = self.many(
            "organization_identifier", obj.organization_identifiers.all()
        )
        if services == "full":
            out["services"] = [self.service_full(s, False) for s in _published(obj.services.all())]
        elif services == "list":
            out["services"] = [self.service_list(s, False) for s in _published(obj.services.all())]
        return out

    def service_list(self, obj, with_organization: bool = True) -> dict:
        out = self.record("service", obj, linked=False)
        organization = related(obj, "organization")
        if with_organization and organization is not None:
            out["organization"] = self.record("organization", organization, linked=False)
        program = related(obj, "program")
        if program is not None:
            out["program"] = self.record("program", program, linked=False)
        return out

    def service_full(self, obj, with_organization=True, with_locations=True) -> dict:
        out = self.record("service", obj)
        out["phones"] = self.many("phone", obj.phones.all(), self.phone)
        out["schedules"] = self.many("schedule", obj.schedules.all())
        out["service_areas"] = self.many("service_area", obj.service_areas.all())
        if with_locations:
            out["service_at_locations"] = [
                self.service_at_location(sal)
                for sal in sorted(obj.service_at_locations.all(), key=_key)
            ]
        out["languages"] = self.many("language", obj.languages.all())
        organization = related(obj, "organization")
        if with_organization and organization is not None:
            out["organization"] = self.organization_full(organization)
        out["funding"] = self.many("funding", obj.funding.all())
        out["cost_options"] = self.many("cost_option", obj.cost_options.all())
        program = related(obj, "program")
        if program is not None:
            out["program"] = self.record("program", program)
        out["required_documents"] = self.many("required_document", obj.required_documents.all())
        out["contacts"] = self.many("contact", obj.contacts.all(), self.contact)
        out["additional_urls"] = self.many("url", obj.additional_urls.all())
        out["capacities"] = self.many("service_capacity", obj.capacities.all(), self.capacity)
        return out

    def capacity(self, obj, out):
        unit = related(obj, "unit")
        if unit is not None:
            out["unit"] = self.record("unit", unit)
        return out

    def taxonomy_term(self, obj) -> dict:
        out = self.record("taxonomy_term", obj)
        if "language" not in out and obj.name:
            out["language"] = self.language if self.language in obj.name else next(iter(obj.name))
        taxonomy = related(obj, "taxonomy_detail")
        if taxonomy is not None:
            out["taxonomy_detail"] = self.record("taxonomy", taxonomy, linked=False)
        return out

    # -- generic links -----------------------------------------------------------------
    def finish(self) -> None:
        """Fill the attributes and metadata of every record represented so far."""
        while self._attribute_slots or self._metadata_slots:
            attribute_slots, self._attribute_slots = self._attribute_slots, defaultdict(list)
            metadata_slots, self._metadata_slots = self._metadata_slots, defaultdict(list)
            self._fill(attribute_slots, m.Attribute, "link_id", self._attribute)
            self._fill(metadata_slots, m.Metadata, "resource_id", self._metadata)

    def _fill(self, slots, model, link_field, build) -> None:
        keys = list(slots)
        for start in range(0, len(keys), CHUNK):
            rows = model.objects.filter(**{f"{link_field}__in": keys[start : start + CHUNK]})
            if model is m.Attribute:
                rows = rows.select_related("taxonomy_term__taxonomy_detail")
            for row in sorted(rows, key=_key):
                built = build(row)
                for target in slots[getattr(row, link_field)]:
                    target.append(built)

    def _attribute(self, row) -> dict:
        out = self.record("attribute", row)
        term = related(row, "taxonomy_term")
        if term is not None:
            out["taxonomy_term"] = self.taxonomy_term(term)
        return out

    def _metadata(self, row) -> dict:
        return self.record("metadata", row, linked=False)


def _key(obj) -> str:
    return str(obj.pk)


def _published(services):
    return sorted(
        (s for s in services if s.publication_status == m.PublicationStatus.PUBLISHED), key=_key
    )
