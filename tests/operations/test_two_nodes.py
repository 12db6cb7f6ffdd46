"""Scale-out on one machine: two web nodes (two processes, two ports, each with its own search
index) against one PostgreSQL. An edit published through node A is searchable on node B
within 2 seconds: node B applies the database's change log to its own index."""

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PROPAGATION_LIMIT_S = 2.0  # the bound; each node syncs every 0.5 s

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="scale-out needs PostgreSQL (SQLite is the single-node default)",
)

SETUP = """
from django.contrib.auth.models import User
from tarjotin.catalogue import models as m
from tarjotin.publishing.models import Membership, PublishingRights
organization = m.Organization.objects.create(name={"fi": "Kahden solmun seura ry"},
                                             source_system="tarjotin")
PublishingRights.objects.create(organization=organization, trusted=True)
user = User.objects.create_user("solmu@example.org", "solmu@example.org", "solmu-salasana-1")
Membership.objects.create(user=user, organization=organization)
print(organization.id)
"""


def _server_url() -> str:
    default = settings.DATABASES["default"]
    return (
        f"postgres://{default['USER']}@{default['HOST'] or '127.0.0.1'}:{default['PORT'] or 5432}"
    )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(url: str, process, deadline_s: float = 180) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"node exited: {process.stdout.read()}")
        try:
            if requests.get(f"{url}/readyz", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or busy starting: ask again
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not become ready")


@pytest.fixture
def two_nodes(tmp_path):
    import psycopg

    name = f"tarjotin_two_nodes_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{_server_url()}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base_env = {**os.environ, "TARJOTIN_DATABASE_URL": f"{_server_url()}/{name}",
                "TARJOTIN_RATE_LIMIT": "off", "TARJOTIN_SEARCH_SYNC_SECONDS": "0.5"}  # fmt: skip
    run = [sys.executable, "-m", "tarjotin"]
    setup_env = {**base_env, "TARJOTIN_VAR_DIR": str(tmp_path)}
    subprocess.run([*run, "migrate", "-v0"], env=setup_env, cwd=ROOT, check=True, timeout=300)
    organization_id = subprocess.run(
        [*run, "shell", "-c", SETUP], env=setup_env, cwd=ROOT, check=True, timeout=120,
        capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    nodes, processes = [], []
    for label in ("a", "b"):
        port = _free_port()
        env = {**base_env, "TARJOTIN_VAR_DIR": str(tmp_path / label)}
        processes.append(subprocess.Popen(
            [*run, "serve", "--port", str(port)], env=env, cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        ))  # fmt: skip
        nodes.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(nodes, processes, strict=True):
            _wait_ready(url, process)
        yield nodes, organization_id
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        with psycopg.connect(f"{_server_url()}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _csrf(session, url: str) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_an_edit_through_node_a_is_searchable_on_node_b(two_nodes):
    (node_a, node_b), organization_id = two_nodes
    session = requests.Session()
    login = f"{node_a}/manage/login/"
    session.post(login, {"username": "solmu@example.org", "password": "solmu-salasana-1",
                         "csrfmiddlewaretoken": _csrf(session, login)},
                 headers={"Referer": login}, timeout=10)  # fmt: skip
    created = session.post(
        f"{node_a}/manage/service/new/",
        {"organization": organization_id, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{node_a}/manage/"}, timeout=10,
    )  # fmt: skip
    edit_url = created.url
    name = f"Kahden solmun kuorolaulu {uuid.uuid4().hex[:6]}"
    form = {
        "name_fi": name,
        "description_fi": "Laulamme yhdessä joka viikko. Sopii kaikille, jotka haluavat laulaa "
        "kuorossa ilman kokemusta. Tervetuloa mukaan!",
        "category": ["culture"], "target_group": ["everyone"], "delivery": ["remote"],
        "cost": ["free"], "phone": "09 123 4567", "submit": "1",
        "csrfmiddlewaretoken": _csrf(session, edit_url),
    }  # fmt: skip
    published = session.post(edit_url, form, headers={"Referer": edit_url}, timeout=10)
    assert published.status_code == 200 and "field-error" not in published.text
    sent_at = time.monotonic()

    found_after = None
    while time.monotonic() - sent_at < 10:
        answer = requests.get(f"{node_b}/api/search", {"q": name}, timeout=5).json()
        if any(hit["name"] == name for hit in answer["results"]):
            found_after = time.monotonic() - sent_at
            break
        time.sleep(0.1)
    assert found_after is not None, "node B never found the edit"
    if os.environ.get("TARJOTIN_REPORT"):
        print(f"\nnode B found the edit {found_after:.2f} s after node A published it")  # noqa: T201
    assert found_after < PROPAGATION_LIMIT_S, f"node B found it after {found_after:.2f} s"
