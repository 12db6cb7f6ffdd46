"""What the search index knows about a service: analyzed texts, facet values, places and times."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.catalogue.schedules import DAY_CODES, meeting_days, rules
from tarjotin.catalogue.selectors import terms_by_id
from tarjotin.search.analysis import analyze, trigrams, words
from tarjotin.search.glossary import concepts_said

LANGUAGES = ("fi", "sv", "en")
NAME_FIELDS = ("name", "alternate_name")
BODY_FIELDS = ("description", "application_process", "eligibility_description", "fees_description")
SLOT_MINUTES = 30
DATED_DAYS = 400  # irregular rules are indexed by date this far ahead; the weekly rebuild renews
PROFILES = ("wheelchair", "rollator", "visual", "hearing")
DAYS = DAY_CODES
DAYPARTS = (
    ("morning", 6 * 60, 12 * 60),
    ("afternoon", 12 * 60, 17 * 60),
    ("evening", 17 * 60, 24 * 60),
)
NO_LOWER_AGE, NO_UPPER_AGE = -1, 999
NO_START, NO_END = 0, 99_999_999
AGE_GROUPS = {"child": 7, "young": 16, "adult": 40, "senior": 70}  # facet label: a typical age
LANGUAGE_BITS = {"fi": 1, "sv": 2, "en": 4}


@dataclass
class ServiceDocument:
    id: str
    texts: dict[str, list[str]] = field(default_factory=dict)  # index field -> terms
    facets: dict[str, set[str]] = field(default_factory=dict)  # facet field -> values
    numbers: dict[str, list] = field(default_factory=dict)  # numeric field -> values
    labels: dict = field(default_factory=dict)  # stored for results: name per language, ...


def service_queryset(ids=None):
    services = m.Service.objects.filter(publication_status=m.PublicationStatus.PUBLISHED)
    if ids is not None:
        services = services.filter(id__in=ids)
    return services.select_related("organization").prefetch_related(
        "languages",
        "service_areas",
        "schedules",
        Prefetch(
            "service_at_locations",
            queryset=m.ServiceAtLocation.objects.select_related("location").prefetch_related(
                "schedules", "location__accessibility", "location__addresses"
            ),
        ),
    )


def documents(service_ids) -> list["ServiceDocument"]:
    """Search documents of these services (the published ones among them)."""
    terms = term_lookup(service_ids)
    return [build_document(s, terms.get(s.id, [])) for s in service_queryset(service_ids)]


def term_lookup(service_ids) -> dict:
    """Taxonomy terms of these services by service id: {service_id: [(taxonomy code, term)]}."""
    terms = terms_by_id()
    attributes = m.Attribute.objects.filter(link_entity="service", link_id__in=service_ids)
    by_service: dict = {}
    for link_id, term_id in attributes.values_list("link_id", "taxonomy_term_id"):
        term = terms.get(term_id)
        if term is not None and term.taxonomy_detail is not None:
            by_service.setdefault(link_id, []).append((term.taxonomy_detail.code, term))
    return by_service


def build_document(service: m.Service, terms: list) -> ServiceDocument:
    doc = ServiceDocument(str(service.id))
    _texts(doc, service, terms)
    _taxonomy_facets(doc, terms)
    _place_facets(doc, service)
    _time_facets(doc, service)
    doc.facets["language"] = {lang.code for lang in service.languages.all() if lang.code} or {"fi"}
    doc.facets["text_language"] = set(service.name)
    doc.facets["status"] = {service.status}
    doc.facets["capacity"] = {service.capacity_status or "unknown"}
    doc.facets["organization"] = (
        {str(service.organization_id)} if service.organization_id else set()
    )
    doc.facets["age_group"] = age_groups(service.minimum_age, service.maximum_age)
    doc.numbers["lang_mask"] = [language_mask(service.name)]
    doc.numbers["min_age"] = [
        int(service.minimum_age) if service.minimum_age is not None else NO_LOWER_AGE
    ]
    doc.numbers["max_age"] = [
        int(service.maximum_age) if service.maximum_age is not None else NO_UPPER_AGE
    ]
    verified = service.last_verified_at or service.last_modified
    doc.numbers["verified_day"] = [verified.date().toordinal()]
    doc.numbers["modified"] = [int(service.last_modified.timestamp())]
    organization = service.organization
    doc.labels = {
        "name": service.name,
        "organization": organization.name if organization else {},
    }
    return doc


def age_groups(minimum, maximum) -> set[str]:
    low = NO_LOWER_AGE if minimum is None else minimum
    high = NO_UPPER_AGE if maximum is None else maximum
    return {label for label, age in AGE_GROUPS.items() if low <= age <= high}


def language_mask(texts: dict) -> int:
    return sum(bit for language, bit in LANGUAGE_BITS.items() if language in texts)


def _texts(doc, service, terms) -> None:
    organization_name = service.organization.name if service.organization else {}
    place_texts = []
    for sal in service.service_at_locations.all():
        location = sal.location
        if location is None:
            continue
        place_texts += list(location.district.values()) + list(location.name.values())
        for address in location.addresses.all():
            place_texts += list(address.city.values())
    place_texts += [n for area in service.service_areas.all() for n in area.name.values()]
    roots, grams, concepts_name, concepts_body = [], set(), [], []
    for lang in LANGUAGES:
        name = " ".join(getattr(service, f).get(lang, "") for f in NAME_FIELDS)
        body = " ".join(
            [
                *(getattr(service, f).get(lang, "") for f in BODY_FIELDS),
                organization_name.get(lang, ""),
                # a source's own search words (TPR synonyms, PTV ontology terms) are Finnish
                *((service.extra or {}).get("source_keywords", []) if lang == "fi" else []),
            ]
        )
        analyzed_name, analyzed_body = analyze(name, lang), analyze(body, lang)
        doc.texts[f"name_{lang}"] = analyzed_name.lemmas()
        doc.texts[f"body_{lang}"] = analyzed_body.lemmas()
        concepts_name += concepts_said(analyzed_name.words, lang)
        categories = " ".join(t.name.get(lang, "") for _code, t in terms)
        concepts_body += concepts_said(
            [*analyzed_body.words, *analyze(categories, lang).words], lang
        )
        if lang == "fi":
            roots += analyzed_name.roots() + analyzed_body.roots()
        grams.update(g for w in words(name) for g in trigrams(w))
    category_text = " ".join(t.name.get(lang, "") for _code, t in terms for lang in LANGUAGES)
    doc.texts["category"] = sorted(
        {t for lang in LANGUAGES for t in analyze(category_text, lang).lemmas()}
    )
    doc.texts["place"] = sorted(
        {t for lang in ("fi", "sv") for t in analyze(" ".join(place_texts), lang).lemmas()}
    )
    doc.texts["roots"] = sorted(set(roots))
    doc.texts["grams"] = sorted(grams)
    doc.texts["concepts_name"] = sorted(set(concepts_name))
    doc.texts["concepts_body"] = sorted(set(concepts_body))


def _taxonomy_facets(doc, terms) -> None:
    for taxonomy in ("category", "target_group", "delivery", "cost"):
        doc.facets[taxonomy] = set()
    for taxonomy, term in terms:
        if taxonomy in doc.facets and term.code:
            doc.facets[taxonomy].add(term.code)
            if term.parent is not None and term.parent.code:
                doc.facets[taxonomy].add(term.parent.code)


def _place_facets(doc, service) -> None:
    municipalities, districts, accessible, latitudes, longitudes = set(), set(), set(), [], []
    for sal in service.service_at_locations.all():
        location = sal.location
        if location is None:
            continue
        if location.municipality_code:
            municipalities.add(location.municipality_code)
        if location.district.get("fi"):
            districts.add(location.district["fi"])
        if location.latitude is not None and location.longitude is not None:
            latitudes.append(location.latitude)
            longitudes.append(location.longitude)
        for facts in location.accessibility.all():
            shortcomings = facts.profile_shortcomings or {}
            accessible |= {p for p in PROFILES if p in shortcomings and not shortcomings[p]}
    areas = {a.municipality_code or "all" for a in service.service_areas.all()} or {"all"}
    doc.facets.update(
        municipality=municipalities | (areas - {"all"}),
        district=districts,
        access_ok=accessible,
        area=areas,
    )
    doc.numbers["lat"], doc.numbers["lon"] = latitudes, longitudes


def _time_facets(doc, service) -> None:
    schedules = list(service.schedules.all())
    for sal in service.service_at_locations.all():
        schedules += [s for s in sal.schedules.all() if s not in schedules]
    slots, days, dayparts, starts, ends = set(), set(), set(), [], []
    for schedule in schedules:
        opens, closes = _minutes(schedule.opens_at), _minutes(schedule.closes_at)
        if opens is None or closes is None:
            continue
        closes = closes if closes > opens else 24 * 60
        weekdays = _meeting_slots(schedule, opens, closes, slots)
        if not weekdays:
            continue
        days |= {DAYS[weekday] for weekday in weekdays}
        dayparts |= {name for name, start, end in DAYPARTS if opens < end and closes > start}
        starts.append(_day_number(schedule.valid_from, NO_START))
        ends.append(_day_number(schedule.valid_to, NO_END))
    doc.facets.update(weekday=days, daypart=dayparts, slot=slots)
    doc.numbers["valid_from"] = [min(starts)] if starts else [NO_START]
    doc.numbers["valid_to"] = [max(ends)] if ends else [NO_END]


def _meeting_slots(schedule, opens: int, closes: int, slots: set) -> set[int]:
    """Adds the schedule's slot terms; returns the weekdays it meets on.

    A plain rule gives weekly ("w:") or nth-weekday ("m2:", "m-1:") terms; any other rule
    (every other week, COUNT, days of the month) gives its dated meetings ("d20270112:") over
    the next DATED_DAYS, so "open at" never counts a fortnightly group as weekly.
    """
    plain = rules(schedule)
    for weekday, nth in plain:
        for slot in _slots(weekday, opens, closes):
            slots.add(f"m{nth}:{slot}" if nth is not None else f"w:{slot}")
    if plain:
        return {weekday for weekday, _ in plain}
    today = timezone.localdate()
    meetings = meeting_days(schedule, today, today + dt.timedelta(days=DATED_DAYS))
    for day in meetings:
        slots.update(f"d{day:%Y%m%d}:{slot}" for slot in _slots(0, opens, closes))
    return {day.weekday() for day in meetings}


def _minutes(value: str | None) -> int | None:
    if not value:
        return None
    try:
        hours, minutes = value[:5].split(":")
        return int(hours) * 60 + int(minutes)
    except ValueError:
        return None


def _slots(day_index: int, opens: int, closes: int) -> range:
    first = (day_index * 24 * 60 + opens) // SLOT_MINUTES
    last = (day_index * 24 * 60 + closes - 1) // SLOT_MINUTES
    return range(first, last + 1)


def _day_number(value: dt.date | None, default: int) -> int:
    return int(value.strftime("%Y%m%d")) if value else default


def slot_at(moment: dt.datetime) -> list[str]:
    """The slot terms a meeting at ``moment`` is indexed under (see ``_meeting_slots``)."""
    minute_of_day = moment.hour * 60 + moment.minute
    slot = (moment.weekday() * 24 * 60 + minute_of_day) // SLOT_MINUTES
    nth = (moment.day - 1) // 7 + 1
    terms = [f"w:{slot}", f"m{nth}:{slot}", f"d{moment:%Y%m%d}:{minute_of_day // SLOT_MINUTES}"]
    if (moment + dt.timedelta(days=7)).month != moment.month:
        terms.append(f"m-1:{slot}")
    return terms
