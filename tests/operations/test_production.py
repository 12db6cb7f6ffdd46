"""Operating Tarjotin: health and readiness, rate limits, logs without secrets, and Django's
deployment check with the production settings."""

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tarjotin.logs import JsonFormatter, MaskSecrets

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json()["checks"] == {"database": True, "search_index": True, "search_sync": True}


@pytest.mark.django_db
def test_not_ready_without_a_search_index(client, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "nothing-here"
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["checks"]["search_index"] is False


@pytest.mark.django_db
def test_rate_limit_per_client_with_a_json_answer(client, settings, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 3, 12, 0, 10, tzinfo=dt.UTC), tick=False)
    settings.RATE_LIMIT = "3/60"
    from django.core.cache import cache

    cache.clear()
    for _i in range(3):
        assert client.get("/api/search", {"q": "uinti"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    refused = client.get("/api/search", {"q": "uinti"}, REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited" and int(refused["Retry-After"]) > 0
    assert client.get("/api/search", {"q": "uinti"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/", REMOTE_ADDR="10.0.0.1").status_code == 200  # pages are not limited


@pytest.mark.django_db
def test_rate_limit_reads_the_client_behind_a_trusted_proxy(client, settings, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 3, 12, 0, 10, tzinfo=dt.UTC), tick=False)
    settings.RATE_LIMIT, settings.TRUSTED_PROXY_COUNT = "1/60", 1
    from django.core.cache import cache

    cache.clear()
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    assert client.get("/api/search", HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy).status_code == 200
    assert client.get("/api/search", HTTP_X_FORWARDED_FOR="2.2.2.2", **proxy).status_code == 200
    assert client.get("/api/search", HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy).status_code == 429


def test_logs_mask_the_client_link_token_and_can_be_json():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1,
                               "Not Found: %s", ("/lahete/s3cr3t-token_xyz/",), None)  # fmt: skip
    MaskSecrets().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Not Found: /lahete/…/" and line["level"] == "WARNING"


@pytest.mark.django_db
def test_a_client_link_404_is_logged_without_its_token(client, caplog):
    caplog.set_level(logging.WARNING)
    client.get("/lahete/abcdefghijklmnop/")
    handler = logging.StreamHandler()
    handler.addFilter(MaskSecrets())
    for record in caplog.records:
        handler.filter(record)
    assert "abcdefghijklmnop" not in " ".join(r.getMessage() for r in caplog.records)


def test_deployment_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "TARJOTIN_PRODUCTION": "1",
        "TARJOTIN_SECRET_KEY": "x7" * 30 + "-production-like-secret-for-the-check",
        "TARJOTIN_ALLOWED_HOSTS": "tarjotin.example.fi",
        "TARJOTIN_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    result = subprocess.run(
        [sys.executable, "-m", "tarjotin", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "TARJOTIN_PRODUCTION": "1", "TARJOTIN_VAR_DIR": str(tmp_path)}
    env.pop("TARJOTIN_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "tarjotin", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0 and "TARJOTIN_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, settings):
    from django.contrib.auth.models import User
    from django.core.cache import cache

    cache.clear()
    settings.LOGIN_FAILURE_LIMIT = 3
    User.objects.create_user("hoitaja@example.org", "hoitaja@example.org", "oikea-salasana-1")
    for _i in range(3):
        page = client.post("/manage/login/", {"username": "hoitaja@example.org",
                                              "password": "väärä"})  # fmt: skip
        assert page.status_code == 200
    refused = client.post("/manage/login/", {"username": "hoitaja@example.org",
                                             "password": "oikea-salasana-1"})  # fmt: skip
    assert refused.status_code == 200 and "15" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()
    accepted = client.post("/manage/login/", {"username": "hoitaja@example.org",
                                              "password": "oikea-salasana-1"})  # fmt: skip
    assert accepted.status_code == 302


def test_passwords_must_be_long_and_not_common():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("lyhyt-1", "12345678901234", "password1234"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("kolme-pitkää-sanaa")
