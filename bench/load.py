# ruff: noqa: T201 (a benchmark prints its table)
"""Requests per second and latency of a node's pages under load, as a table.

    .venv/bin/python bench/load.py [--seconds 10] [--workers 0] [--database-url URL]

Starts a node on the demo catalogue (a fresh SQLite file, or the given PostgreSQL database,
which it empties and fills) twice: the production way (``serve --production``: one worker
process per core, gunicorn) and, as the baseline in the same run, as one process (waitress,
the laptop's ``serve``). For each, wrk asks the JSON search API, the results page, the map view,
a service page and the front page, 16 and then 50 connections at a time, and the table gives
requests per second and p50 / p95 / p99 in ms, with the goals' ratios (issue 20): results page
≥ 0.5 × the JSON API's rate and ≥ 100/s, service page ≥ 200/s. Needs Debian's wrk. wrk runs on
the same two cores as the node, as in docs/reliability.md.
"""

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = [sys.executable, "-m", "tarjotin"]
CONNECTIONS = (16, 50)
WRK_SCRIPT = """
wrk.headers["X-Forwarded-Proto"] = "https"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.2f %.1f %.1f %.1f\\n", summary.requests,
    e.status, e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def pages(url: str) -> dict[str, str]:
    answer = requests.get(f"{url}/api/search?q=kuntosali", timeout=30,
                          headers={"X-Forwarded-Proto": "https"})  # fmt: skip
    service = answer.json()["results"][0]["id"]
    return {
        "JSON API /api/search?q=kuntosali": "/api/search?q=kuntosali",
        "results page /search/?q=kuntosali": "/search/?q=kuntosali",
        "map view": "/search/?q=kuntosali&view=map",
        "service page": f"/service/{service}/",
        "front page": "/",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database_url: str | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="tarjotin-load-"))
    env = {**os.environ, "TARJOTIN_VAR_DIR": str(work), "TARJOTIN_RATE_LIMIT": "off",
           "TARJOTIN_LOG_LEVEL": "WARNING", "TARJOTIN_SECRET_KEY": "bench-" + "x" * 50,
           "TARJOTIN_TRUSTED_PROXY": "127.0.0.1"}  # fmt: skip
    if database_url:
        env["TARJOTIN_DATABASE_URL"] = database_url
        subprocess.run([*PYTHON, "flush", "--no-input"], env=env, cwd=ROOT, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    subprocess.run([*PYTHON, "demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return env


@contextlib.contextmanager
def node(env: dict, production: bool, workers: int):
    port = free_port()
    command = [*PYTHON, "serve", "--port", str(port)]
    if production:
        command += ["--production"] + (["--workers", str(workers)] if workers else [])
    log = open(Path(env["TARJOTIN_VAR_DIR"]) / f"server-{port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            print(f"the node on port {port} did not stop within 60 s of SIGTERM; killed")
            server.kill()
            server.wait()


def wait_ready(url: str, seconds: float = 300) -> None:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/readyz", timeout=10).status_code == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"{url} did not become ready")


def wrk(url: str, connections: int, seconds: int) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(script), url]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    fields = next(x for x in out.splitlines() if x.startswith("RESULT")).split()[1:]
    requests_done, non2xx, errors, duration, p50, p95, p99 = (float(f) for f in fields)
    return {"rate": requests_done / duration, "errors": non2xx + errors,
            "p50": p50, "p95": p95, "p99": p99}  # fmt: skip


def measure(url: str, seconds: int) -> dict:
    for path in pages(url).values():  # warm: caches and the index's first reads
        for _ in range(20):
            requests.get(url + path, timeout=30, headers={"X-Forwarded-Proto": "https"})
    return {(name, n): wrk(url + path, n, seconds)
            for name, path in pages(url).items() for n in CONNECTIONS}  # fmt: skip


def table(title: str, results: dict) -> None:
    print(f"\n{title}\n")
    print("| page | connections | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (name, n), r in results.items():
        print(f"| {name} | {n} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} "
              f"| {r['p99']:.1f} | {r['errors']:.0f} |")  # fmt: skip
    for n in CONNECTIONS:
        api = results[("JSON API /api/search?q=kuntosali", n)]["rate"]
        page = results[("results page /search/?q=kuntosali", n)]["rate"]
        service = results[("service page", n)]["rate"]
        print(
            f"\n{n} connections: results page {page:.0f}/s = {page / api:.2f} × the JSON API "
            f"(goal ≥ 0.5 and ≥ 100/s); service page {service:.0f}/s (goal ≥ 200/s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied)")
    args = parser.parse_args()
    env = prepare(args.database_url)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{os.cpu_count()} cores, demo catalogue on {database}, wrk -t2, {args.seconds} s each")
    with node(env, production=True, workers=args.workers) as url:
        after = measure(url, args.seconds)
    with node(env, production=False, workers=1) as url:
        before = measure(url, args.seconds)
    table("One process (waitress, `serve`): the baseline", before)
    table("Worker processes (gunicorn, `serve --production`)", after)


if __name__ == "__main__":
    main()
