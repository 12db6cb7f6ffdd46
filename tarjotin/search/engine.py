"""Searching the index: query building, filters, facet counts, ranking and explanations.

A query word must match (all words, falling back to any word when that finds nothing); it
matches through its lemmas in the service's name (weighted most), its categories and target
groups, its place names and its description, in every language, the user's language weighted
up; through Finnish roots, synonyms, and, for words Voikko does not know, spelling
suggestions, fuzzy terms and character trigrams. The best BM25 candidates are then re-ranked
by the user's language, freshness and distance, and each hit can say why it matched.
"""

import datetime as dt
import json
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import tantivy
from django.utils import timezone

from tarjotin.catalogue.geo import EARTH_RADIUS_M
from tarjotin.search import analysis
from tarjotin.search.documents import LANGUAGE_BITS, LANGUAGES, slot_at
from tarjotin.search.index import SCHEMA, current_index, geo_cells
from tarjotin.search.synonyms import expand

Occur = tantivy.Occur
FACETS = (
    "age_group",
    "capacity",
    "category",
    "target_group",
    "delivery",
    "cost",
    "language",
    "municipality",
    "district",
    "access_ok",
    "weekday",
    "daypart",
    "area",
)
FILTERABLE = (*FACETS, "organization", "status")
RERANK_DEPTH = 200
# Facet counting runs beside ranking on this node's cores (see start_facet_counts).
_POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="facets")
MAX_CANDIDATES = 20_000
WEIGHTS = {
    "prefix": 1.5,
    "part": 1.0,
    "one_part": 0.25,
    "name": 3.0,
    "category": 2.0,
    "place": 1.5,
    "body": 1.0,
    "root": 0.6,
    "synonym": 0.8,
    "suggestion": 0.5,
    "fuzzy": 0.6,
    "trigram": 0.15,
    "other_language": 0.5,
}


@dataclass
class SearchRequest:
    text: str = ""
    language: str = "fi"
    filters: dict[str, set[str]] = field(default_factory=dict)
    age: int | None = None
    residence: str | None = None
    open_at: dt.datetime | None = None
    point: tuple[float, float] | None = None
    radius_m: float | None = None
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    modified_after: dt.datetime | None = None
    sort: str = "relevance"  # or "distance", or "access" (suits access_profile first)
    access_profile: str | None = None  # wheelchair, rollator, visual or hearing
    offset: int = 0
    limit: int = 20
    explain: bool = False
    facets: bool = True
    only_ids: frozenset[str] | None = None  # e.g. the services that accept referrals


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


# -- text -----------------------------------------------------------------------------------
@dataclass
class WordQuery:
    word: str
    terms: dict[str, dict[str, float]]  # field -> term -> weight
    how: dict[str, str]  # term -> how it was found (lemma, root, synonym, suggestion)
    extra: list = field(default_factory=list)  # compound-part, fuzzy and trigram queries
    parts: set = field(default_factory=set)  # compound parts, for explanations


def word_queries(text: str, language: str) -> list[WordQuery]:
    stop = analysis.STOPWORDS.get(language, set())
    queries = []
    for word in analysis.words(text)[:12]:
        if word in stop:
            continue
        query = WordQuery(word, {}, {})
        for lang in LANGUAGES:
            _add_language(query, word, lang, 1.0 if lang == language else WEIGHTS["other_language"])
        if query.terms:
            queries.append(query)
    return queries


def _add(query: WordQuery, field_name: str, term: str, weight: float, how: str) -> None:
    bucket = query.terms.setdefault(field_name, {})
    if weight > bucket.get(term, 0):
        bucket[term] = weight
        query.how.setdefault(term, how)


def _add_language(query: WordQuery, word: str, lang: str, factor: float) -> None:
    analyzed = analysis.finnish_word(word) if lang == "fi" else analysis.stemmed_word(word, lang)
    lemmas = set(analyzed.lemmas)
    for term in lemmas:
        _add(query, f"name_{lang}", term, WEIGHTS["name"] * factor, "lemma")
        _add(query, f"body_{lang}", term, WEIGHTS["body"] * factor, "lemma")
        _add(query, "category", term, WEIGHTS["category"] * factor, "lemma")
        _add(query, "place", term, WEIGHTS["place"] * factor, "lemma")
    if analyzed.heads and len(analyzed.heads) > 1:
        # All parts together weigh much. One part alone weighs a little, and only a modifier:
        # "lintuharrastus" may find "lintu", but "sururyhmä" must not find every "ryhmä".
        query.extra.append(_all_parts_clause(analyzed.heads, lang, factor))
        query.parts.update(t for head in analyzed.heads for t in head)
        for term in query.parts:
            query.how.setdefault(term, "compound part")
        for term in {t for head in analyzed.heads[:-1] for t in head}:
            for field_name, weight in ((f"name_{lang}", WEIGHTS["name"]), (f"body_{lang}", 1.0)):
                _add(
                    query, field_name, term, weight * WEIGHTS["one_part"] * factor, "compound part"
                )
    if not (analyzed.heads and len(analyzed.heads) > 1):  # a compound's parts' roots mislead
        for term in analyzed.roots:
            _add(query, "roots", term, WEIGHTS["root"] * factor, "root")
    for term in expand(lemmas | set(analyzed.roots), lang):
        for field_name in (f"name_{lang}", "category"):
            _add(
                query,
                field_name,
                term,
                WEIGHTS["synonym"] * WEIGHTS["name"] * factor,
                "synonym",
            )
        _add(query, f"body_{lang}", term, WEIGHTS["synonym"] * factor, "synonym")
    if lang == "fi" and not analyzed.known and len(word) >= 4 and factor == 1.0:
        _add_unknown_word(query, word)
    if lang != "fi" and factor == 1.0:
        for stem in lemmas:
            _add_prefix(query, stem, lang, factor)


def _all_parts_clause(heads, lang: str, factor: float) -> tantivy.Query:
    """Every part of a compound somewhere in the text: "stressinhallinta" ~ "stressin hallinta"."""
    fields = ((f"name_{lang}", WEIGHTS["name"]), (f"body_{lang}", WEIGHTS["body"]))
    musts = []
    for alternatives in heads:
        shoulds = [
            (Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(SCHEMA, f, t), w))
            for t in alternatives
            for f, w in fields
        ]
        musts.append((Occur.Must, tantivy.Query.boolean_query(shoulds)))
    return tantivy.Query.boost_query(tantivy.Query.boolean_query(musts), WEIGHTS["part"] * factor)


def _add_prefix(query: WordQuery, stem: str, lang: str, factor: float) -> None:
    """Swedish and English compounds are not split: a stem also matches as a word's beginning."""
    if len(stem) >= 5 and stem.isalpha():
        prefix = tantivy.Query.regex_query(SCHEMA, f"name_{lang}", f"{stem}.+")
        query.extra.append(tantivy.Query.boost_query(prefix, WEIGHTS["prefix"] * factor))


def _add_unknown_word(query: WordQuery, word: str) -> None:
    """A name or a typo: spelling suggestions, fuzzy terms and trigrams of the name fields."""
    for suggestion in analysis.suggestions(word):
        for term in analysis.finnish_word(suggestion).lemmas[:1]:
            _add(query, "name_fi", term, WEIGHTS["suggestion"] * WEIGHTS["name"], "suggestion")
            _add(query, "body_fi", term, WEIGHTS["suggestion"], "suggestion")
    distance = 1 if len(word) <= 5 else 2
    for field_name in ("name_fi", "name_sv", "name_en"):
        fuzzy = tantivy.Query.fuzzy_term_query(SCHEMA, field_name, word, distance=distance)
        query.extra.append(tantivy.Query.boost_query(fuzzy, WEIGHTS["fuzzy"] * WEIGHTS["name"]))
    grams = analysis.trigrams(word)
    if grams:
        clauses = [(Occur.Should, tantivy.Query.term_query(SCHEMA, "grams", g)) for g in grams]
        needed = max(1, math.ceil(len(grams) * 0.6))
        trigram = tantivy.Query.boolean_query(clauses, minimum_number_should_match=needed)
        query.extra.append(tantivy.Query.boost_query(trigram, WEIGHTS["trigram"] * len(grams)))


def _word_clause(query: WordQuery) -> tantivy.Query:
    clauses = []
    for field_name, terms in query.terms.items():
        for term, weight in terms.items():
            clauses.append(
                (
                    Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.term_query(SCHEMA, field_name, term), weight
                    ),
                )
            )
    clauses += [(Occur.Should, extra) for extra in query.extra]
    return tantivy.Query.boolean_query(clauses)


# -- filters --------------------------------------------------------------------------------
def _terms(field_name: str, values) -> tantivy.Query:
    return tantivy.Query.term_set_query(SCHEMA, f"f_{field_name}", sorted(values))


def _range(
    field_name: str, lower=None, upper=None, kind=tantivy.FieldType.Integer
) -> tantivy.Query:
    return tantivy.Query.range_query(SCHEMA, field_name, kind, lower, upper)


def filter_clauses(request: SearchRequest, skip: str | None = None) -> list[tantivy.Query]:
    clauses = [
        _terms(name, values) for name, values in request.filters.items() if values and name != skip
    ]
    if request.age is not None:
        clauses += [_range("min_age", upper=request.age), _range("max_age", lower=request.age)]
    if request.residence and skip != "area":
        clauses.append(_terms("area", {request.residence, "all"}))
    if request.open_at is not None:
        clauses.append(open_at_clause(request.open_at))
    if request.bbox is not None:
        south, west, north, east = request.bbox
        cells = geo_cells(south, west, north, east)
        if cells:  # a few map cells find the candidates; the ranges below make the box exact
            clauses.append(tantivy.Query.term_set_query(SCHEMA, "f_cell", cells))
        clauses += [
            _range("lat", south, north, tantivy.FieldType.Float),
            _range("lon", west, east, tantivy.FieldType.Float),
        ]
    if request.modified_after is not None:
        clauses.append(_range("modified", lower=int(request.modified_after.timestamp())))
    if request.only_ids is not None:
        clauses.append(tantivy.Query.term_set_query(SCHEMA, "id", sorted(request.only_ids)))
    return clauses


def open_at_clause(moment: dt.datetime) -> tantivy.Query:
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    weekly, monthly = slot_at(moment)
    day = int(moment.strftime("%Y%m%d"))
    slot = tantivy.Query.term_set_query(SCHEMA, "f_slot", [weekly, monthly])
    return tantivy.Query.boolean_query(
        [
            (Occur.Must, slot),
            (Occur.Must, _range("valid_from", upper=day)),
            (Occur.Must, _range("valid_to", lower=day)),
            (Occur.Must, _terms("status", {"active"})),
        ]
    )


def _bbox_around(point: tuple[float, float], meters: float) -> tuple[float, float, float, float]:
    lat_delta = math.degrees(meters / 6_371_000)
    lon_delta = lat_delta / max(math.cos(math.radians(point[0])), 0.01)
    return point[0] - lat_delta, point[1] - lon_delta, point[0] + lat_delta, point[1] + lon_delta


def _combine(text_query, filters) -> tantivy.Query:
    clauses = (
        [(Occur.Must, text_query)]
        if text_query is not None
        else [(Occur.Must, tantivy.Query.all_query())]
    )
    clauses += [(Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    return tantivy.Query.boolean_query(clauses)


# -- search ---------------------------------------------------------------------------------
def search(request: SearchRequest, searcher: tantivy.Searcher | None = None) -> SearchResult:
    searcher = searcher or current_index().searcher()
    words = word_queries(request.text, request.language) if request.text.strip() else []
    request = _with_geo_box(request)
    filters = filter_clauses(request)
    text_query, matched_all = None, True
    if words:
        text_query = tantivy.Query.boolean_query([(Occur.Must, _word_clause(w)) for w in words])
    query = _combine(text_query, filters)
    counting = start_facet_counts(searcher, text_query, request) if request.facets else None
    candidates, total = _candidates(searcher, query, request, bool(words))
    if total == 0 and len(words) > 1:
        text_query = tantivy.Query.boolean_query([(Occur.Should, _word_clause(w)) for w in words])
        query = _combine(text_query, filters)
        candidates, total = _candidates(searcher, query, request, True)
        matched_all = False
        if counting is not None:  # count what is shown: the any-word results
            finish_facet_counts(counting)
            counting = start_facet_counts(searcher, text_query, request)
    suitable = _suitable(searcher, query, request)
    hits, total = _rank(searcher, candidates, total, request, bool(words), suitable)
    if request.explain:
        for hit in hits:
            hit.explanation = explain(hit, words, request, searcher)
    facets = finish_facet_counts(counting) if counting is not None else {}
    return SearchResult(total, hits, facets, matched_all)


def _count(searcher, query) -> int:
    return searcher.search(query, 1, count=True).count


def _with_geo_box(request: SearchRequest) -> SearchRequest:
    if request.point is not None and request.radius_m and request.bbox is None:
        request.bbox = _bbox_around(request.point, request.radius_m)
    return request


def _by_distance(request: SearchRequest) -> bool:
    return request.point is not None and (bool(request.radius_m) or request.sort == "distance")


def _by_access(request: SearchRequest) -> bool:
    return request.sort == "access" and request.access_profile is not None


def _suitable(searcher, query, request: SearchRequest) -> set | None:
    """Addresses of the hits whose places suit the user's access profile (for sort=access)."""
    if not _by_access(request):
        return None
    suits = _terms("access_ok", {request.access_profile})
    result = searcher.search(_combine(query, [suits]), MAX_CANDIDATES)
    return {(a.segment_ord, a.doc) for _score, a in result.hits}


def _candidates(searcher, query, request: SearchRequest, has_text: bool):
    """Hits to rank, with the total: the best by BM25, or all near a point, or the newest."""
    if _by_distance(request) or _by_access(request):
        limit, order = MAX_CANDIDATES, {}
    elif has_text:
        limit, order = max(request.offset + request.limit, RERANK_DEPTH), {}
    else:
        limit, order = request.offset + request.limit, {"order_by_field": "verified_day"}
    result = searcher.search(query, limit, count=True, **order)
    return result.hits, result.count


def _rank(searcher, candidates, total, request: SearchRequest, has_text: bool, suitable=None):
    """Re-rank candidates from fast fields (language, freshness, distance); load the page only."""
    addresses = [address for _score, address in candidates]
    distances = _distances(searcher, addresses, request.point)
    scores = [score if has_text else 0.0 for score, _address in candidates]
    if has_text and addresses:
        masks = searcher.fast_field_values("lang_mask", addresses)
        verified = searcher.fast_field_values("verified_day", addresses)
        today = timezone.now().date().toordinal()
        bit = LANGUAGE_BITS.get(request.language, 0)
        scores = [
            score * _rank_factor(bool((mask or 0) & bit), today - (day or 0), distance)
            for score, mask, day, distance in zip(scores, masks, verified, distances, strict=True)
        ]
    rows = list(zip(addresses, scores, distances, strict=True))
    if request.radius_m:
        rows = [row for row in rows if row[2] is not None and row[2] <= request.radius_m]
        total = len(rows) if len(candidates) < MAX_CANDIDATES else total
    if request.sort == "distance" and request.point is not None:
        rows.sort(key=lambda row: _distance_key(row[2]))
    elif has_text:
        rows.sort(key=lambda row: -row[1])
    if suitable is not None:  # stable: relevance (or distance) within each group
        rows.sort(key=lambda row: (row[0].segment_ord, row[0].doc) not in suitable)
    page = rows[request.offset : request.offset + request.limit]
    hits = []
    for address, score, distance in page:
        doc = searcher.doc(address)
        hits.append(Hit(doc["id"][0], float(score), json.loads(doc["labels"][0]), distance))
    return hits, total


def _distance_key(distance: float | None) -> tuple[bool, float]:
    return distance is None, distance or 0.0


def _distances(searcher, addresses, point) -> list[float | None]:
    """Distance from ``point`` to each service's (first) location, read from fast fields."""
    if point is None or not addresses:
        return [None] * len(addresses)
    latitudes = np.array(searcher.fast_field_values("lat", addresses), dtype=float)
    longitudes = np.array(searcher.fast_field_values("lon", addresses), dtype=float)
    lat0, lon0 = np.radians(point[0]), np.radians(point[1])
    lat, lon = np.radians(latitudes), np.radians(longitudes)
    h = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    meters = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(h))
    return [None if np.isnan(d) else float(d) for d in meters]


def _rank_factor(in_language: bool, age_days: int, distance: float | None) -> float:
    factor = 1.0 if in_language else 0.8
    factor *= 1.0 if age_days <= 180 else 0.9 if age_days <= 365 else 0.75
    if distance is not None:
        factor *= 0.5 + 0.5 / (1 + distance / 3000)
    return factor


def facet_counts(searcher, text_query, request: SearchRequest) -> dict[str, list[tuple[str, int]]]:
    """Counts per facet value; a facet in use is counted without its own filter (multi-select)."""
    return finish_facet_counts(start_facet_counts(searcher, text_query, request))


def start_facet_counts(searcher, text_query, request: SearchRequest) -> list:
    """Submit the facet aggregations and the open-now count to the worker threads (tantivy
    releases the GIL), so that they run while the caller ranks the hits; leaf tasks only."""
    aggregations = {name: {"terms": {"field": f"f_{name}", "size": 100}} for name in FACETS}
    selected = {name for name, values in request.filters.items() if values and name in FACETS}
    if request.residence:
        selected.add("area")
    unselected = {k: v for k, v in aggregations.items() if k not in selected}
    query = _combine(text_query, filter_clauses(request))
    names = sorted(unselected)
    halves = [names[: len(names) // 2], names[len(names) // 2 :]]  # one per core
    jobs = [
        (searcher.aggregate, query, {n: unselected[n] for n in half}) for half in halves if half
    ]
    for name in selected:
        query = _combine(text_query, filter_clauses(request, skip=name))
        jobs.append((searcher.aggregate, query, {name: aggregations[name]}))
    futures = [_POOL.submit(function, query, spec) for function, query, spec in jobs]
    futures.append(_POOL.submit(_open_now_count, searcher, text_query, request))
    return futures


def finish_facet_counts(futures: list) -> dict[str, list[tuple[str, int]]]:
    *aggregations, open_now = [future.result() for future in futures]
    counts = {}
    for part in aggregations:
        counts.update(part)
    facets = {
        name: [(b["key"], b["doc_count"]) for b in counts[name]["buckets"]] for name in FACETS
    }
    facets["age"] = facets.pop("age_group")
    facets["open_now"] = [("true", open_now)]
    return facets


def _open_now_count(searcher, text_query, request) -> int:
    clauses = [*filter_clauses(request), open_at_clause(timezone.now())]
    return _count(searcher, _combine(text_query, clauses))


# -- explanations ---------------------------------------------------------------------------
FIELD_LABELS = {
    "name": "name",
    "body": "description",
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
            found.append(
                {"field": FIELD_LABELS.get(kind, kind), "language": language, "term": term,
                 "via": word.how.get(term, "lemma")}
            )  # fmt: skip
    if not found and word.extra:
        found.append({"via": "spelling (fuzzy or trigram match)"})
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
