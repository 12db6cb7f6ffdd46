"""Facet counts: how many results each facet value has, counted in one pass over the results.

tantivy counts a multi-valued column several times slower than a single-valued one, and every
aggregation pass evaluates the query again. So each service also carries, per facet, one *key*:
its set of values as a single string (``culture\\x1fexercise``). One terms aggregation per key
column, all in one pass, counts every value set, and a value's count is the sum over the sets
that hold it: exact, as each service has exactly one key per facet. The same sums give the
number of results, so the ranking search need not count them.

A facet in use is counted in a pass of its own, without its own filter, so that the page can
offer its other values (multi-select). If a facet ever has more distinct sets than a pass
returns, that facet is counted again from its multi-valued column, so counts stay exact.
"""

import os
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import tantivy

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
SEPARATOR = "\x1f"
NO_VALUE = "\x1e"  # the key of a service without any value for the facet
MAX_KEYS = 5_000  # distinct value sets a pass returns per facet before the exact fallback
MAX_VALUES = 50_000  # values the fallback returns (under tantivy's limit of 65,000 buckets)
# The passes run beside the ranking search on this node's cores: tantivy releases the GIL.
_POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="facets")


def key(values) -> str:
    """The one string that stands for a service's set of values of one facet."""
    cleaned = sorted({str(v).replace(SEPARATOR, " ") for v in values if v})
    return SEPARATOR.join(cleaned) if cleaned else NO_VALUE


def _key_aggregations(names) -> dict:
    return {name: {"terms": {"field": f"k_{name}", "size": MAX_KEYS}} for name in names}


@dataclass
class Counting:
    """Facet passes under way: futures, and what is needed to count a facet again exactly."""

    searcher: tantivy.Searcher
    queries: dict[str, tantivy.Query]  # facet -> the query its counts come from
    unselected: list[str]  # the facets counted with every filter
    also: list[str]  # names of further counts made in the pass with every filter
    passes: list[Future] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # facets in use, not yet submitted

    def count_facets_in_use(self) -> None:
        """Submit the passes of the facets in use (wider than the results: each leaves out
        its own filter), if ``start`` was told to wait."""
        for name in self.waiting:
            spec = _key_aggregations([name])
            self.passes.append(_POOL.submit(self.searcher.aggregate, self.queries[name], spec))
        self.waiting = []


def start(searcher, query_for, selected: set[str], also=None, wait=False) -> Counting:
    """Submit the passes: one for the facets not in use, one per facet in use.

    ``query_for(name)`` gives the results' query without the filter of facet ``name`` (None:
    with every filter); ``also`` names further subsets of the results to count in the pass
    with every filter, as query strings (filter aggregations: no further pass). With
    ``wait``, the passes of the facets in use wait for ``count_facets_in_use``: for a search
    that may find nothing and be tried again with other words.
    """
    also = also or {}
    unselected = [name for name in FACETS if name not in selected]
    everything = query_for(None)
    counting = Counting(searcher, dict.fromkeys(unselected, everything), unselected, list(also))
    if unselected or also:
        aggregations = _key_aggregations(unselected)
        aggregations.update({name: {"filter": text} for name, text in also.items()})
        counting.passes.append(_POOL.submit(searcher.aggregate, everything, aggregations))
    counting.waiting = sorted(set(FACETS) - set(unselected))
    counting.queries.update({name: query_for(name) for name in counting.waiting})
    if not wait:
        counting.count_facets_in_use()
    return counting


def finish(counting: Counting) -> tuple[dict[str, list[tuple[str, int]]], int | None, dict]:
    """Counts per facet value (most first), the number of results (None if every facet is in
    use, so that none was counted with every filter), and the further counts by name."""
    counting.count_facets_in_use()
    buckets = {}
    for future in counting.passes:
        buckets.update(future.result())
    facets = {}
    for name in FACETS:
        if buckets[name].get("sum_other_doc_count", 0):
            facets[name] = _count_values(counting, name)
        else:
            facets[name] = _sum_keys(buckets[name]["buckets"])
    total = None
    if counting.unselected:
        first = buckets[counting.unselected[0]]
        total = sum(b["doc_count"] for b in first["buckets"]) + first.get("sum_other_doc_count", 0)
    return facets, total, {name: buckets[name]["doc_count"] for name in counting.also}


def _sum_keys(buckets: list[dict]) -> list[tuple[str, int]]:
    counts: Counter = Counter()
    for bucket in buckets:
        if bucket["key"] != NO_VALUE:
            for value in bucket["key"].split(SEPARATOR):
                counts[value] += bucket["doc_count"]
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _count_values(counting: Counting, name: str) -> list[tuple[str, int]]:
    """The slow exact count from the multi-valued column, for a facet with too many sets."""
    spec = {name: {"terms": {"field": f"f_{name}", "size": MAX_VALUES}}}
    result = counting.searcher.aggregate(counting.queries[name], spec)[name]
    return [(b["key"], b["doc_count"]) for b in result["buckets"]]
