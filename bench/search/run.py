"""Search speed: synthetic catalogues; tantivy in-process and over HTTP; a PostgreSQL baseline.

    .venv/bin/python bench/search/run.py [--sizes 10000,100000,1000000] [--requests 300]
                                         [--no-pg] [--no-http] [--pg-url postgres://...]

For each size it builds a synthetic catalogue (synthetic.py), indexes it with Tarjotin's
analyzer into tantivy the way a node's rebuild does (one segment), and runs one mixed load of
requests (text; text + facet filters; text + distance; browsing by category near a point sorted
by distance; every request also counts all facets and "open now", as the API does) three ways:
in-process through the search engine, over HTTP against /api/search served by waitress, and
against a PostgreSQL baseline built the way Helsinki's Service Map searches (to_tsvector
('finnish') with a GIN index, synonyms expanded into the tsquery, pg_trgm similarity when full
text finds nothing, the same filters, five facet counts). The in-process load runs again after
eight syncs have changed 400 services, the shape an index keeps between rebuilds. Each size
runs in its own process so memory figures are its own.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
QUERIES = ROOT / "bench" / "relevance" / "queries.json"


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory now (VmRSS) or at its peak so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def release_freed_memory() -> None:
    """Give the heap that glibc keeps after freeing back to the system (malloc_trim)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def percentiles(values: list[float]) -> dict:
    values = sorted(values)

    def at(p):
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    return {"p50": at(50), "p95": at(95), "p99": at(99)}


# -- one size, in its own process -------------------------------------------------------------
def setup(workdir: Path) -> None:
    os.environ["TARJOTIN_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["TARJOTIN_SEARCH_INDEX_DIR"] = str(workdir / "search")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tarjotin.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # taxonomies, for parameter checks in /api/search


def build(size: int, workdir: Path, rows_path: Path) -> dict:
    import tantivy

    from bench.search.synthetic import document
    from tarjotin.search.index import SCHEMA, SCHEMA_VERSION, build_writer, to_tantivy

    root = workdir / "search"
    index_dir = root / "index-bench"
    index_dir.mkdir(parents=True)
    index = tantivy.Index(SCHEMA, path=str(index_dir), reuse=False)
    writer = build_writer(index)  # as a node's rebuild writes it
    rng = random.Random(size)
    start = time.perf_counter()
    with rows_path.open("w", encoding="utf-8") as rows:
        for n in range(size):
            doc, row = document(rng, n)
            writer.add_document(to_tantivy(doc))
            rows.write(json.dumps(row, ensure_ascii=False) + "\n")
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - start
    index.reload()
    (index_dir / "schema").write_text(SCHEMA_VERSION)
    (root / "current").write_text("index-bench")
    disk = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
    return {
        "build_s": seconds,
        "build_rate": size / seconds,
        "index_mb": disk / 1e6,
        "build_peak_mb": rss_mb("VmHWM"),
        "segments": index.searcher().num_segments,
    }


def apply_syncs(size: int, syncs: int = 8, changed: int = 50) -> int:
    """Change services the way a node's sync does (one commit per round), so that the index
    has the shape it keeps between rebuilds: one large segment and some small ones."""
    from bench.search.synthetic import document
    from tarjotin.search.index import current_index

    index = current_index()
    rng = random.Random(size + 1)
    for _ in range(syncs):
        docs = []
        for n in rng.sample(range(size), changed):
            doc, _row = document(rng, n)
            docs.append(doc)
        index.write(docs, [])
    return index.searcher().num_segments


def request_mix(count: int, seed: int = 7, languages=("fi",)) -> list[dict]:
    """The mixed load, its words drawn from the judged queries of ``languages``."""
    from tarjotin.catalogue.demo.places import PLACES

    texts = [
        (q["q"], q["lang"])
        for q in json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
        if q["lang"] in languages
    ]
    rng = random.Random(seed)
    mix = []
    for _ in range(count):
        kind = rng.choices(["text", "facets", "geo", "browse"], [40, 25, 20, 15])[0]
        place = rng.choice(PLACES)
        text, language = rng.choice(texts) if kind != "browse" else ("", languages[0])
        request = {"q": text, "lang": language}
        if kind in ("facets", "browse"):
            request["category"] = rng.choice(
                ["exercise", "culture", "nature", "participation", "advice"]
            )
        if kind == "facets" and rng.random() < 0.5:
            request["target_group"] = rng.choice(
                ["older_people", "young_people", "children_families"]
            )
        if kind in ("geo", "browse"):
            request["near"] = (place.latitude, place.longitude)
            request["radius"] = 5000
        if kind == "browse":
            request["sort"] = "distance"
        mix.append(request)
    return mix


def engine_request(spec: dict):
    from tarjotin.search.request import SearchRequest

    filters = {k: {spec[k]} for k in ("category", "target_group") if k in spec}
    return SearchRequest(
        text=spec["q"],
        language=spec.get("lang", "fi"),
        filters=filters,
        point=spec.get("near"),
        radius_m=spec.get("radius"),
        sort=spec.get("sort", "relevance"),
        limit=20,
    )


def kind(spec: dict) -> str:
    if not spec["q"]:
        return "browse"
    return "geo" if "near" in spec else "facets" if "category" in spec else "text"


def run_in_process(mix: list[dict]) -> tuple[list[float], list[int]]:
    from tarjotin.search.engine import search
    from tarjotin.search.index import current_index

    searcher = current_index().searcher()
    for spec in mix[:20]:
        search(engine_request(spec), searcher)  # warm-up
    timings, totals = [], []
    for spec in mix:
        start = time.perf_counter()
        result = search(engine_request(spec), searcher)
        timings.append((time.perf_counter() - start) * 1000)
        totals.append(result.total)
    return timings, totals


def by_kind(mix: list[dict], timings: list[float]) -> dict:
    groups: dict[str, list[float]] = {}
    for spec, ms in zip(mix, timings, strict=True):
        groups.setdefault(kind(spec), []).append(ms)
    return {name: percentiles(values)["p95"] for name, values in groups.items()}


def run_http(mix: list[dict]) -> list[float]:
    import http.client
    import socket
    from urllib.parse import urlencode

    from waitress.server import create_server

    from tarjotin.wsgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(application, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    time.sleep(0.5)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for i, spec in enumerate(mix):
        params = {k: v for k, v in spec.items() if k not in {"near"}}
        if "near" in spec:
            params["near"] = f"{spec['near'][0]},{spec['near'][1]}"
        start = time.perf_counter()
        connection.request("GET", "/api/search?" + urlencode(params))
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status} for {params}")
        if i >= 10:  # the first requests warm up the connection and caches
            timings.append((time.perf_counter() - start) * 1000)
    server.close()
    return timings


def one_size(size: int, requests: int, with_pg: bool, with_http: bool, pg_url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        setup(workdir)
        rows_path = workdir / "rows.jsonl"
        result = {"size": size, **build(size, workdir, rows_path)}
        mix = request_mix(requests)
        release_freed_memory()  # the build's freed heap is not the serving node's memory
        before = rss_mb()
        timings, totals = run_in_process(mix)
        result["rss_mb"] = rss_mb()
        result["rss_growth_mb"] = result["rss_mb"] - before
        result["in_process"] = percentiles(timings)
        result["p95_by_kind"] = by_kind(mix, timings)
        result["median_total"] = statistics.median(totals)
        # The same load in Swedish and English: those queries are also translated into Finnish.
        result["in_process_sv_en"] = percentiles(
            run_in_process(request_mix(requests, languages=("sv", "en")))[0]
        )
        result["synced_segments"] = apply_syncs(size)
        result["in_process_synced"] = percentiles(run_in_process(mix)[0])
        if with_http:
            result["http"] = percentiles(run_http(mix))
        if with_pg:
            from bench.search.pg_baseline import run_baseline

            result["pg"] = run_baseline(pg_url, rows_path, mix, size)
    return result


# -- driver ---------------------------------------------------------------------------------
def print_table(results: list[dict]) -> None:
    header = (
        f"{'services':>9} {'build/s':>8} {'index MB':>8} {'build MB':>8} {'RSS MB':>6} | "
        f"{'in-process ms p50/p95/p99':>25} | {'after 8 syncs':>19} | "
        f"{'HTTP ms p50/p95/p99':>20} | {'PostgreSQL ms p50/p95/p99':>25} {'PG build s':>10} | "
        f"{'PG÷tantivy p95':>14}"
    )
    print(header)  # noqa: T201
    print("-" * len(header))  # noqa: T201

    def trio(d):
        return f"{d['p50']:.1f}/{d['p95']:.1f}/{d['p99']:.1f}" if d else "-"

    for r in results:
        pg = r.get("pg", {}).get("latency")
        ratio = f"{pg['p95'] / r['in_process']['p95']:.1f}x" if pg else "-"
        synced = f"p95 {r['in_process_synced']['p95']:.1f} ({r['synced_segments']} seg.)"
        print(  # noqa: T201
            f"{r['size']:>9,} {r['build_rate']:>8,.0f} {r['index_mb']:>8.0f} "
            f"{r['build_peak_mb']:>8.0f} {r['rss_mb']:>6.0f} | {trio(r['in_process']):>25} | "
            f"{synced:>19} | {trio(r.get('http')):>20} | {trio(pg):>25} "
            f"{r.get('pg', {}).get('build_s', 0):>10.0f} | {ratio:>14}"
        )
    print("\nin-process p95 ms by request kind: text 40 %, text with facet filters 25 %,")  # noqa: T201
    print("text within 5 km 20 %, a category within 5 km nearest first 15 %;")  # noqa: T201
    print("and p50/p95/p99 of the same load with Swedish and English words")  # noqa: T201
    kinds = ("text", "facets", "geo", "browse")
    print(f"{'services':>9} " + " ".join(f"{k:>8}" for k in kinds) + f" {'sv/en load':>16}")  # noqa: T201
    for r in results:
        values = " ".join(f"{r['p95_by_kind'].get(k, 0):>8.1f}" for k in kinds)
        print(f"{r['size']:>9,} {values} {trio(r.get('in_process_sv_en')):>16}")  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/tarjotin_bench")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = one_size(args.one, args.requests, not args.no_pg, not args.no_http, args.pg_url)
        print("RESULT " + json.dumps(result))  # noqa: T201
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        command = [
            sys.executable,
            __file__,
            "--one",
            str(size),
            "--requests",
            str(args.requests),
            "--pg-url",
            args.pg_url,
        ]
        command += ["--no-pg"] * args.no_pg + ["--no-http"] * args.no_http
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        results.append(
            json.loads(next(line for line in output.splitlines() if line.startswith("RESULT "))[7:])
        )
        print(f"... {size:,} services done", file=sys.stderr)  # noqa: T201
    print_table(results)
    print("\nRaw results: " + json.dumps(results))  # noqa: T201


if __name__ == "__main__":
    main()
