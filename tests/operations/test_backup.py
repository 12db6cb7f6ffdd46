"""The documented backup and restore (scripts/backup.sh, scripts/restore.sh): a restore into an
empty database holds the same records, byte for byte."""

import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["catalogue_service", "catalogue_organization", "catalogue_location",
           "catalogue_attribute", "catalogue_schedule", "referrals_referral",
           "referrals_auditevent", "indicators_searchcount", "auth_user"]  # fmt: skip

pytestmark = [
    pytest.mark.django_db(transaction=False),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the backup procedure is PostgreSQL's pg_dump and pg_restore",
    ),
]


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _fingerprint(cursor) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of every row's text, in key order, per table."""
    found = {}
    for table in CHECKED:
        cursor.execute(f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))"
                       f" FROM {table} t")  # fmt: skip
        found[table] = cursor.fetchone()
    return found


def test_backup_restores_into_an_empty_database(tmp_path):
    import psycopg

    with connection.cursor() as cursor:
        before = _fingerprint(cursor)
    assert before["catalogue_service"][0] > 1000  # the demo catalogue is there to back up
    source = connection.settings_dict["NAME"]
    # pg_dump reads in its own session: it sees the committed demo data this test compares.
    dump = tmp_path / "tarjotin.dump"
    subprocess.run([ROOT / "scripts" / "backup.sh", _url(source), dump], check=True, timeout=300)
    target = f"tarjotin_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run([ROOT / "scripts" / "restore.sh", dump, _url(target)], check=True,
                       timeout=300)  # fmt: skip
        with psycopg.connect(_url(target)) as restored, restored.cursor() as cursor:
            after = _fingerprint(cursor)
        assert after == before
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
