"""The PostgreSQL baseline: full-text search as Helsinki's Service Map does it.

A `tsvector` of the Finnish texts (`to_tsvector('finnish', …)`, name weighted A, description C)
with a GIN index; query words are OR-ed with their synonyms (Tarjotin's synonym list, as
Service Map expands its synonym file) and AND-ed together into a `to_tsquery('finnish', …)`;
when full text finds nothing, `pg_trgm` similarity on the name takes over. Filters, the
distance limit and sort, and the facet counts (category, target group, municipality, delivery,
cost) are the same as the tantivy load asks for. Each request's queries run one after another
on one connection, as a web node would run them.
"""

import json
import math
import time
from pathlib import Path

import psycopg

from tarjotin.search.analysis import STOPWORDS, finnish_word, words
from tarjotin.search.synonyms import expand

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS bench_services;
CREATE TABLE bench_services (
    id text PRIMARY KEY, name text, body text, category text[], target_group text[],
    delivery text, cost text, municipality text, lat float8, lon float8, min_age int, max_age int,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('finnish', name), 'A')
        || setweight(to_tsvector('finnish', body), 'C')
    ) STORED
);
"""
INDEXES = """
CREATE INDEX ON bench_services USING gin (tsv);
CREATE INDEX ON bench_services USING gin (name gin_trgm_ops);
CREATE INDEX ON bench_services USING gin (category);
CREATE INDEX ON bench_services USING gin (target_group);
CREATE INDEX ON bench_services (lat, lon);
ANALYZE bench_services;
"""
FACET_COLUMNS = {
    "category": "unnest(category)",
    "target_group": "unnest(target_group)",
    "municipality": "municipality",
    "delivery": "delivery",
    "cost": "cost",
}
DISTANCE = (
    "2 * 6371000 * asin(sqrt(power(sin(radians(lat - %(lat)s) / 2), 2) + cos(radians(%(lat)s)) "
    "* cos(radians(lat)) * power(sin(radians(lon - %(lon)s) / 2), 2)))"
)


def ensure_database(url: str) -> None:
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def load(connection, rows_path: Path) -> float:
    start = time.perf_counter()
    connection.execute(SCHEMA)
    columns = (
        "id",
        "name",
        "body",
        "category",
        "target_group",
        "delivery",
        "cost",
        "municipality",
        "lat",
        "lon",
        "min_age",
        "max_age",
    )
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY bench_services ({', '.join(columns)}) FROM STDIN") as copy:
            with rows_path.open(encoding="utf-8") as rows:
                for line in rows:
                    row = json.loads(line)
                    copy.write_row([row[c] for c in columns])
    connection.execute(INDEXES)
    connection.commit()
    return time.perf_counter() - start


def tsquery(text: str) -> str | None:
    groups = []
    for word in words(text):
        if word in STOPWORDS["fi"] or not word.isalnum():
            continue
        alternatives = {word} | expand(set(finnish_word(word).lemmas), "fi")
        groups.append("(" + " | ".join(sorted(a for a in alternatives if a.isalnum())) + ")")
    return " & ".join(groups) or None


def where(spec: dict, params: dict) -> list[str]:
    clauses = []
    for column in ("category", "target_group"):
        if column in spec:
            clauses.append(f"{column} && %({column})s")
            params[column] = [spec[column]]
    if "near" in spec:
        lat, lon = spec["near"]
        delta = math.degrees(spec["radius"] / 6_371_000)
        params.update(
            lat=lat,
            lon=lon,
            radius=spec["radius"],
            dlat=delta,
            dlon=delta / math.cos(math.radians(lat)),
        )
        clauses.append("lat BETWEEN %(lat)s - %(dlat)s AND %(lat)s + %(dlat)s")
        clauses.append("lon BETWEEN %(lon)s - %(dlon)s AND %(lon)s + %(dlon)s")
        clauses.append(f"{DISTANCE} <= %(radius)s")
    return clauses


def run_request(connection, spec: dict) -> int:
    params: dict = {}
    clauses = where(spec, params)
    query = tsquery(spec["q"]) if spec["q"] else None
    order = f"{DISTANCE}" if spec.get("sort") == "distance" else "id"
    if query:
        params["tsquery"] = query
        text_clause = "tsv @@ to_tsquery('finnish', %(tsquery)s)"
        order = "ts_rank(tsv, to_tsquery('finnish', %(tsquery)s)) DESC"
        total = _count(connection, [text_clause, *clauses], params)
        if total == 0:  # full text found nothing: trigram similarity on the name
            params["text"] = spec["q"]
            text_clause = "name %% %(text)s"
            order = "similarity(name, %(text)s) DESC"
            total = _count(connection, [text_clause, *clauses], params)
        clauses = [text_clause, *clauses]
    else:
        total = _count(connection, clauses, params)
    condition = " AND ".join(clauses) or "TRUE"
    connection.execute(
        f"SELECT id, name FROM bench_services WHERE {condition} ORDER BY {order} LIMIT 20", params
    ).fetchall()
    for expression in FACET_COLUMNS.values():
        connection.execute(
            f"SELECT value, count(*) FROM (SELECT {expression} AS value "
            f"FROM bench_services WHERE {condition}) v "
            "GROUP BY value",
            params,
        ).fetchall()
    return total


def _count(connection, clauses, params) -> int:
    condition = " AND ".join(clauses) or "TRUE"
    return connection.execute(
        f"SELECT count(*) FROM bench_services WHERE {condition}", params
    ).fetchone()[0]


def run_baseline(url: str, rows_path: Path, mix: list[dict], size: int) -> dict:
    from bench.search.run import percentiles

    ensure_database(url)
    with psycopg.connect(url) as connection:
        build_s = load(connection, rows_path)
        for spec in mix[:20]:
            run_request(connection, spec)
        timings = []
        for spec in mix:
            start = time.perf_counter()
            run_request(connection, spec)
            timings.append((time.perf_counter() - start) * 1000)
        size_mb = connection.execute(
            "SELECT pg_total_relation_size('bench_services') / 1e6"
        ).fetchone()[0]
        connection.execute("DROP TABLE bench_services")
        connection.commit()
    return {
        "latency": percentiles(timings),
        "build_s": build_s,
        "size_mb": float(size_mb),
        "services": size,
    }
