"""De-duplication across sources: the same activity from two registries is shown once.

The same swimming hall is in TPR, LIPAS and PTV; an NGO's activity can come from PTV (where
Lähellä.fi forwards long-running activities) and from an HSDS package. Candidates are pairs
from *different* sources that share a place (within ``NEAR_M`` metres), a web address, a
phone number or the organization's business id; each candidate gets a score from the
similarity of the names and those shared facts. A sure pair (``MERGE_AT``) is merged: the
record from the more authoritative source stays, the other is unpublished and points at it
(``extra["duplicate_of"]``), and the kept one lists both provenances
(``extra["also_from"]``). A likely pair (``PROPOSE_AT``) waits in ``DuplicatePair`` for a
person. Harvests keep a merged duplicate unpublished (writer.py).
"""

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.catalogue.geo import distance_m
from tarjotin.search import changes
from tarjotin.sources.models import DuplicatePair

SOURCE_PRIORITY = ("ptv", "tpr", "lipas", "linkedevents", "hsds", "tarjotin")
NEAR_M = 150
MERGE_AT = 0.85
PROPOSE_AT = 0.6
CELL = 0.002  # degrees: about 220 m north-south, 110 m east-west in southern Finland
GENERIC_WORDS = {"ry", "rf", "oy", "ab", "the", "ja", "och", "and"}


@dataclass
class Facts:
    service: m.Service
    names: set[str]
    points: list[tuple[float, float]] = field(default_factory=list)
    urls: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    business_ids: set[str] = field(default_factory=set)


@dataclass
class Report:
    merged: list[DuplicatePair] = field(default_factory=list)
    proposed: list[DuplicatePair] = field(default_factory=list)


def normalize_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    words = re.findall(r"\w+", text)
    return " ".join(w for w in words if w not in GENERIC_WORDS)


def normalize_url(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url.strip().lower())
    host = parts.netloc.removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else ""


def normalize_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number or "")
    return "0" + digits[3:] if digits.startswith("358") else digits


def name_similarity(a: set[str], b: set[str]) -> float:
    """Best similarity of any name of one to any name of the other (all languages)."""
    best = 0.0
    for x in a:
        for y in b:
            if x == y:
                return 1.0
            tokens_x, tokens_y = set(x.split()), set(y.split())
            overlap = len(tokens_x & tokens_y) / max(1, min(len(tokens_x), len(tokens_y)))
            best = max(best, difflib.SequenceMatcher(None, x, y).ratio(), overlap * 0.9)
    return best


def score(a: Facts, b: Facts) -> tuple[float, list[str]]:
    names = name_similarity(a.names, b.names)
    reasons = [f"names {names:.2f}"]
    value = 0.65 * names
    near = min((distance_m(p, q) for p in a.points for q in b.points), default=None)
    if near is not None and near <= NEAR_M:
        value += 0.25 * (1 - near / NEAR_M / 2)
        reasons.append(f"places {near:.0f} m apart")
    for label, shared in (
        ("same web address", a.urls & b.urls),
        ("same phone", a.phones & b.phones),
        ("same business id", a.business_ids & b.business_ids),
    ):
        if shared:
            value += 0.15
            reasons.append(label)
    return min(value, 1.0), reasons


def collect(chunk: int = 1000) -> list[Facts]:
    """Names, places, addresses and ids of every published harvested service."""
    ids = list(
        m.Service.objects.filter(publication_status=m.PublicationStatus.PUBLISHED)
        .exclude(source_system="demo")
        .order_by("id")
        .values_list("id", flat=True)
    )
    out = []
    for start in range(0, len(ids), chunk):  # bounded IN lists for the prefetches
        services = (
            m.Service.objects.filter(id__in=ids[start : start + chunk])
            .select_related("organization")
            .prefetch_related(
                "phones",
                "service_at_locations__location",
                "organization__organization_identifiers",
            )
        )
        out += [_facts(service) for service in services]
    return out


def _facts(service: m.Service) -> Facts:
    facts = Facts(service, {normalize_name(n) for n in service.name.values() if n})
    for link in service.service_at_locations.all():
        location = link.location
        if location is not None and location.latitude is not None:
            facts.points.append((location.latitude, location.longitude))
    facts.urls = {u for u in [normalize_url(service.url)] if u}
    facts.phones = {normalize_phone(p.number) for p in service.phones.all()} - {""}
    if service.organization is not None:
        facts.business_ids = {
            i.identifier
            for i in service.organization.organization_identifiers.all()
            if i.identifier_type == "Y-tunnus"
        }
    return facts


def candidate_pairs(facts: list[Facts]):
    """Pairs from different sources sharing a map cell, a web address or a phone number."""
    buckets: dict = defaultdict(list)
    for index, item in enumerate(facts):
        for lat, lon in item.points:
            cell = (round(lat / CELL), round(lon / CELL))
            for dlat in (-1, 0, 1):
                for dlon in (-1, 0, 1):
                    buckets[("cell", cell[0] + dlat, cell[1] + dlon)].append(index)
        for url in item.urls:
            buckets[("url", url)].append(index)
        for phone in item.phones:
            buckets[("phone", phone)].append(index)
    seen = set()
    for members in buckets.values():
        unique = sorted(set(members))
        for i, first in enumerate(unique):
            for second in unique[i + 1 :]:
                a, b = facts[first], facts[second]
                if a.service.source_system == b.service.source_system:
                    continue
                if (first, second) not in seen:
                    seen.add((first, second))
                    yield a, b


def _rank(service: m.Service) -> int:
    system = service.source_system
    return SOURCE_PRIORITY.index(system) if system in SOURCE_PRIORITY else len(SOURCE_PRIORITY)


def find_duplicates(apply: bool = True) -> Report:
    report = Report()
    decided = set(DuplicatePair.objects.values_list("kept_id", "duplicate_id"))
    for a, b in candidate_pairs(collect()):
        value, reasons = score(a, b)
        if value < PROPOSE_AT:
            continue
        kept, duplicate = sorted((a.service, b.service), key=_rank)
        if (kept.id, duplicate.id) in decided or (duplicate.id, kept.id) in decided:
            continue
        status = DuplicatePair.Status.MERGED if value >= MERGE_AT else DuplicatePair.Status.PROPOSED
        pair = DuplicatePair(kept=kept, duplicate=duplicate, score=round(value, 3),
                             reasons=reasons, status=status)  # fmt: skip
        if apply:
            pair.save()
            if status == DuplicatePair.Status.MERGED:
                merge(kept, duplicate)
        (report.merged if status == DuplicatePair.Status.MERGED else report.proposed).append(pair)
    return report


def merge(kept: m.Service, duplicate: m.Service) -> None:
    """Show ``kept`` only; it carries both provenances, the duplicate points at it."""
    also = [a for a in kept.extra.get("also_from", []) if a.get("service_id") != str(duplicate.id)]
    also.append({"service_id": str(duplicate.id), "source_system": duplicate.source_system,
                 "source_id": duplicate.source_id})  # fmt: skip
    kept.extra = {**kept.extra, "also_from": also}
    kept.save(update_fields=["extra"])
    duplicate.extra = {**duplicate.extra, "duplicate_of": str(kept.id)}
    duplicate.publication_status = m.PublicationStatus.ARCHIVED
    duplicate.save(update_fields=["extra", "publication_status"])
    changes.record([duplicate.id])


def confirm(pair: DuplicatePair, same: bool) -> None:
    """A person's decision on a proposed pair."""
    pair.status = DuplicatePair.Status.MERGED if same else DuplicatePair.Status.REJECTED
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "decided_at"])
    if same:
        merge(pair.kept, pair.duplicate)
