"""Reliability checks, run by hand or before a release (not in the normal test run):

    .venv/bin/python reliability/run.py load      # 50 clients for 5 minutes: errors and p99
    .venv/bin/python reliability/run.py fuzz      # schemathesis on the HSDA API's OpenAPI
    .venv/bin/python reliability/run.py kill      # harvest and index rebuild killed and resumed
    .venv/bin/python reliability/run.py pg-restart  # PostgreSQL restarted under load
    .venv/bin/python reliability/run.py all

Each check gets a fresh PostgreSQL database (127.0.0.1, dropped afterwards) with the demo
catalogue and a server started the production way (``python -m tarjotin serve``), and prints
its results. Needs Debian's wrk (load, pg-restart) and schemathesis (pip). Results are kept in
docs/reliability.md.
"""

import argparse
import contextlib
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = [sys.executable, "-m", "tarjotin"]
SERVER = "postgres://postgres@127.0.0.1:5432"
# How the node serves: the worker processes of `serve --production` (one per core), without its
# HTTPS-only settings; RELIABILITY_SERVE="--threads 8" gives the one-process server.
SERVE_OPTIONS = os.environ.get("RELIABILITY_SERVE", f"--workers {os.cpu_count() or 1}").split()
PATHS = [
    "/search/?q=uinti", "/search/?q=jumppaa+ik%C3%A4ihmisille", "/search/?q=kuntosli",
    "/search/?category=exercise&open_now=true", "/sv/search/?q=simning",
    "/en/search/?q=choir", "/search/?q=vertaistuki&municipality=091",
    "/api/search?q=uinti+lapsille", "/api/search?q=kuorolaulu&category=culture",
    "/api/hsda/services?search=kuntosali", "/api/hsda/services?per_page=50&page=3",
    "/api/hsda/services?page=2", "/api/search/compact?q=lukupiiri",
]  # fmt: skip
WRK_SCRIPT = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d non2xx=%%d socket_errors=%%d p50_ms=%%.1f p99_ms=%%.1f max_ms=%%.1f\\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def fresh_site(with_demo: bool = True):
    """A new database with the demo catalogue and a server on it; yields (url, env)."""
    import psycopg

    name = f"tarjotin_reliability_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    work = Path(tempfile.mkdtemp(prefix="tarjotin-reliability-"))
    env = {**os.environ, "TARJOTIN_DATABASE_URL": f"{SERVER}/{name}", "TARJOTIN_VAR_DIR": str(work),
           "TARJOTIN_RATE_LIMIT": "off", "TARJOTIN_LOG_LEVEL": "WARNING"}  # fmt: skip
    server = None
    try:
        subprocess.run([*PYTHON, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        if with_demo:
            subprocess.run([*PYTHON, "demo"], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        port = free_port()
        server = subprocess.Popen([*PYTHON, "serve", "--port", str(port), *SERVE_OPTIONS],
                                  env=env, cwd=ROOT, stdout=open(work / "server.log", "w"),
                                  stderr=subprocess.STDOUT)  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        wait_ready(url)
        yield url, env
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


def wait_ready(url: str, seconds: float = 300) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/readyz", timeout=10).status_code == 200:
                return time.monotonic() - start
        time.sleep(0.5)
    raise SystemExit(f"{url} did not become ready")


def wrk(url: str, seconds: int, clients: int = 50) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in PATHS))
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(script), url]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT"))
    return {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}


def load(minutes: float) -> list[str]:
    with fresh_site() as (url, _env):
        result = wrk(url, int(minutes * 60))
    return [
        f"load: 50 clients for {minutes:g} min on resident search, /api/search and the HSDA API",
        f"  requests {result['requests']:.0f} ({result['requests'] / (minutes * 60):.0f}/s), "
        f"non-2xx {result['non2xx']:.0f}, socket errors {result['socket_errors']:.0f}",
        f"  latency p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
        f"max {result['max_ms']:.0f} ms",
    ]


def fuzz(examples: int) -> list[str]:
    with fresh_site() as (url, _env):
        out = subprocess.run(
            [str(Path(sys.executable).parent / "schemathesis"), "run",
             f"{url}/api/hsda/openapi.json", "--url", f"{url}/api/hsda",
             "--checks", "not_a_server_error", "--max-examples", str(examples),
             "--request-timeout", "20"],
            capture_output=True, text=True,
        )  # fmt: skip
    wanted = re.compile(r"(passed|failed|errors?|Operations|Test cases|not_a_server_error)")
    summary = [line for line in out.stdout.splitlines() if wanted.search(line)][-8:]
    return [
        "fuzz: schemathesis on /api/hsda/openapi.json (check: not_a_server_error)",
        *[f"  {line.strip()}" for line in summary],
        f"  exit code {out.returncode}",
    ]


def _count(env, code: str) -> str:
    out = subprocess.run([*PYTHON, "shell", "-c", code], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True)  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


COUNTS = """
from django.db.models import Count
from tarjotin.catalogue.models import Service
from tarjotin.search.engine import search
from tarjotin.search.request import SearchRequest
from tarjotin.search.index import sync
sync()
ptv = Service.objects.filter(source_system="ptv")
doubles = ptv.values("source_id").annotate(n=Count("id")).filter(n__gt=1).count()
published = Service.objects.filter(publication_status="published").count()
print(ptv.count(), doubles, published, search(SearchRequest(limit=1)).total)
"""


def _killed_run(command: list[str], env, kills: int, window: tuple[float, float]) -> int:
    done = 0
    for _attempt in range(kills):
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(random.uniform(*window))
        if process.poll() is None:
            process.kill()
            done += 1
        process.wait()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    return done


def kill(records: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    from harvest import write_pages

    lines = [f"kill: harvest of {records} PTV records and index rebuild, each killed (SIGKILL) "
             "at random moments and run again"]  # fmt: skip
    with fresh_site() as (url, env):
        pages = write_pages(Path(env["TARJOTIN_VAR_DIR"]), records)
        files = [arg for page in pages for arg in ("--from-file", str(page))]
        harvest = [*PYTHON, "harvest", "ptv", *files]
        killed = _killed_run(harvest, env, kills=3, window=(2, 12))
        ptv, doubles, published, indexed = _count(env, COUNTS).split()
        lines.append(f"  harvest killed {killed}×, then completed: {ptv} PTV services "
                     f"(expected {records}), {doubles} duplicated source ids")  # fmt: skip
        again = subprocess.run(harvest, env=env, cwd=ROOT, capture_output=True, text=True)
        counts = ", ".join(f"{k} {v}" for k, v in re.findall(r"(written|unchanged): (\d+)",
                                                             again.stdout))  # fmt: skip
        lines.append(f"  a further identical run: {counts}")
        killed = _killed_run([*PYTHON, "rebuild_search_index"], env, kills=3, window=(1, 8))
        ptv, doubles, published, indexed = _count(env, COUNTS).split()
        lines.append(f"  index rebuild killed {killed}×, then completed: {indexed} services "
                     f"searchable of {published} published")  # fmt: skip
        ready = requests.get(f"{url}/readyz", timeout=5).status_code
        lines.append(f"  the running node afterwards: /readyz {ready}")
    return lines


def pg_restart(seconds: int) -> list[str]:
    with fresh_site() as (url, _env):
        result: dict = {}
        import threading

        runner = threading.Thread(target=lambda: result.update(wrk(url, seconds)))
        runner.start()
        time.sleep(seconds / 4)
        restart_at = time.monotonic()
        subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
        restart_took = time.monotonic() - restart_at
        recovered = wait_ready(url, 60)
        runner.join()
        after = wrk(url, 30)
    return [
        f"pg-restart: PostgreSQL restarted {seconds / 4:.0f} s into {seconds} s of load "
        "(50 clients)",
        f"  during the run: {result['requests']:.0f} requests, non-2xx {result['non2xx']:.0f}, "
        f"socket errors {result['socket_errors']:.0f}",
        f"  the restart took {restart_took:.1f} s; /readyz answered 200 again "
        f"{recovered:.1f} s after it (no manual step)",
        f"  30 s of load afterwards: {after['requests']:.0f} requests, non-2xx "
        f"{after['non2xx']:.0f}, socket errors {after['socket_errors']:.0f}, "
        f"p99 {after['p99_ms']:.0f} ms",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", choices=["load", "fuzz", "kill", "pg-restart", "all"])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--examples", type=int, default=50)
    parser.add_argument("--records", type=int, default=5000)
    args = parser.parse_args()
    random.seed(8)
    checks = {
        "load": lambda: load(args.minutes),
        "fuzz": lambda: fuzz(args.examples),
        "kill": lambda: kill(args.records),
        "pg-restart": lambda: pg_restart(120),
    }
    for name, check in checks.items():
        if args.check in (name, "all"):
            print("\n".join(check()), flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
