"""Latency of HSDA API requests on the demo catalogue, as a table.

    .venv/bin/python bench/api_latency.py [--repeat 20]

Runs against the configured database (the SQLite file under var/ by default; load the demo
first). The first row, a one-to-one service list page, is the baseline the others are
compared with in the same run, so machines of different speed give comparable ratios.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from tarjotin.catalogue.models import Organization, Service  # noqa: E402
from tarjotin.catalogue.taxonomies import term_id  # noqa: E402


def cases() -> list[tuple[str, str, dict]]:
    service = Service.objects.filter(publication_status="published").first()
    organization = Organization.objects.filter(services__isnull=False).first()
    services = "/api/hsda/services"
    exercise = str(term_id("category", "exercise"))
    return [
        ("services, 50 a page (baseline)", services, {}),
        ("services, full, 50 a page", services, {"full": "true"}),
        ("services, minimal, 500 a page", services, {"minimal": "true", "per_page": 500}),
        ("services by taxonomy term", services, {"taxonomy_term_id": exercise}),
        ("services, text search", services, {"search": "jumppa"}),
        ("service by id", f"{services}/{service.id}", {}),
        ("organization by id", f"/api/hsda/organizations/{organization.id}", {}),
        (
            "service_at_locations near a postcode",
            "/api/hsda/service_at_locations",
            {"postcode": "00530", "proximity": 2000},
        ),
    ]


def measure(client: Client, url: str, params: dict, repeat: int) -> list[float]:
    client.get(url, params)  # warm caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not Service.objects.exists():
        sys.exit("The catalogue is empty: run `python -m tarjotin demo` first.")
    client = Client()
    rows, baseline = [], None
    for label, url, params in cases():
        timings = measure(client, url, params, args.repeat)
        median = statistics.median(timings)
        baseline = baseline or median
        rows.append((label, median, max(timings), median / baseline))
    print(f"{'request':40} {'median ms':>10} {'max ms':>8} {'x baseline':>11}")  # noqa: T201
    for label, median, worst, ratio in rows:
        print(f"{label:40} {median:10.1f} {worst:8.1f} {ratio:11.2f}")  # noqa: T201


if __name__ == "__main__":
    main()
