"""What caches may keep: the read API public for a minute and by language, with ETags that
answer a repeated question with a 304; resident pages private (they carry a CSRF token)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_read_api_may_be_kept_by_shared_caches_and_answers_304_when_unchanged(client):
    first = client.get("/api/search", {"q": "uinti"})
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]
    again = client.get("/api/search", {"q": "uinti"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_resident_pages_are_private(client):
    page = client.get("/search/", {"q": "uinti"})
    assert "private" in page["Cache-Control"] and "public" not in page["Cache-Control"]


def test_errors_are_not_kept(client):
    bad = client.get("/api/search", {"lang": "xx"})
    assert bad.status_code == 400 and "public" not in bad.get("Cache-Control", "")
