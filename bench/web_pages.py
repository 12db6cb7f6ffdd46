"""Server time and transferred weight of the resident pages on the demo catalogue, as a table.

    .venv/bin/python bench/web_pages.py [--repeat 20]

Runs in-process (Django's test client) against the configured database and search index
(load the demo first: scripts/run.sh or `python -m tarjotin demo`). Baseline, in the same
run: the JSON search API for the same query, i.e. the search engine without the page around
it. "Transferred" is what a browser without a cache downloads for the page: the gzipped HTML
(GZipMiddleware) plus the gzipped CSS, scripts and icons it loads (WhiteNoise serves .gz
files); map tiles are not counted. Goals (issue 5): a results page under 150 kB transferred,
server time under 50 ms for a typical search.
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client  # noqa: E402

from tarjotin.catalogue.models import Service  # noqa: E402

QUERIES = ["uinti lapsille", "kuoro", "vertaistuki", "jumppaa ikäihmisille Kalliossa", "kuntosali"]


def cases() -> list[tuple[str, str]]:
    service = Service.objects.filter(publication_status="published").order_by("id").first()
    rows = [("JSON API /api/search (baseline)", "/api/search?q={q}&lang=fi")]
    rows += [
        ("front page", "/"),
        ("results page", "/search/?q={q}"),
        ("results + 2 facets", "/search/?q={q}&cost=free&day=WE"),
        ("results, near Kallio", "/search/?q={q}&near=Kallio&sort=distance"),
        ("results, map view", "/search/?q={q}&view=map"),
        ("service page", f"/service/{service.id}/"),
    ]
    return rows


def assets(html: str) -> list[str]:
    """Static files the page loads (CSS, scripts, the icon sprite and the favicon)."""
    urls = re.findall(r'(?:src|href)="(/static/[^"#]+)', html)
    return sorted({u for u in urls if not u.endswith(".png")})


def gzipped_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def weight(client, html: bytes) -> int:
    total = gzipped_size(html)
    for url in assets(html.decode()):
        path = finders.find(url.removeprefix("/static/"))
        total += gzipped_size(Path(path).read_bytes()) if path else 0
    return total


def measure(client, url_pattern: str, repeat: int) -> tuple[list[float], int]:
    times, size = [], 0
    for i in range(repeat):
        url = url_pattern.format(q=QUERIES[i % len(QUERIES)])
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if "/api/" not in url:
            size = max(size, weight(client, response.content))
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    client = Client()
    for pattern in ("/search/?q=uinti", "/api/search?q=uinti"):
        client.get(pattern)  # warm caches and the index reader
    rows = []
    baseline = None
    for name, pattern in cases():
        times, size = measure(client, pattern, args.repeat)
        median = statistics.median(times)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        baseline = baseline or median
        rows.append((name, median, p95, median / baseline, size))
    print(f"{'page':36} {'median ms':>10} {'p95 ms':>8} {'× base':>7} {'transferred kB':>15}")  # noqa: T201
    for name, median, p95, ratio, size in rows:
        weight_text = f"{size / 1024:.1f}" if size else "–"
        print(f"{name:36} {median:10.1f} {p95:8.1f} {ratio:7.1f} {weight_text:>15}")  # noqa: T201


if __name__ == "__main__":
    main()
