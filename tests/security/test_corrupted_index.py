"""Security audit 2026-12, finding 20: a node whose index cannot follow the change log says so
at /readyz, backs off instead of failing twice a second, and rebuilds itself."""

import pytest

from tarjotin.catalogue import models as m
from tarjotin.search import index
from tarjotin.search.engine import search
from tarjotin.search.request import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_failure_count():
    index._sync_failures["count"] = 0
    yield
    index._sync_failures["count"] = 0


def test_a_corrupted_index_is_not_ready_then_rebuilt(client, monkeypatch, fresh_failure_count):
    broken = index.current_index().path
    (broken / "meta.json").write_text('{"garbage": true')
    service = m.Service.objects.filter(publication_status="published").first()
    service.name = {"fi": "Tuorekerho"}
    service.save()  # a change the broken index cannot take
    monkeypatch.setattr(index, "rebuild", lambda *a, **k: pytest.fail("rebuilt too early"))
    waits = [index.sync_round(0.5) for _ in range(index.FAILURES_BEFORE_REBUILD - 1)]
    assert waits == [1.0, 2.0]  # backing off
    assert client.get("/readyz").status_code == 200  # one or two failures may be passing
    monkeypatch.undo()
    index.sync_round(0.5)  # the third failure in a row: not ready, and a new index is built
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["checks"]["search_sync"] is False
    assert index.current_index().path != broken
    assert index.sync_round(0.5) == 0.5
    assert client.get("/readyz").status_code == 200
    assert search(SearchRequest(text="tuorekerho", limit=1)).total == 1
