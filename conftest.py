"""Shared test fixtures: the official HSDS 3.1 files (tests/spec/hsds-3.1) and a test database
holding the demo data.

``TARJOTIN_TEST_NOW=2027-03-28T02:59:00+02:00 scripts/test.sh`` runs the whole suite as if the
clock had stood at that instant when it started (the clock then runs on): a test that passes only
at some hours or on some days shows itself. Such a test freezes time itself (``time_machine``).
"""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import time_machine
from django.test import override_settings

from tarjotin.api.tests.hsds_validation import HSDS_DIR, compiled


def pytest_configure(config):
    # Production hashes with PBKDF2 on purpose slowly; a test only needs a password to match.
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    override_settings(DEMAND_WRITE_SECONDS=0).enable()  # tests read the counts at once
    # Each test run starts with empty counters: the on-disk cache would keep the last run's.
    memory = "django.core.cache.backends.locmem.LocMemCache"
    override_settings(
        CACHES={
            "default": {"BACKEND": memory, "LOCATION": "tests"},
            "local": {"BACKEND": memory, "LOCATION": "tests-local"},
            "template_fragments": {"BACKEND": memory, "LOCATION": "tests-fragments"},
        }
    ).enable()
    start = os.environ.get("TARJOTIN_TEST_NOW")
    if start:
        time_machine.travel(dt.datetime.fromisoformat(start), tick=True).start()


def pytest_collection_modifyitems(items):
    """Tests that commit to the shared demo database (browser tests: a live server's requests
    and the accounts it must see) run after the tests whose transactions are rolled back, each
    group in its shuffled order: their rows would otherwise turn up in the counts of tests that
    run later. The grouping by isolation is pytest-django's, kept.

    Each test also gets its tier: ``unit`` needs no database (seconds in all: the inner loop,
    ``pytest -m unit``), ``slow`` drives Chromium or starts servers and processes, the rest
    (``-m "not unit and not slow"``) reads the demo catalogue, built once per session."""
    items.sort(key=lambda item: (_isolation(item), "site_url" in item.fixturenames))
    for item in items:
        if SLOW_FOLDERS & set(Path(item.path).parts) or "live_server" in item.fixturenames:
            item.add_marker(pytest.mark.slow)
        elif _isolation(item) == 2:
            item.add_marker(pytest.mark.unit)


SLOW_FOLDERS = {"browser", "operations"}


def _isolation(item) -> int:
    """pytest-django's order: rolled-back database tests, then transactional ones, then none."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    transactional = marker and marker.kwargs.get("transaction")
    if transactional or {"transactional_db", "live_server"} & fixtures:
        return 1
    return 0 if marker or "db" in fixtures else 2


def pytest_report_header(config):
    start = os.environ.get("TARJOTIN_TEST_NOW")
    return f"clock moved to {start} at the start (TARJOTIN_TEST_NOW)" if start else None


@pytest.fixture(scope="session")
def hsds_dir() -> Path:
    if not (HSDS_DIR / "schema" / "compiled").is_dir():
        pytest.fail(
            f"The official HSDS 3.1 files are not at {HSDS_DIR}; they belong in the repository "
            "(tests/spec/hsds-3.1), or set TARJOTIN_HSDS_SPEC_DIR to a folder with schema/ and "
            "examples/."
        )
    return HSDS_DIR


@pytest.fixture(scope="session")
def hsds_schema(hsds_dir):
    """``hsds_schema("compiled/service.json")`` -> the parsed official schema."""

    def load(name: str) -> dict:
        path = hsds_dir / "schema" / name
        if not path.exists() and name.startswith("compiled/"):
            return compiled(path.stem)  # the large compiled record schemas are not vendored
        return json.loads(path.read_text(encoding="utf-8"))

    return load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo catalogue and its search index are built once per test session."""
    from django.conf import settings

    from tarjotin.catalogue.demo.generate import load_demo
    from tarjotin.search.index import rebuild

    settings.SEARCH_INDEX_DIR = tmp_path_factory.mktemp("search-index")
    with django_db_blocker.unblock():
        load_demo()
        rebuild()
        from tarjotin.catalogue.models import Service

        DEMO_SERVICES.update(str(i) for i in Service.objects.values_list("id", flat=True))


DEMO_SERVICES: set[str] = set()


@pytest.fixture(autouse=True)
def index_holds_only_the_demo(monkeypatch):
    """A test's database rows are rolled back, its index documents are not: the services a
    test added (a harvest) leave the shared index afterwards, or later search tests would
    find them."""
    from tarjotin.search.index import SearchIndex

    added: set[str] = set()
    write = SearchIndex.write

    def recording(self, add, remove):
        added.update(doc.id for doc in add)
        write(self, add, remove)

    monkeypatch.setattr(SearchIndex, "write", recording)
    yield
    leftover = sorted(added - DEMO_SERVICES)
    if leftover and DEMO_SERVICES:
        from tarjotin.search.index import current_index

        write(current_index(), [], leftover)


@pytest.fixture(autouse=True)
def forget_applied_index_changes(request):
    """Each test's transaction is rolled back, so the next test reuses change-log ids that the
    search index remembers as applied; a node in production never sees ids reused."""
    if "db" in request.fixturenames or "django_db_setup" in request.fixturenames:
        from tarjotin.catalogue.selectors import forget_facet_terms
        from tarjotin.search.index import forget_applied

        forget_applied()
        forget_facet_terms()  # kept terms may come from a rolled-back transaction
    yield


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """The suite asks the API far faster than any client may; the limit has its own tests."""
    settings.RATE_LIMIT = settings.FORM_RATE_LIMIT = "off"


@pytest.fixture(autouse=True)
def no_kept_cards():
    """Result cards are kept by the version the index gives a service; a test that changes a
    service without indexing it again (its change is rolled back) must not see another test's."""
    from django.core.cache import caches

    caches["local"].clear()
    caches["template_fragments"].clear()
