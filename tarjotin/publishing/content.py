"""A service's editable content as one plain dict: what a version stores, a form edits, a
moderator compares, and what publishing writes back to the catalogue."""

from django.db import transaction

from tarjotin.catalogue import models as m
from tarjotin.catalogue.taxonomies import term_id

LANGUAGES = ("fi", "sv", "en")
TEXTS = ("name", "description", "application_process", "eligibility_description",
         "fees_description")  # fmt: skip
PLAIN = ("url", "email", "phone", "capacity_status", "minimum_age", "maximum_age", "location_id")
TAXONOMIES = ("category", "target_group", "delivery", "cost")


def snapshot(service: m.Service) -> dict:
    """The current content of a service, in the shape versions store."""
    codes = {taxonomy: [] for taxonomy in TAXONOMIES}
    for attribute in m.Attribute.objects.filter(
        link_id=service.id, link_type__in=TAXONOMIES
    ).select_related("taxonomy_term"):
        if attribute.taxonomy_term is not None:
            codes[attribute.link_type].append(attribute.taxonomy_term.code)
    link = service.service_at_locations.first() if service.pk else None
    phone = service.phones.first() if service.pk else None
    return {
        **{field: dict(getattr(service, field) or {}) for field in TEXTS},
        "url": service.url or "",
        "email": service.email or "",
        "phone": phone.number if phone else "",
        "capacity_status": service.capacity_status or "",
        "minimum_age": _age(service.minimum_age),
        "maximum_age": _age(service.maximum_age),
        "location_id": str(link.location_id) if link and link.location_id else "",
        **{taxonomy: sorted(values) for taxonomy, values in codes.items()},
        "residence": sorted(
            a.municipality_code for a in service.service_areas.all() if a.municipality_code
        )
        if service.pk
        else [],
        "schedules": [
            {
                "byday": s.byday or "",
                "opens_at": s.opens_at or "",
                "closes_at": s.closes_at or "",
                "valid_from": s.valid_from.isoformat() if s.valid_from else "",
                "valid_to": s.valid_to.isoformat() if s.valid_to else "",
            }
            for s in (service.schedules.all() if service.pk else [])
        ],
    }


def _age(value) -> int | None:
    return int(value) if value is not None else None


@transaction.atomic
def apply(service: m.Service, content: dict) -> None:
    """Write content into the catalogue record (and its phones, terms, areas, schedules)."""
    for field in TEXTS:
        setattr(service, field, {k: v for k, v in content[field].items() if v})
    service.url = content["url"] or None
    service.email = content["email"] or None
    service.capacity_status = content["capacity_status"]
    service.minimum_age = content["minimum_age"]
    service.maximum_age = content["maximum_age"]
    service.save()
    # The service's own save recorded its index change; the children go in one insert each.
    m.Phone.objects.filter(service=service).delete()
    m.Attribute.objects.filter(link_id=service.id, link_type__in=TAXONOMIES).delete()
    m.ServiceArea.objects.filter(service=service).delete()
    m.Schedule.objects.filter(service=service).delete()
    m.ServiceAtLocation.objects.filter(service=service).delete()
    if content["phone"]:
        m.Phone.objects.create(service=service, number=content["phone"], type="voice")
    m.Attribute.objects.bulk_create(
        m.Attribute(link_id=service.id, link_entity="service", link_type=taxonomy,
                    taxonomy_term_id=term_id(taxonomy, code))
        for taxonomy in TAXONOMIES
        for code in content[taxonomy]
    )  # fmt: skip
    m.ServiceArea.objects.bulk_create(
        m.ServiceArea(service=service, municipality_code=code, extent_type="text")
        for code in content["residence"]
    )
    m.Schedule.objects.bulk_create(
        m.Schedule(service=service, freq="WEEKLY", interval=1, wkst="MO", byday=row["byday"],
                   opens_at=row["opens_at"], closes_at=row["closes_at"] or None,
                   valid_from=row["valid_from"] or None, valid_to=row["valid_to"] or None)
        for row in content["schedules"]
    )  # fmt: skip
    if content["location_id"]:
        m.ServiceAtLocation.objects.create(service=service, location_id=content["location_id"])


def diff(old: dict, new: dict) -> list[dict]:
    """What changed, field by field and language by language, for a moderator to read."""
    changes = []
    for field in TEXTS:
        for language in LANGUAGES:
            before, after = old.get(field, {}).get(language, ""), new[field].get(language, "")
            if before != after:
                changes.append({"field": field, "language": language, "old": before, "new": after})
    for field in (*PLAIN, *TAXONOMIES, "residence", "schedules"):
        if old.get(field) != new.get(field):
            changes.append(
                {
                    "field": field,
                    "language": "",
                    "old": _show(old.get(field)),
                    "new": _show(new.get(field)),
                }
            )
    return changes


def _show(value) -> str:
    if isinstance(value, list):
        return "; ".join(
            " ".join(str(v) for v in item.values() if v) if isinstance(item, dict) else str(item)
            for item in value
        )
    return "" if value is None else str(value)
