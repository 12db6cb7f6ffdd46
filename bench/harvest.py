"""Harvest speed: PTV-format records from local files into a fresh database, as a table.

    .venv/bin/python bench/harvest.py [--records 100000] [--database-url URL]

Writes N synthetic PTV v11 services (pages of 1,000, one service location channel per five
services, shapes of tests/fixtures/harvest) to a temporary folder and harvests them with
``harvest ptv --from-file`` logic into a new SQLite database (or --database-url), search index
included. Baseline in the same run: reading and converting the same records without writing.
Then the same harvest again (nothing changed: the idempotent path; its index time is this
node applying the first run's changes once, as the sync after any large import does). Prints
the total, the part spent on the search index, the catalogue write rate and the process's
peak memory. Goal (issue 10): 100,000 records in under 2 minutes.
"""

import argparse
import copy
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "harvest"
PAGE = 1000


def write_pages(folder: Path, count: int) -> list[Path]:
    channel = json.loads((FIXTURES / "ptv_channels_page1.json").read_text())["itemList"][0]
    service = json.loads((FIXTURES / "ptv_services_page1.json").read_text())["itemList"][0]
    paths = []
    for start in range(0, count, PAGE):
        items = []
        for i in range(start, min(start + PAGE, count)):
            if i % 5 == 0:
                place = copy.deepcopy(channel)
                place["id"] = f"c0000000-0000-4000-8000-{i:012d}"
                place["serviceChannelNames"][0]["value"] = f"Liikuntapaikka {i}"
                street = place["addresses"][0]["streetAddress"]
                street["latitude"] = str(6670000 + (i * 37) % 20000)
                street["longitude"] = str(380000 + (i * 53) % 30000)
                items.append(place)
            record = copy.deepcopy(service)
            record["id"] = f"5e000000-0000-4000-8000-{i:012d}"
            record["serviceNames"][0]["value"] = f"Senioriliikunta {i}"
            record["serviceChannels"][0]["serviceChannel"]["id"] = (
                f"c0000000-0000-4000-8000-{i - i % 5:012d}"
            )
            items.append(record)
        path = folder / f"page{start // PAGE + 1:04d}.json"
        path.write_text(json.dumps({"pageNumber": 1, "pageCount": 1, "itemList": items}))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tarjotin-bench-harvest-"))
    os.environ["TARJOTIN_VAR_DIR"] = str(work)
    os.environ["TARJOTIN_DATABASE_URL"] = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tarjotin.sources.harvest.ptv import PtvSource
    from tarjotin.sources.harvest.run import harvest

    call_command("migrate", verbosity=0)
    paths = write_pages(work, args.records)
    rows = []

    start = time.perf_counter()
    source = PtvSource()
    converted = sum(len(source.convert(r)) for r in source.read_files(paths))
    rows.append(("read + convert only (baseline)", converted, time.perf_counter() - start, 0.0))

    for label in ("harvest into an empty database", "same harvest again (unchanged)"):
        start = time.perf_counter()
        source = PtvSource()
        result = harvest(source, source.read_files(paths), "bench", full=True)
        done = result.counts["written"] + result.counts["unchanged"]
        rows.append((label, done, time.perf_counter() - start, result.index_seconds))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base = rows[0][2]
    columns = ("records", "total s", "index s", "catalogue rec/s", "× base")
    widths = (8, 8, 8, 16, 7)
    print(f"{'step':34} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))  # noqa: T201
    for label, count, seconds, index in rows:
        rate = count / max(seconds - index, 1e-9)
        line = (
            f"{label:34} {count:8d} {seconds:8.1f} {index:8.1f} {rate:16.0f} {seconds / base:7.1f}"
        )
        print(line)  # noqa: T201
    print(f"peak memory of the process: {peak_mb:.0f} MB; data in {work}")  # noqa: T201


if __name__ == "__main__":
    main()
