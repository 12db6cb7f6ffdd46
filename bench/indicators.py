"""Indicator dashboard speed on a county-size history, as a table.

    .venv/bin/python bench/indicators.py [--database-url URL] [--searches 1000000]
                                         [--referrals 50000] [--services 20000]

Builds a fresh database (default: PostgreSQL database tarjotin_bench_indicators on
127.0.0.1, dropped and created anew) with the demo catalogue, then measures the manager's
dashboard (/pro/indicators/) with its default filter (the last 365 days) and with a
municipality filter, the JSON export and the public statistics page. Baseline in the same run:
the same pages on the demo catalogue with no history. Then it adds a county-size history —
services up to --services, --searches searches over a year as daily counters (Zipf-distributed
queries), --referrals referrals with their state changes, measures and chosen services, guide
uses and survey answers — and measures again. On PostgreSQL it prints the plan of the slowest
queries of one dashboard render (EXPLAIN ANALYZE). Goal (issue 8): the dashboard under 1 s.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tarjotin_bench_indicators"
RUNS = 5


def fresh_database(url: str) -> None:
    if not url.startswith("postgres"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def timed(client, path: str) -> tuple[float, int]:
    times = []
    for _run in range(RUNS):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000, len(response.content)


def measure(client, label: str, municipality: str) -> list[tuple]:
    pages = [
        ("dashboard, last 365 days", "/pro/indicators/"),
        ("dashboard, one municipality", f"/pro/indicators/?municipality={municipality}"),
        ("JSON export", "/pro/indicators/export.json"),
        ("public statistics", "/statistics/"),
    ]
    return [(label, name, *timed(client, path)) for name, path in pages]


def add_services(target: int, rng) -> int:
    from tarjotin.catalogue import models as m

    existing = m.Service.objects.count()
    organizations = list(m.Organization.objects.values_list("id", flat=True))
    terms = {t.code: t for t in m.TaxonomyTerm.objects.all()}
    categories = ["exercise", "culture", "nature", "lifestyle", "participation",
                  "mental_wellbeing", "advice"]  # fmt: skip
    groups = ["older_people", "young_people", "children_families", "immigrants", "everyone"]
    codes = list(
        m.ServiceArea.objects.exclude(municipality_code="")
        .values_list("municipality_code", flat=True)
        .distinct()
    )
    now = dt.datetime.now(dt.UTC)
    services, attributes, areas, languages = [], [], [], []
    for i in range(max(0, target - existing)):
        service_id = uuid.uuid4()
        verified = now - dt.timedelta(days=int(rng.integers(0, 500)))
        services.append(m.Service(
            id=service_id, organization_id=organizations[i % len(organizations)],
            name={"fi": f"Palvelu {i}", "sv": f"Tjänst {i}"}, description={"fi": "Kuvaus."},
            status="active", last_verified_at=verified if i % 7 else None,
        ))  # fmt: skip
        for code in (categories[i % 7], groups[i % 5], "in_person" if i % 4 else "remote"):
            attributes.append(m.Attribute(
                link_id=service_id, link_entity="service", link_type="taxonomy",
                taxonomy_term=terms[code]))  # fmt: skip
        areas.append(m.ServiceArea(service_id=service_id, municipality_code=codes[i % len(codes)],
                                   name={"fi": "Kunta"}))  # fmt: skip
        languages.append(m.Language(service_id=service_id, code=("fi", "sv", "en")[i % 3]))
    from tarjotin.search import signals

    with signals.muted():
        for model, rows in ((m.Service, services), (m.Attribute, attributes),
                            (m.ServiceArea, areas), (m.Language, languages)):  # fmt: skip
            model.objects.bulk_create(rows, batch_size=5000)
    return m.Service.objects.count()


def add_demand(total: int, rng, service_ids) -> int:
    import numpy as np

    from tarjotin.indicators.models import FacetUse, SearchCount, ServiceViewCount

    vocabulary = [f"hakusana {i}" for i in range(5000)]
    weights = 1 / np.arange(1, len(vocabulary) + 1) ** 1.1
    weights /= weights.sum()
    today = dt.date.today()
    per_day = total // 365
    rows, facets, views = [], [], []
    for offset in range(365):
        day = today - dt.timedelta(days=offset)
        counts = rng.multinomial(per_day, weights)
        for index in np.nonzero(counts)[0]:
            n = int(counts[index])
            rows.append(SearchCount(day=day, channel="web", language="fi",
                                    query=vocabulary[index], searches=n,
                                    zero_results=n if index % 40 == 0 else 0,
                                    clicks=n // 3))  # fmt: skip
        for facet in ("category", "target_group", "municipality", "open_now", "age"):
            facets.append(FacetUse(day=day, facet=facet, uses=int(rng.integers(50, 500))))
        for service_id in rng.choice(service_ids, size=200, replace=False):
            views.append(ServiceViewCount(day=day, service_id=service_id,
                                          views=int(rng.integers(1, 30))))  # fmt: skip
    SearchCount.objects.bulk_create(rows, batch_size=5000)
    FacetUse.objects.bulk_create(facets, batch_size=5000)
    ServiceViewCount.objects.bulk_create(views, batch_size=5000)
    return len(rows)


def add_referrals(total: int, rng, service_ids) -> None:
    from tarjotin.referrals.models import (
        GuideUse,
        Referral,
        ReferralService,
        StateChange,
        WellbeingMeasure,
    )

    now = dt.datetime.now(dt.UTC)
    paths = [["sent"], ["sent", "received"], ["sent", "received", "contacted", "started"],
             ["sent", "received", "contacted", "started", "closed"],
             ["sent", "received", "contacted", "not_started", "closed"],
             ["sent", "declined", "closed"]]  # fmt: skip
    referrals, changes, measures, choices = [], [], [], []
    for i in range(total):
        path = paths[i % len(paths)]
        sent = now - dt.timedelta(days=int(rng.integers(1, 365)), hours=int(rng.integers(0, 24)))
        referral = Referral(
            id=uuid.uuid4(), reference=f"HL-B{i:07d}", state=path[-1], sent_at=sent,
            first_contact_at=sent + dt.timedelta(days=int(rng.integers(0, 10)))
            if "contacted" in path else None,
            closed_at=sent + dt.timedelta(days=40) if path[-1] == "closed" else None,
            ended_state=path[-2] if path[-1] == "closed" else "",
            outcome="Tulos." if path[-1] == "closed" else "",
            helped=("yes", "partly", "no", "")[i % 4] if path[-1] == "closed" else "",
            route="link_worker",
        )  # fmt: skip
        referrals.append(referral)
        previous = "draft"
        for state in path:
            changes.append(StateChange(referral=referral, from_state=previous, to_state=state))
            previous = state
        choices.append(ReferralService(
            referral=referral, service_id=service_ids[i % len(service_ids)],
            name={"fi": "Palvelu"}))  # fmt: skip
        if i % 5 == 0:
            for phase, base in (("before", 4), ("after", 6)):
                measures.append(WellbeingMeasure(
                    referral=referral, phase=phase, life_satisfaction=base, worthwhile=base,
                    happiness=base, anxiety=10 - base))  # fmt: skip
    for model, rows in ((Referral, referrals), (StateChange, changes),
                        (ReferralService, choices), (WellbeingMeasure, measures)):  # fmt: skip
        model.objects.bulk_create(rows, batch_size=5000)
    today = dt.date.today()
    GuideUse.objects.bulk_create(
        [GuideUse(guide=("culture", "activity", "what-matters")[i % 3],
                  day=today - dt.timedelta(days=i % 365), finished=True)
         for i in range(total // 2)], batch_size=5000)  # fmt: skip


def analyze(url: str) -> None:
    """Fresh planner statistics, as autovacuum would have after a bulk load."""
    if url.startswith("postgres"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def explain_slowest(client) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/pro/indicators/")
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:4]
    lines = []
    with connection.cursor() as cursor:
        for query in slowest:
            cursor.execute("EXPLAIN ANALYZE " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            scans = sorted({line.strip().split(" on ")[1].split()[0] for line in plan
                            if "Seq Scan on" in line})  # fmt: skip
            indexes = sorted({line.strip().split(" using ")[1].split()[0] for line in plan
                              if " using " in line})  # fmt: skip
            lines.append(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:90]}…")
            lines.append(f"           {plan[-1].strip()}; indexes: {', '.join(indexes) or '-'}; "
                         f"sequential scans: {', '.join(scans) or '-'}")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--services", type=int, default=20_000)
    args = parser.parse_args()
    os.environ["TARJOTIN_DATABASE_URL"] = args.database_url
    os.environ.setdefault("TARJOTIN_VAR_DIR", "/tmp/tarjotin-bench-indicators")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")
    fresh_database(args.database_url)
    import django
    import numpy as np

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from tarjotin.catalogue import models as m
    from tarjotin.catalogue.demo.generate import load_demo
    from tarjotin.referrals.models import StaffRole

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    load_demo()
    manager = User.objects.create_user("johtaja", "j@example.org", "x" * 12)
    StaffRole.objects.create(user=manager, role="manager")
    client = Client()
    client.force_login(manager)
    municipality = m.ServiceArea.objects.exclude(municipality_code="").values_list(
        "municipality_code", flat=True).first()  # fmt: skip
    analyze(args.database_url)
    rows = measure(client, "demo, no history", municipality)

    rng = np.random.default_rng(8)
    start = time.perf_counter()
    service_count = add_services(args.services, rng)
    service_ids = list(m.Service.objects.values_list("id", flat=True))
    counter_rows = add_demand(args.searches, rng, service_ids)
    add_referrals(args.referrals, rng, service_ids)
    analyze(args.database_url)
    built = time.perf_counter() - start
    label = (f"{service_count:,} services, {args.searches:,} searches, "
             f"{args.referrals:,} referrals")  # fmt: skip
    rows += measure(client, label, municipality)

    engine = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    lines = [
        f"\nIndicator pages on {engine}: median of {RUNS} requests (history built in "
        f"{built:.0f} s; {counter_rows:,} daily search-counter rows)\n",
        f"| {'data':<60} | {'page':<28} | {'ms':>7} | {'kB':>6} |",
        f"|{'-' * 62}|{'-' * 30}|{'-' * 9}|{'-' * 8}|",
        *[f"| {data:<60} | {page:<28} | {ms:7.0f} | {size / 1024:6.0f} |"
          for data, page, ms, size in rows],
    ]  # fmt: skip
    if engine == "PostgreSQL":
        lines += ["\nSlowest queries of one dashboard render, with their plans:\n"]
        lines += explain_slowest(client)
    print("\n".join(lines))  # noqa: T201


if __name__ == "__main__":
    main()
