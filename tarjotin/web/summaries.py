"""What a resident sees of a service at a glance, in their language: the read model of cards.

Result cards, "my list", the print list and the chatbot JSON all show the same facts, so they
are gathered here once: name, organization, categories, where (or remote), cost, languages,
the next meeting, whether it takes participants, and how its places suit an access profile.
Every text remembers the language it is really in, so a page can mark "only in Finnish" and
give the element the right ``lang`` for screen readers.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db.models import Prefetch
from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.catalogue.schedules import Opening, next_opening
from tarjotin.catalogue.selectors import municipality_names
from tarjotin.catalogue.texts import Text, language_name, pick
from tarjotin.search.documents import PROFILES, term_lookup

SUMMARY_CHARS = 170
CARD_KEPT_SECONDS = 600


@dataclass(frozen=True)
class Term:
    code: str
    label: str


@dataclass
class Place:
    id: str
    name: Text | None
    district: Text | None
    municipality: str
    street: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    shortcomings: dict[str, list[str]] = field(default_factory=dict)  # profile -> facts

    def suits(self, profile: str) -> bool | None:
        """True/False when the place was surveyed for this profile; None when not known."""
        if profile not in self.shortcomings:
            return None
        return not self.shortcomings[profile]


@dataclass
class Summary:
    id: str
    name: Text
    organization: Text | None
    summary: Text | None
    categories: list[Term]
    target_groups: list[Term]
    delivery: list[Term]
    cost: list[Term]
    languages: list[str]
    places: list[Place]
    area: list[str]
    next_opening: Opening | None
    capacity: str
    capacity_label: str
    url: str | None
    phone: str | None
    email: str | None
    distance_m: float | None = None
    explanation: dict | None = None  # why it matched, on the professionals' workbench
    version: int | None = None  # when the search index last indexed it (a results page's card)

    @property
    def remote(self) -> bool:
        return any(t.code in {"remote", "hybrid"} for t in self.delivery)

    def access(self, profile: str | None) -> dict | None:
        """How the service's places suit ``profile``: suits / shortcomings / unknown."""
        if not profile or not self.places:
            return None
        verdicts = [place.suits(profile) for place in self.places]
        shortcomings = [fact for p in self.places for fact in p.shortcomings.get(profile, [])]
        if any(v is True for v in verdicts):
            state = "suits"
        elif any(v is False for v in verdicts):
            state = "shortcomings"
        else:
            state = "unknown"
        return {"state": state, "shortcomings": shortcomings}


def summaries(
    service_ids, language: str, now: dt.datetime | None = None, versions: dict | None = None
) -> list[Summary]:
    """Summaries of the published services among ``service_ids``, in that order.

    ``versions`` (id -> when the search index last indexed the service, from the results' hits)
    lets a results page take the cards this process built before: a changed service is indexed
    again and so gets a new key; nothing needs invalidating. A card is kept until its next
    meeting has passed, and at most CARD_KEPT_SECONDS (names of terms and municipalities)."""
    ids = [str(i) for i in service_ids]
    keys = {i: f"card:{language}:{i}:{versions[i]}" for i in ids if versions and versions.get(i)}
    cards = _kept_cards(keys) if now is None else {}
    built = _build([i for i in ids if i not in cards], language, now)
    for i, card in built.items():
        card.version = versions.get(i) if versions else None
    if now is None:
        _keep_cards({keys[i]: card for i, card in built.items() if i in keys})
    cards.update(built)
    return [cards[i] for i in ids if i in cards]


def _build(ids: list[str], language: str, now) -> dict[str, Summary]:
    if not ids:
        return {}
    services = {str(s.id): s for s in _services(ids)}
    terms = term_lookup(list(services))
    return {i: summarize(s, terms.get(s.id, []), language, now) for i, s in services.items()}


def _kept_cards(keys: dict[str, str]) -> dict[str, Summary]:
    found = card_cache().get_many(list(keys.values()))
    now = timezone.now()
    return {
        i: found[key]
        for i, key in keys.items()
        if key in found and not _passed(found[key].next_opening, now)
    }


def _keep_cards(cards: dict[str, Summary]) -> None:
    if cards:
        card_cache().set_many(cards, CARD_KEPT_SECONDS)


def _passed(opening: Opening | None, now: dt.datetime) -> bool:
    return opening is not None and (opening.ends or opening.starts) <= now


def card_cache():
    return caches["local"]


def _services(ids):
    return summary_queryset().filter(id__in=ids)


def summary_queryset():
    """Published services with what a summary reads, prefetched."""
    locations = m.ServiceAtLocation.objects.select_related("location").prefetch_related(
        "schedules", "location__accessibility", "location__addresses"
    )
    return (
        m.Service.objects.filter(publication_status=m.PublicationStatus.PUBLISHED)
        .select_related("organization")
        .prefetch_related(
            "languages",
            "schedules",
            "service_areas",
            "phones",
            Prefetch("service_at_locations", queryset=locations),
        )
    )


def summarize(service, terms, language: str, now=None) -> Summary:
    by_taxonomy: dict[str, list[Term]] = {}
    for taxonomy, term in terms:
        label = term.text("name", language) or term.code
        by_taxonomy.setdefault(taxonomy, []).append(Term(term.code, label))
    names = municipality_names(language)
    schedules = list(service.schedules.all())
    for sal in service.service_at_locations.all():
        schedules += [s for s in sal.schedules.all() if s not in schedules]
    phone = next(iter(service.phones.all()), None)
    return Summary(
        id=str(service.id),
        name=pick(service.name, language) or Text(str(service.id), language, False),
        organization=pick(service.organization.name, language) if service.organization else None,
        summary=_first_sentences(pick(service.description, language)),
        categories=by_taxonomy.get("category", []),
        target_groups=by_taxonomy.get("target_group", []),
        delivery=by_taxonomy.get("delivery", []),
        cost=by_taxonomy.get("cost", []),
        languages=[language_name(lang.code) for lang in service.languages.all() if lang.code],
        places=[
            _place(sal.location, names, language)
            for sal in service.service_at_locations.all()
            if sal.location is not None and sal.location.location_type != "virtual"
        ],
        area=sorted(
            {
                names.get(a.municipality_code, a.municipality_code)
                for a in service.service_areas.all()
            }
            - {""}
        ),
        next_opening=next_opening(schedules, now),
        capacity=service.capacity_status,
        capacity_label=service.get_capacity_status_display() if service.capacity_status else "",
        url=service.url,
        phone=phone.number if phone else None,
        email=service.email,
    )


def _place(location, names: dict, language: str) -> Place:
    address = next(iter(location.addresses.all()), None)
    street = pick(address.address_1, language) if address else None
    shortcomings: dict[str, list[str]] = {}
    for facts in location.accessibility.all():
        for profile, items in (facts.profile_shortcomings or {}).items():
            if profile in PROFILES:
                shortcomings.setdefault(profile, []).extend(items)
    return Place(
        id=str(location.id),
        name=pick(location.name, language),
        district=pick(location.district, language),
        municipality=names.get(location.municipality_code, ""),
        street=street.text if street else "",
        postal_code=address.postal_code if address else "",
        latitude=location.latitude,
        longitude=location.longitude,
        shortcomings=shortcomings,
    )


def _first_sentences(text: Text | None) -> Text | None:
    """The opening of a description, cut at a sentence end near SUMMARY_CHARS."""
    if text is None or len(text.text) <= SUMMARY_CHARS:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text.text)
    out = sentences[0]
    for sentence in sentences[1:]:
        if len(out) + 1 + len(sentence) > SUMMARY_CHARS:
            break
        out += " " + sentence
    if len(out) > SUMMARY_CHARS:
        out = out[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return Text(out, text.lang, text.fallback)
