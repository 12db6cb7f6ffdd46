"""The embedded tantivy index: its schema, where it lives, building it and keeping it current.

Each node keeps its own index under ``var/search/``. ``current`` names the live generation;
a rebuild writes a new generation beside it and switches ``current`` when done, so searches
go on undisturbed. Changes to services are written to the ``IndexChange`` log in the same
transaction as the change; ``sync()`` applies the log to this node's index (the server runs it
in a background thread; imports call it at the end). Readers never wait for the writer:
tantivy searchers see the last commit.
"""

import datetime as dt
import fcntl
import hashlib
import json
import logging
import shutil
import threading
import time
from pathlib import Path

import tantivy
from django.conf import settings
from django.utils import timezone

from tarjotin.search.documents import ServiceDocument, documents, service_queryset
from tarjotin.search.facets import FACETS
from tarjotin.search.facets import key as facet_key
from tarjotin.search.geo import cell_ids
from tarjotin.search.glossary import GLOSSARY_FILE

TEXT_FIELDS = (
    "name_fi",
    "name_sv",
    "name_en",
    "body_fi",
    "body_sv",
    "body_en",
    "category",
    "place",
    "concepts_name",  # glossary concepts a name says, per language ("c42_fi")
    "concepts_body",  # and a description or category
    "roots",
    "grams",
)
FACET_FIELDS = (
    "category",
    "target_group",
    "delivery",
    "cost",
    "language",
    "text_language",
    "municipality",
    "district",
    "access_ok",
    "area",
    "weekday",
    "daypart",
    "status",
    "organization",
    "age_group",
    "capacity",
)
INT_FIELDS = (
    "min_age",
    "max_age",
    "verified_day",
    "modified",
    "valid_from",
    "valid_to",
    "lang_mask",
)
FLOAT_FIELDS = ("lat", "lon")
# Stored so that explanations can say where a word matched; trigrams are not worth storing.
STORED_TEXT = tuple(name for name in TEXT_FIELDS if name != "grams")
WRITER_HEAP = 128_000_000  # changes applied by sync
# A rebuild writes with one thread and a budget large enough to make one segment of up to
# about a million services: queries pay per segment for every term they look up (the map cells
# of a distance filter are hundreds), so one large segment searches several times faster than
# the handful two threads leave. The budget is a ceiling; memory is taken as the index grows.
BUILD_HEAP = 2_000_000_000
SYNC_OVERLAP = dt.timedelta(minutes=2)  # longer than any transaction that changes services
CHANGE_LOG_KEPT = dt.timedelta(days=2)

log = logging.getLogger(__name__)


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=name in STORED_TEXT, tokenizer_name="whitespace")
    for name in FACET_FIELDS:  # filters; fast only for the exact fallback of facet counts
        builder.add_text_field(f"f_{name}", fast=name in FACETS, tokenizer_name="raw")
    for name in FACETS:  # one key per service and facet, see facets.py
        builder.add_text_field(f"k_{name}", fast=True, tokenizer_name="raw")
    builder.add_text_field("f_slot", tokenizer_name="raw")
    builder.add_unsigned_field("cell", indexed=True)  # map cells of every level, see geo.py
    # How many places: fast fields give the first one's position; others are in the labels.
    builder.add_integer_field("places", fast=True)
    for name in INT_FIELDS:
        builder.add_integer_field(name, fast=True, indexed=True)
    for name in FLOAT_FIELDS:
        builder.add_float_field(name, fast=True, indexed=True)
    builder.add_text_field("labels", stored=True, tokenizer_name="raw")
    return builder.build()


SCHEMA = build_schema()
# Written beside each generation; a node whose index has another version rebuilds it. The
# glossary's digest is part of it: services are marked with its concepts when indexed.
SCHEMA_VERSION = (
    "2026-12-03 facet keys, quadtree cells, accents folded, glossary concepts, card versions "
    + hashlib.sha256(GLOSSARY_FILE.read_bytes()).hexdigest()[:12]
)


def to_tantivy(doc: ServiceDocument) -> tantivy.Document:
    out = tantivy.Document()
    out.add_text("id", doc.id)
    for name in TEXT_FIELDS:
        terms = doc.texts.get(name) or []
        if terms:
            out.add_text(name, " ".join(terms))
    for name in (*FACET_FIELDS, "slot"):
        for value in sorted(doc.facets.get(name, ())):
            out.add_text(f"f_{name}", value)
    for name in FACETS:
        out.add_text(f"k_{name}", facet_key(doc.facets.get(name, ())))
    for name in INT_FIELDS:
        for value in doc.numbers.get(name, ()):
            out.add_integer(name, int(value))
    for name in FLOAT_FIELDS:
        for value in doc.numbers.get(name, ()):
            out.add_float(name, float(value))
    points = list(zip(doc.numbers.get("lat", ()), doc.numbers.get("lon", ()), strict=False))
    for cell in sorted({cell for lat, lon in points for cell in cell_ids(lat, lon)}):
        out.add_unsigned("cell", cell)
    out.add_integer("places", len(points))
    labels = doc.labels if len(points) < 2 else {**doc.labels, "places": points}
    # when this service was indexed: pages keep its card until it is indexed again
    labels = {**labels, VERSION_LABEL: time.time_ns()}
    out.add_text("labels", json.dumps(labels, ensure_ascii=False))
    return out


def index_root() -> Path:
    return Path(getattr(settings, "SEARCH_INDEX_DIR", settings.VAR_DIR / "search"))


class SearchIndex:
    """This node's index: searcher for readers, one writer guarded by a lock."""

    def __init__(self, path: Path):
        self.path = path
        self.index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        self._writer = None
        self._write_lock = threading.Lock()
        self._meta_changed = None

    def searcher(self) -> tantivy.Searcher:
        self._follow_commits()
        return self.index.searcher()

    def _follow_commits(self) -> None:
        """Another worker's commit is read at the next search: tantivy's own file watcher
        notices it only up to a second later (a stat per search costs microseconds)."""
        try:
            changed = (self.path / "meta.json").stat().st_mtime_ns
        except FileNotFoundError:
            return
        if changed != self._meta_changed:
            self._meta_changed = changed
            self.index.reload()

    def write(self, add: list[ServiceDocument], remove: list[str]) -> None:
        with self._write_lock:
            if self._writer is None:
                self._writer = self.index.writer(WRITER_HEAP, 1)
            for service_id in {*remove, *(d.id for d in add)}:
                self._writer.delete_documents_by_term("id", service_id)
            for doc in add:
                self._writer.add_document(to_tantivy(doc))
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()


def build_writer(index: tantivy.Index) -> tantivy.IndexWriter:
    return index.writer(BUILD_HEAP, 1)


def build_index(path: Path, progress=None, batch: int = 500) -> int:
    """Index every published service into a new index at ``path``; returns the count."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
    writer = build_writer(index)
    ids = list(service_queryset().order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        for doc in documents(ids[start : start + batch]):
            writer.add_document(to_tantivy(doc))
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    writer.commit()
    writer.wait_merging_threads()
    return len(ids)


_current: dict = {}
_current_lock = threading.Lock()


def current_index() -> SearchIndex:
    """The live index of this node, built from the database the first time if there is none."""
    root = index_root()
    pointer = root / "current"
    with _current_lock:
        generation = pointer.read_text().strip() if pointer.exists() else None
        cached = _current.get("index")
        if cached is not None and generation and cached.path.name == generation:
            return cached
        if generation is None or not _current_schema(root / generation):
            generation = rebuild(root)
        _current["index"] = SearchIndex(root / generation)
        return _current["index"]


def _current_schema(path: Path) -> bool:
    """Whether the generation at ``path`` was built with this code's schema."""
    marker = path / "schema"
    return marker.exists() and marker.read_text().strip() == SCHEMA_VERSION


def rebuild(root: Path | None = None, progress=None) -> str:
    """Build a new generation and make it current; older generations are removed."""
    root = root or index_root()
    root.mkdir(parents=True, exist_ok=True)
    generation = f"index-{time.time_ns()}"
    started = timezone.now()
    build_index(root / generation, progress)
    (root / generation / "schema").write_text(SCHEMA_VERSION)
    _write_mark(root / generation, started)  # changes made during the build are synced after it
    (root / "current.tmp").write_text(generation)
    (root / "current.tmp").replace(root / "current")
    for old in root.glob("index-*"):
        if old.name != generation:
            shutil.rmtree(old, ignore_errors=True)
    return generation


SYNC_BATCH = 1000
VERSION_LABEL = "indexed"


def index_exists() -> bool:
    return (index_root() / "current").exists()


def sync() -> int:
    """Apply the change log to this node's index; returns how many services were updated.

    The log is read by time with an overlap, not by id alone: ids of concurrent transactions
    can commit out of order. Within the overlap, rows this node has applied already are
    skipped (it remembers the highest id it applied and the lower ids it had not seen then),
    so a large import is reindexed once, not at every sync of the next minutes. A node that
    has been away longer than the log is kept rebuilds instead.
    """
    from tarjotin.search.models import IndexChange

    index = current_index()
    started = timezone.now()
    mark = _read_mark(index.path)
    if mark is None or started - mark["at"] > CHANGE_LOG_KEPT:
        rebuild()
        return -1
    window = mark["at"] - SYNC_OVERLAP
    if mark["at"] > started + CLOCK_SKEW:
        # The clock went back (a stepped clock, a restored host): rows written since carry
        # earlier times than the mark. Read the whole log; the ids say what is applied.
        window = started - CHANGE_LOG_KEPT
    rows = list(
        IndexChange.objects.filter(changed_at__gte=window).values_list(
            "id", "service_id", "changed_at"
        )
    )
    last_id, gaps = mark["last_id"], set(mark["gaps"])
    if rows and last_id is not None and max(row[0] for row in rows) < last_id:
        last_id = None  # the ids went backwards (a restored or reset database): read it all
    recent = mark["at"] - CLOCK_SKEW  # rows written since the last sync cannot have been applied
    fresh = [
        service_id
        for row_id, service_id, changed_at in rows
        if last_id is None or row_id > last_id or row_id in gaps or changed_at >= recent
    ]
    ordered = sorted(set(fresh))
    for start in range(0, len(ordered), SYNC_BATCH):  # bounded IN lists (SQLite's limit)
        chunk = ordered[start : start + SYNC_BATCH]
        index.write(documents(chunk), [str(i) for i in chunk])
    _write_mark(index.path, started, *_applied(rows, last_id))
    IndexChange.objects.filter(changed_at__lt=started - CHANGE_LOG_KEPT).delete()
    return len(ordered)


MAX_GAPS = 10_000
CLOCK_SKEW = dt.timedelta(seconds=10)  # between the clocks of nodes writing the change log


def _applied(rows, last_id) -> tuple[int | None, list[int]]:
    """The highest id seen, and the ids below it in the window not seen (not yet committed)."""
    seen = {row[0] for row in rows}
    if not seen:
        return last_id, []
    top = max(seen | {last_id or 0})
    gaps = [i for i in range(min(seen), top) if i not in seen]
    return top, gaps[-MAX_GAPS:]


def forget_applied() -> None:
    """Read the whole overlap window at the next sync (for a database whose change-log ids
    were reused: tests, whose transactions are rolled back)."""
    pointer = index_root() / "current"
    if pointer.exists():
        path = index_root() / pointer.read_text().strip()
        mark = _read_mark(path)
        if mark is not None:
            _write_mark(path, mark["at"])


def _read_mark(path: Path) -> dict | None:
    mark_file = path / "synced"
    if not mark_file.exists():
        return None
    text = mark_file.read_text().strip()
    if not text.startswith("{"):  # an index written before ids were remembered
        return {"at": dt.datetime.fromisoformat(text), "last_id": None, "gaps": []}
    state = json.loads(text)
    return {**state, "at": dt.datetime.fromisoformat(state["at"])}


def _write_mark(path: Path, moment: dt.datetime, last_id=None, gaps=()) -> None:
    state = {"at": moment.isoformat(), "last_id": last_id, "gaps": list(gaps)}
    (path / "synced.tmp").write_text(json.dumps(state))
    (path / "synced.tmp").replace(path / "synced")


# Consecutive failed syncs of the thread below: after this many the node rebuilds its index
# (a corrupted generation heals itself) and answers "not ready" until a sync succeeds again.
FAILURES_BEFORE_REBUILD = 3
MAX_BACK_OFF = 60.0
_sync_failures = {"count": 0}


_sync_lock: dict = {}


def _hold_sync_lock(interval: float) -> None:
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / "sync.lock", "a")  # noqa: SIM115 (held for the process's life)
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            time.sleep(interval)
            continue
        _sync_lock["handle"] = handle
        return


def forget_open_index() -> None:
    """Drop this process's open index before it forks workers: each opens its own."""
    with _current_lock:
        _current.clear()


def sync_healthy() -> bool:
    """Whether this node's index follows the change log (for /readyz; security audit #20)."""
    return _sync_failures["count"] < FAILURES_BEFORE_REBUILD


def sync_round(interval: float) -> float:
    """One round of the sync thread; returns the seconds to wait before the next, backing off
    while syncing fails instead of logging a traceback twice a second."""
    try:
        sync()
        _sync_failures["count"] = 0
        return interval
    except Exception:  # keep serving; the next round retries
        _sync_failures["count"] += 1
        failures = _sync_failures["count"]
        log.exception("search index sync failed (%d in a row)", failures)
    if failures == FAILURES_BEFORE_REBUILD:
        try:
            rebuild()
        except Exception:
            log.exception("search index rebuild after failed syncs failed")
    return min(interval * 2**failures, MAX_BACK_OFF)


def start_sync_thread(interval: float = 2.0) -> threading.Thread:
    """Keep this node's index following the change log. Every worker process of a node starts
    one; the first to take the node's sync lock syncs, the others wait for it, so there is one
    index writer per node and another worker takes over within ``interval`` when it stops (the
    operating system frees a lock with its process). The others' searchers see each commit by
    themselves (tantivy reloads on commit)."""

    def loop():
        _hold_sync_lock(interval)
        while True:
            time.sleep(sync_round(interval))

    thread = threading.Thread(target=loop, name="search-index-sync", daemon=True)
    thread.start()
    return thread
