"""Searching the index: a request's best results, their number, facets and explanations.

All the query's words must match, falling back to any word when that finds nothing (how a word
matches: textquery.py). The ranking search runs on the calling thread while the facet counts,
which also give the number of results, run beside it on the other cores (facets.py). The best
BM25 candidates are re-ranked by the user's language, freshness and distance. Results near a
point come nearest first from rings around it, each read whole and sorted by exact distance,
until one holds the page. A circle is found through the map cells that cover it (geo.py), and
the results in its edge cells are checked by distance, so that its results, and their number,
are exact (but for an estimate beyond EDGE_READ results in the edge cells); its facet counts
are those of the cover.
"""

import json
import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import tantivy
from django.utils import timezone

from tarjotin.search import facets as facet_counts
from tarjotin.search import filters, glossary
from tarjotin.search.documents import LANGUAGE_BITS
from tarjotin.search.geo import distances_m
from tarjotin.search.index import SCHEMA, current_index
from tarjotin.search.request import SearchRequest
from tarjotin.search.textquery import WordQuery, word_clause, word_queries

Occur = tantivy.Occur
RERANK_DEPTH = 200  # BM25 candidates re-ranked by language, freshness and distance
FIRST_RING_M = 1_000
MAX_RINGS = 12
SMALLEST_RING_M = 50
WIDEST_RING_M = 1_500_000  # all of Finland from anywhere in it
RING_READ = 2_000  # results a ring is read with at once
EDGE_READ = 2_000  # results in a circle's edge cells checked one by one


@dataclass
class Hit:
    id: str
    score: float
    labels: dict
    distance_m: float | None = None
    explanation: dict | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    matched_all_words: bool = True
    total_exact: bool = True  # False: estimated near a circle's edge (see _outside)


# -- search ---------------------------------------------------------------------------------
class Row(NamedTuple):
    address: tantivy.DocAddress
    score: float
    distance: float | None


def search(request: SearchRequest, searcher: tantivy.Searcher | None = None) -> SearchResult:
    searcher = searcher or current_index().searcher()
    words = word_queries(request.text, request.language, searcher) if request.text.strip() else []
    conditions = filters.conditions(request)
    result = _search(searcher, request, conditions, words, Occur.Must)
    if result.total == 0 and len(words) > 1:
        result = _search(searcher, request, conditions, words, Occur.Should)
        result.matched_all_words = False
    return result


def _search(searcher, request, conditions, words, occur) -> SearchResult:
    text_query = (
        tantivy.Query.boolean_query([(occur, word_clause(w)) for w in words]) if words else None
    )
    may_retry = occur == Occur.Must and len(words) > 1  # with any word, if all find nothing
    counting = None
    if request.facets:
        counting = _start_counts(searcher, conditions, text_query, wait=may_retry)
    need = request.offset + request.limit
    if _by_access(request):
        rows, counted = _suiting_first(searcher, text_query, conditions, request, need)
    else:
        rows, counted = _ordered(
            searcher, text_query, conditions, [], request, need, count=counting is None
        )
    if may_retry and not rows:
        return SearchResult(0, [])  # the facets are not wanted: the caller tries any word
    if counting is not None:
        counting.count_facets_in_use()
    hits = [_hit(searcher, row) for row in rows[request.offset : need]]
    if request.explain:
        for hit in hits:
            hit.explanation = explain(hit, words, request, searcher)
    outside, exact = _outside(searcher, text_query, conditions)  # this thread is free now
    facets, total = _finish_counts(counting) if counting is not None else ({}, None)
    if total is None:
        query = filters.combine(text_query, conditions.clauses())
        total = counted if counted is not None else _count(searcher, query)
    return SearchResult(total - outside, hits, facets, total_exact=exact)


def _start_counts(searcher, conditions, text_query, wait: bool) -> facet_counts.Counting:
    """The facet passes, with the open-now count, to run beside the ranking."""
    return facet_counts.start(
        searcher,
        lambda skip: filters.combine(text_query, conditions.clauses(skip)),
        {name for name, _clause in conditions.by_facet},
        {"open_now": filters.open_at_text(timezone.now())},
        wait=wait,
    )


def _finish_counts(counting) -> tuple[dict, int | None]:
    facets, total, also = facet_counts.finish(counting)
    facets["age"] = facets.pop("age_group")
    facets["open_now"] = [("true", also["open_now"])]
    return facets, total


def _count(searcher, query) -> int:
    return searcher.search(query, 1, count=True).count


def _outside(searcher, text_query, conditions) -> tuple[int, bool]:
    """How many results lie in the edge cells of the request's circle but outside it, and
    whether that is exact: it is while the edge cells hold at most EDGE_READ results, each
    checked by distance. Beyond that (tens of thousands of results), the share outside is
    measured on EDGE_READ of them and the rest estimated from it."""
    circle = conditions.circle
    if circle is None or circle.edge_clause is None:
        return 0, True
    words = tantivy.Query.const_score_query(text_query, 0.0) if text_query is not None else None
    edge = filters.combine(words, [*conditions.clauses(circles=False), circle.edge_clause])
    result = searcher.search(edge, EDGE_READ, count=True)
    if not result.hits:
        return 0, True
    distances = _distances(searcher, [address for _score, address in result.hits], circle.point)
    outside = int(np.count_nonzero(~(distances <= circle.radius_m)))
    if result.count <= len(result.hits):
        return outside, True
    return round(outside * result.count / len(result.hits)), False


def _by_access(request: SearchRequest) -> bool:
    return request.sort == "access" and request.access_profile is not None


def _suiting_first(searcher, text_query, conditions, request, need):
    """Places that suit the user's access profile first, then the rest, each in the request's
    order: the second group is read only as far as the page reaches into it."""
    suits = filters.terms("access_ok", {request.access_profile})
    first, _ = _ordered(searcher, text_query, conditions, [suits], request, need)
    if len(first) >= need:
        return first, None
    others = tantivy.Query.boolean_query(
        [(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, suits)]
    )
    rest, _ = _ordered(searcher, text_query, conditions, [others], request, need - len(first))
    return first + rest, None


def _ordered(searcher, text_query, conditions, extra: list, request, need: int, count=False):
    """The first ``need`` results (with ``extra`` conditions) in the request's order, fewer
    only if there are no more, and their number if ``count`` and reading them counted it."""
    if request.point is not None and (request.sort == "distance" or text_query is None):
        clauses = [*conditions.clauses(circles=False), *extra]
        return _nearest(searcher, text_query, clauses, conditions.circle, request, need)
    query = filters.combine(text_query, [*conditions.clauses(), *extra])
    return _best(searcher, query, request, text_query, need, count)


def _best(searcher, query, request, text_query, need: int, count: bool):
    """By relevance (re-ranked BM25 candidates), or the most recently checked without words."""
    has_text = text_query is not None
    depth = max(need, RERANK_DEPTH) if has_text else need
    order = {} if has_text else {"order_by_field": "verified_day"}
    counted = None
    while True:
        result = searcher.search(query, depth, count=count and counted is None, **order)
        counted = result.count if counted is None else counted
        rows = _rows(searcher, result.hits, request, "score" if has_text else "read", need)
        if len(rows) >= need or len(result.hits) < depth:
            return rows, counted
        depth *= 2  # a circle's edge took some: read deeper


def _nearest(searcher, text_query, clauses, circle, request, need):
    """Nearest first. A few results are read whole and sorted by exact distance; many are read
    in rings around the point, the first sized from their density, halved while too full to
    read and doubled while too empty, until one holds ``need`` (all beyond a ring lie farther).
    Results without a place come last."""
    query = filters.combine(text_query, [*clauses, *([circle.clause] if circle else [])])
    read = max(RING_READ, 8 * need)
    widest = circle.radius_m if circle is not None else WIDEST_RING_M
    radius = FIRST_RING_M if circle is None else widest / 4
    if text_query is not None:  # words: usually few results, read at once
        first = searcher.search(query, read, count=True)
        if first.count <= read:
            rows = _rows(searcher, first.hits, request, "distance", need)
            return rows, first.count if circle is None else None
        if circle is not None:  # as wide as should hold some four pages at this density
            radius = widest * math.sqrt(max(4 * need, 100) / first.count)
    low, high = 0.0, None  # low holds too few; high is too full to read
    for _attempt in range(MAX_RINGS):
        radius = min(widest, max(SMALLEST_RING_M, radius))
        ring_query = filters.combine(text_query, [*clauses, _ring(request.point, radius)])
        hits = searcher.search(ring_query, read, count=False).hits
        if len(hits) == read and radius > SMALLEST_RING_M:
            high = radius
        else:
            if len(hits) == read:  # thousands within a few metres: read them all
                hits = searcher.search(ring_query, _count(searcher, ring_query)).hits
            rows = _rows(searcher, hits, request, "distance", need, within=radius)
            if len(rows) >= need or radius >= widest:
                if circle is None:
                    rows += _without_place(searcher, query, need - len(rows))
                return rows, None
            low = radius
        radius = (low + high) / 2 if high is not None else radius * 2
    last = high or widest  # the rings did not settle (a cliff in density): read one whole
    ring_query = filters.combine(text_query, [*clauses, _ring(request.point, last)])
    hits = searcher.search(ring_query, _count(searcher, ring_query)).hits
    return _rows(searcher, hits, request, "distance", need, within=last), None


def _ring(point, radius_m: float) -> tantivy.Query:
    return filters.Area.circle(point, radius_m).clause


def _without_place(searcher, query, count: int) -> list[Row]:
    """Results that have no place (remote services), newest first: after every placed one."""
    if count <= 0:
        return []
    placeless = tantivy.Query.boolean_query(
        [(Occur.Must, query), (Occur.MustNot, tantivy.Query.exists_query("lat"))]
    )
    hits = searcher.search(placeless, count, order_by_field="verified_day").hits
    return [Row(address, 0.0, None) for _score, address in hits]


def _rows(searcher, hits, request, order: str, need: int, within: float | None = None):
    """The first ``need`` hits in ``order`` ("score": re-ranked by language, freshness and
    distance; "distance": nearest first, those without a place last; "read": as read), left
    out those beyond the request's radius or ``within`` metres. Read from fast fields only;
    only the page becomes rows."""
    if not hits:
        return []
    addresses = [address for _score, address in hits]
    distances = _distances(searcher, addresses, request.point)
    scores = np.array([score for score, _address in hits], dtype=float)
    if order == "score":
        scores *= _rank_factors(searcher, addresses, request.language, distances)
    else:
        scores[:] = 0.0
    kept = np.arange(len(hits))
    radius = min((r for r in (request.radius_m, within) if r), default=None)
    if distances is not None and radius is not None:
        kept = np.flatnonzero(distances <= radius)
    if order == "score":
        kept = kept[np.argsort(-scores[kept], kind="stable")]
    elif order == "distance" and distances is not None:
        kept = kept[np.argsort(np.nan_to_num(distances[kept], nan=np.inf), kind="stable")]
    return [Row(addresses[i], float(scores[i]), _metres(distances, i)) for i in kept[:need]]


def _metres(distances, i: int) -> float | None:
    if distances is None or math.isnan(distances[i]):
        return None
    return float(distances[i])


def _distances(searcher, addresses, point) -> np.ndarray | None:
    """Distance from ``point`` to each service's nearest place (NaN: none): the first place
    from fast fields, the others, for the few services with several, from the stored labels."""
    if point is None:
        return None
    latitudes = searcher.fast_field_values("lat", addresses)
    longitudes = searcher.fast_field_values("lon", addresses)
    distances = distances_m(point, latitudes, longitudes)
    places = np.array(searcher.fast_field_values("places", addresses), dtype=float)
    for i in np.flatnonzero(places > 1):
        stored = json.loads(searcher.doc(addresses[i])["labels"][0]).get("places", [])
        if stored:
            distances[i] = distances_m(point, *zip(*stored, strict=True)).min()
    return distances


def _rank_factors(searcher, addresses, language: str, distances) -> np.ndarray:
    """The user's language, a recent check and a short distance weigh a result up."""
    masks = np.array(searcher.fast_field_values("lang_mask", addresses), dtype=float)
    verified = np.array(searcher.fast_field_values("verified_day", addresses), dtype=float)
    age_days = timezone.now().date().toordinal() - np.nan_to_num(verified)
    in_language = (np.nan_to_num(masks).astype(np.int64) & LANGUAGE_BITS.get(language, 0)) > 0
    factors = np.where(in_language, 1.0, 0.8)
    factors *= np.select([age_days <= 180, age_days <= 365], [1.0, 0.9], 0.75)
    if distances is not None:
        factors *= np.where(np.isnan(distances), 1.0, 0.5 + 0.5 / (1 + distances / 3000))
    return factors


def _hit(searcher, row: Row) -> Hit:
    doc = searcher.doc(row.address)
    return Hit(doc["id"][0], row.score, json.loads(doc["labels"][0]), row.distance)


# -- explanations ---------------------------------------------------------------------------
FIELD_LABELS = {
    "name": "name",
    "body": "description",
    "concepts_name": "name",
    "concepts_body": "description",
    "category": "category or target group",
    "place": "place",
    "roots": "word root",
}


def explain(hit: Hit, words: list[WordQuery], request: SearchRequest, searcher) -> dict:
    """Which query word matched which field of this service, through which term, and the factors."""
    stored = _stored_terms(searcher, hit.id)
    return {
        "words": [{"word": word.word, "matches": _word_matches(word, stored)} for word in words],
        "score": round(hit.score, 3),
        "in_your_language": request.language in hit.labels.get("name", {}),
        "distance_m": round(hit.distance_m) if hit.distance_m is not None else None,
    }


def _word_matches(word: WordQuery, stored: dict[str, set[str]]) -> list[dict]:
    found = _matches_of(word, stored)
    for translated in word.translated.values():
        found += _matches_of(translated, stored)
    if not found and word.extra:
        found.append({"via": "spelling (fuzzy or trigram match)"})
    return found


def _matches_of(word: WordQuery, stored: dict[str, set[str]]) -> list[dict]:
    searched = {field_name: set(terms) for field_name, terms in word.terms.items()}
    for field_name in ("name_fi", "body_fi"):
        searched[field_name] = searched.get(field_name, set()) | word.parts
    found = []
    for field_name, terms in searched.items():
        kind = (
            field_name.rsplit("_", 1)[0]
            if field_name.startswith(("name_", "body_"))
            else field_name
        )
        language = field_name[-2:] if field_name.startswith(("name_", "body_")) else None
        for term in sorted(terms & stored.get(field_name, set())):
            shown, lang = term, language
            if field_name.startswith("concepts_"):  # "c42_fi": the concept's Finnish word
                shown, lang = glossary.label(term), term[-2:]
            found.append(
                {"field": FIELD_LABELS.get(kind, kind), "language": lang, "term": shown,
                 "via": word.how.get(term, "lemma")}
            )  # fmt: skip
    return found


def _stored_terms(searcher, service_id: str) -> dict[str, set[str]]:
    result = searcher.search(tantivy.Query.term_query(SCHEMA, "id", service_id), 1)
    if not result.hits:
        return {}
    doc = searcher.doc(result.hits[0][1]).to_dict()
    return {
        name: set(" ".join(values).split())
        for name, values in doc.items()
        if name not in {"id", "labels"}
    }


def ranked_ids(text: str, language: str, cap: int = 10_000) -> list[str]:
    """Ids of the services matching ``text``, best first (the HSDA ``search`` parameter)."""
    result = search(SearchRequest(text=text, language=language, limit=cap, facets=False))
    return [hit.id for hit in result.hits]
