"""Read-side queries of the catalogue: what residents and API clients may see, prefetched."""

import datetime as dt
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.catalogue.texts import pick

PHONE = ("languages",)
CONTACT = ("phones__languages",)
LOCATION = (
    "languages",
    "addresses",
    "accessibility",
    "schedules",
    *(f"contacts__{p}" for p in CONTACT),
    *(f"phones__{p}" for p in PHONE),
)
ORGANIZATION = (
    "funding",
    "programs",
    "organization_identifiers",
    "additional_urls",
    *(f"contacts__{p}" for p in CONTACT),
    *(f"phones__{p}" for p in PHONE),
    *(f"locations__{p}" for p in LOCATION),
)
SERVICE_AT_LOCATION = (
    "schedules",
    "service_areas",
    *(f"contacts__{p}" for p in CONTACT),
    *(f"phones__{p}" for p in PHONE),
    *(f"location__{p}" for p in LOCATION),
)
SERVICE = (
    "schedules",
    "service_areas",
    "languages",
    "funding",
    "cost_options",
    "required_documents",
    "additional_urls",
    "capacities__unit",
    *(f"contacts__{p}" for p in CONTACT),
    *(f"phones__{p}" for p in PHONE),
    *(f"service_at_locations__{p}" for p in SERVICE_AT_LOCATION),
)


def published_services() -> QuerySet[m.Service]:
    return m.Service.objects.filter(publication_status=m.PublicationStatus.PUBLISHED)


def published_organizations() -> QuerySet[m.Organization]:
    return m.Organization.objects.filter(publication_status=m.PublicationStatus.PUBLISHED)


def visible_service_at_locations() -> QuerySet[m.ServiceAtLocation]:
    return m.ServiceAtLocation.objects.filter(
        service__publication_status=m.PublicationStatus.PUBLISHED
    ).exclude(location__publication_status__in=_hidden_statuses())


def _hidden_statuses() -> list[str]:
    return [s for s in m.PublicationStatus.values if s != m.PublicationStatus.PUBLISHED]


def with_service_list_relations(services: QuerySet) -> QuerySet:
    return services.select_related("organization", "program")


def with_service_full_relations(services: QuerySet) -> QuerySet:
    organization_paths = [f"organization__{p}" for p in ORGANIZATION]
    return services.select_related("organization", "program").prefetch_related(
        *SERVICE, *organization_paths
    )


def with_organization_full_relations(organizations: QuerySet, services: str | None) -> QuerySet:
    paths = list(ORGANIZATION)
    if services == "full":
        paths.append(
            Prefetch("services", queryset=with_service_full_relations(m.Service.objects.all()))
        )
    elif services == "list":
        paths.append(Prefetch("services", queryset=m.Service.objects.select_related("program")))
    return organizations.prefetch_related(*paths)


def with_service_at_location_full_relations(sals: QuerySet) -> QuerySet:
    service_paths = [f"service__{p}" for p in SERVICE]
    service_org_paths = [f"service__organization__{p}" for p in ORGANIZATION]
    return sals.select_related(
        "location", "service__organization", "service__program"
    ).prefetch_related(*SERVICE_AT_LOCATION, *service_paths, *service_org_paths)


def with_service_at_location_list_relations(sals: QuerySet) -> QuerySet:
    return sals.select_related("location", "service__organization", "service__program")


def text_search(queryset: QuerySet, fields: tuple[str, ...], query: str, languages) -> QuerySet:
    """Substring match in any content language: for organizations and taxonomies, which are few
    and not in the search index (services are searched through tarjotin.search)."""
    condition = Q()
    for field in fields:
        for language in languages:
            condition |= Q(**{f"{field}__{language}__icontains": query})
    return queryset.filter(condition)


def services_with_term(term_ids) -> QuerySet:
    return m.Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=term_ids).values(
        "link_id"
    )


# -- taxonomy terms of the search facets, kept for a minute -----------------------------------
FACET_TAXONOMIES = ("category", "target_group", "delivery", "cost")
TERMS_KEPT_SECONDS = 60
_facet_terms: tuple[float, dict] | None = None  # (read at, terms): replaced whole, never edited


def facet_terms() -> dict[tuple[str, str], m.TaxonomyTerm]:
    """The terms of the taxonomies searched by facet, by (taxonomy code, term code). Every
    search checks its parameters against them and labels its facet counts with them, so they
    are read again only after a change on this node or a minute on (a change on another)."""
    global _facet_terms
    kept = _facet_terms
    if kept is None or time.monotonic() - kept[0] > TERMS_KEPT_SECONDS:
        terms = m.TaxonomyTerm.objects.filter(
            taxonomy_detail__code__in=FACET_TAXONOMIES
        ).select_related("taxonomy_detail")
        kept = (time.monotonic(), {(t.taxonomy_detail.code, t.code): t for t in terms})
        _facet_terms = kept
    return kept[1]


_all_terms: tuple[float, dict] | None = None


def terms_by_id() -> dict:
    """Every taxonomy term by id, with its taxonomy and parent, kept like ``facet_terms``:
    cards, service pages and search documents name a service's terms from it."""
    global _all_terms
    kept = _all_terms
    if kept is None or time.monotonic() - kept[0] > TERMS_KEPT_SECONDS:
        terms = m.TaxonomyTerm.objects.select_related("taxonomy_detail", "parent")
        kept = (time.monotonic(), {t.id: t for t in terms})
        _all_terms = kept
    return kept[1]


def forget_facet_terms(**_kwargs) -> None:
    global _facet_terms, _all_terms
    _facet_terms = _all_terms = None


for _model in (m.Taxonomy, m.TaxonomyTerm):
    for _signal in (post_save, post_delete):
        _signal.connect(forget_facet_terms, sender=_model, weak=False)


# -- names of municipalities, for filters and forms ----------------------------------------
def municipality_names(language: str) -> dict[str, str]:
    """Statistics Finland code -> municipality name, as the service areas in the data give it."""
    key = f"municipality-names:{language}"
    names = cache.get(key)
    if names is None:
        names = {}
        areas = m.ServiceArea.objects.exclude(municipality_code="").values_list(
            "municipality_code", "name"
        )
        for code, name in areas.distinct():
            text = pick(name, language)
            if text and code not in names:
                names[code] = text.text
        cache.set(key, names, 600)
    return names


def may_be_outdated(service: m.Service, now=None) -> bool:
    """Not confirmed by its owner for FRESHNESS_OUTDATED_DAYS: pages say it may be out of date."""
    if service.last_verified_at is None:
        return False
    age = (now or timezone.now()) - service.last_verified_at
    return age > dt.timedelta(days=settings.FRESHNESS_OUTDATED_DAYS)
