"""A node with worker processes (``serve --workers 2``, gunicorn), over real HTTP: every worker
serves, the node's rate limit counts the requests of all its workers together, one worker at a
time writes the search index, and SIGTERM lets the node stop cleanly."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


@pytest.fixture
def node(tmp_path):
    port = _free_port()
    env = {**os.environ, "TARJOTIN_VAR_DIR": str(tmp_path), "TARJOTIN_RATE_LIMIT": f"{LIMIT}/60",
           "TARJOTIN_SEARCH_SYNC_SECONDS": "0.3"}  # fmt: skip
    env.pop("TARJOTIN_DATABASE_URL", None)  # a node of its own on SQLite
    process = subprocess.Popen(
        [sys.executable, "-m", "tarjotin", "serve", "--port", str(port), "--workers", "2"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 180
    while time.monotonic() < end:
        assert process.poll() is None, process.stdout.read()
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.3)
    yield url, process, tmp_path
    if process.poll() is None:
        process.kill()
        process.wait(timeout=30)


def test_workers_serve_share_the_rate_limit_and_one_writes_the_index(node):
    url, process, var_dir = node
    assert len(_children(process.pid)) == 2
    statuses = []
    for _ in range(3 * LIMIT):  # new connections: the master hands them to either worker
        response = requests.get(f"{url}/api/search", {"q": "uinti"}, timeout=10,
                                headers={"Connection": "close"})  # fmt: skip
        statuses.append(response.status_code)
    # Each worker counting alone would let 2 × LIMIT through.
    assert statuses.count(200) == LIMIT and statuses.count(429) == 2 * LIMIT
    holders = _lock_holders(var_dir / "search" / "sync.lock")
    assert len(holders) == 1 and holders[0] in _children(process.pid)


def _lock_holders(path: Path) -> list[int]:
    """Processes holding a lock on ``path``, from the kernel's table (/proc/locks)."""
    inode = path.stat().st_ino
    holders = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        kind, pid, device = fields[1], fields[4], fields[5]
        if kind == "FLOCK" and int(device.rsplit(":", 1)[1]) == inode:
            holders.append(int(pid))
    return holders


def test_sigterm_stops_the_node_cleanly(node):
    url, process, _var_dir = node
    workers = _children(process.pid)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert "Tarjotin is stopping" in process.stdout.read()
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
