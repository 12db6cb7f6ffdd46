"""Read side of the resident pages: the service page's facts and its schema.org description."""

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.shortcuts import get_object_or_404

from tarjotin.catalogue import models as m
from tarjotin.catalogue.schedules import describe
from tarjotin.catalogue.texts import pick
from tarjotin.search.documents import term_lookup
from tarjotin.search.engine import search
from tarjotin.search.request import SearchRequest
from tarjotin.web.summaries import Summary, summarize, summary_queryset

CATEGORY_ORDER = ("exercise", "culture", "nature", "lifestyle", "participation",
                  "mental_wellbeing", "advice")  # fmt: skip
TARGET_GROUP_SHORTCUTS = ("older_people", "children_families", "young_people", "immigrants",
                          "disabled", "informal_carers")  # fmt: skip
PAGE_TEXTS = ("description", "application_process", "eligibility_description",
              "fees_description", "wait_time", "interpretation_services", "alert")  # fmt: skip


@dataclass
class ServicePage:
    service: m.Service
    summary: Summary
    texts: dict
    schedules: list[dict]
    places: list[dict]
    contacts: list[dict]
    cost_options: list[dict]
    links: list[str]
    organization_url: str | None


def service_page(service_id, language: str) -> ServicePage:
    service = get_object_or_404(
        summary_queryset().prefetch_related(
            "cost_options",
            "additional_urls",
            "contacts__phones",
            "service_at_locations__location__phones",
        ),
        id=service_id,
    )
    summary = summarize(service, term_lookup([service.id]).get(service.id, []), language)
    places = {p.id: p for p in summary.places}
    return ServicePage(
        service=service,
        summary=summary,
        texts={name: pick(getattr(service, name), language) for name in PAGE_TEXTS},
        schedules=_schedules(service, language),
        places=[
            _place(sal.location, places[str(sal.location_id)], language)
            for sal in service.service_at_locations.all()
            if str(sal.location_id) in places
        ],
        contacts=[
            {
                "name": c.name,
                "title": pick(c.title, language),
                "email": c.email,
                "phones": [p.number for p in c.phones.all()],
            }
            for c in service.contacts.all()
        ],
        cost_options=[
            {
                "option": pick(c.option, language),
                "amount": c.amount,
                "currency": c.currency,
                "unit": pick(c.amount_description, language),
            }
            for c in service.cost_options.all()
        ],
        links=[u.url for u in service.additional_urls.all() if u.url],
        organization_url=service.organization.website if service.organization else None,
    )


def _schedules(service, language: str) -> list[dict]:
    rows, seen = [], set()
    for sal in [None, *service.service_at_locations.all()]:
        schedules = service.schedules.all() if sal is None else sal.schedules.all()
        for schedule in schedules:
            if schedule.id in seen:
                continue
            seen.add(schedule.id)
            where = pick(sal.location.name, language) if sal and sal.location else None
            rows.append(
                {
                    "text": describe(schedule, language),
                    "how": pick(schedule.attending_type, language),
                    "where": where,
                    "valid_from": schedule.valid_from or schedule.dtstart,
                    "valid_to": schedule.valid_to or schedule.until,
                    "notes": pick(schedule.notes, language),
                }
            )
    return rows


def _place(location, summary_place, language: str) -> dict:
    facts = list(location.accessibility.all())
    name = summary_place.name.text if summary_place.name else ""
    journey = None
    if location.latitude is not None and location.longitude is not None:
        label = quote(f"{name}, {summary_place.street}".strip(", "))
        journey = settings.JOURNEY_PLANNER_URL.format(
            name=label, lat=location.latitude, lon=location.longitude
        )
    return {
        "place": summary_place,
        "transportation": pick(location.transportation, language),
        "accessibility": [pick(f.description, language) for f in facts],
        "accessibility_details": [pick(f.details, language) for f in facts],
        "accessibility_urls": [f.url for f in facts if f.url],
        "phones": [p.number for p in location.phones.all()],
        "journey_url": journey,
    }


def json_ld(page: ServicePage, page_url: str) -> dict:
    """schema.org description of the service, for search engines and other readers."""
    summary = page.summary
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": page_url,
        "url": page_url,
        "name": summary.name.text,
        "inLanguage": summary.name.lang,
    }
    if page.texts["description"]:
        data["description"] = page.texts["description"].text
    if summary.organization:
        data["provider"] = {"@type": "Organization", "name": summary.organization.text}
        if page.organization_url:
            data["provider"]["url"] = page.organization_url
    if summary.categories:
        data["category"] = [t.label for t in summary.categories]
    if summary.target_groups:
        data["audience"] = [
            {"@type": "Audience", "audienceType": t.label} for t in summary.target_groups
        ]
    if summary.area:
        data["areaServed"] = [{"@type": "City", "name": name} for name in summary.area]
    channels = [_channel(p["place"]) for p in page.places]
    if summary.url:
        channels.append({"@type": "ServiceChannel", "serviceUrl": summary.url})
    if channels:
        data["availableChannel"] = channels
    if any(t.code == "free" for t in summary.cost):
        data["isAccessibleForFree"] = True
    return data


def _channel(place) -> dict:
    location = {"@type": "Place", "name": place.name.text if place.name else ""}
    if place.street:
        location["address"] = {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postal_code,
            "addressLocality": place.municipality,
            "addressCountry": "FI",
        }
    if place.latitude is not None:
        location["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
    return {"@type": "ServiceChannel", "serviceLocation": location}


def front_page(language: str) -> dict:
    """Entry points with counts: the THL categories, target-group shortcuts, remote services."""
    result = search(SearchRequest(language=language, limit=1))
    counts = {name: dict(values) for name, values in result.facets.items()}
    terms = {
        (t.taxonomy_detail.code, t.code): t
        for t in m.TaxonomyTerm.objects.filter(
            taxonomy_detail__code__in=("category", "target_group")
        ).select_related("taxonomy_detail")
    }

    def entries(taxonomy, codes):
        return [
            {"code": code, "term": terms[(taxonomy, code)], "count": counts[taxonomy].get(code, 0)}
            for code in codes
            if (taxonomy, code) in terms
        ]

    return {
        "total": result.total,
        "categories": entries("category", CATEGORY_ORDER),
        "target_groups": entries("target_group", TARGET_GROUP_SHORTCUTS),
        "remote": search(
            SearchRequest(filters={"delivery": {"remote", "hybrid"}}, limit=1, facets=False)
        ).total,
    }


def top_categories() -> list[m.TaxonomyTerm]:
    terms = {
        t.code: t
        for t in m.TaxonomyTerm.objects.filter(
            taxonomy_detail__code="category", parent__isnull=True
        )
    }
    return [terms[code] for code in CATEGORY_ORDER if code in terms]
