"""Security audit 2026-12, finding 21: an import run beside a serving node that holds the
index's writer lock finishes and reports, instead of crashing after its rows were committed."""

import json

import pytest
import tantivy
from django.core.management import call_command

from tarjotin.catalogue import models as m
from tarjotin.search.index import SCHEMA, current_index

pytestmark = pytest.mark.django_db


def test_an_import_beside_a_node_holding_the_index_prints_its_summary(tmp_path, capsys):
    record = {"id": "8b1e3f7a-8c51-4c3e-9a40-3f8a2b0c9d11", "name": "Lukkotestin kerho",
              "status": "active", "description": "Kerho."}  # fmt: skip
    (tmp_path / "service.json").write_text(json.dumps(record), encoding="utf-8")
    index_path = current_index().path
    other_node = tantivy.Index(SCHEMA, path=str(index_path), reuse=True)
    writer = other_node.writer(15_000_000, 1)  # the serving node, applying the change log
    try:
        call_command("import_hsds", str(tmp_path / "service.json"))
    finally:
        writer.rollback()
        del writer
    out = capsys.readouterr().out
    assert "1 imported, 0 quarantined" in out
    assert "search index is busy" in out
    assert m.Service.objects.filter(id=record["id"]).exists()
