"""Security audit 2026-12 finding 11 and harvesting issue item 5: what must not be published
(a javascript: or data: link, a name of 200,000 characters, a list where text belongs) is
quarantined with its reason, from a harvest and from an HSDS package alike."""

import json

import pytest

from tarjotin.catalogue import models as m
from tarjotin.sources.harvest.run import harvest
from tarjotin.sources.harvest.sources import SOURCES
from tarjotin.sources.harvest.writer import record_id
from tarjotin.sources.hsds.importer import import_tables
from tarjotin.sources.hsds.reader import read_json
from tarjotin.sources.models import QuarantinedRecord

pytestmark = pytest.mark.django_db


def place(number: int, **fields) -> dict:
    return {"sportsPlaceId": 920000 + number, "name": f"Testikenttä {number}",
            "type": {"typeCode": 1340, "name": "Pallokenttä"},
            "location": {"coordinates": {"wgs84": {"lon": 24.95, "lat": 60.18}},
                         "address": "Testitie 1", "postalCode": "00530",
                         "city": {"name": "Helsinki", "cityCode": 91}}, **fields}  # fmt: skip


def harvest_places(tmp_path, places):
    path = tmp_path / "places.json"
    path.write_text(json.dumps(places), encoding="utf-8")
    source = SOURCES["lipas"]()
    return harvest(source, source.read_files([path]), "test", full=False)


def stored(number: int) -> m.Service | None:
    return m.Service.objects.filter(id=record_id("lipas", "service", str(920000 + number))).first()


def test_harvested_records_that_must_not_be_published_are_quarantined(tmp_path):
    result = harvest_places(tmp_path, [
        place(1, www="javascript:alert(document.cookie)"),
        place(2, www="data:text/html;base64,PHNjcmlwdD4="),
        place(3, name="Kenttä " + "x" * 200_000),
        place(4, name=["Lista", "nimen paikalla"]),
        place(5, www="www.multia.fi"),  # LIPAS often leaves the scheme out
        place(6, www="https://example.org/kentta"),
    ])  # fmt: skip
    found = QuarantinedRecord.objects.filter(import_run=result.run)
    reasons = dict(found.values_list("record_id", "reason"))
    assert "only http and https" in reasons["920001"] and "only http and https" in reasons["920002"]
    assert "longer than" in reasons["920003"]
    assert "920004" in reasons
    assert [n for n in range(1, 5) if stored(n) is not None] == []
    assert (
        stored(5).url == "https://www.multia.fi" and stored(6).url == "https://example.org/kentta"
    )


def test_an_hsds_package_with_a_javascript_link_is_quarantined():
    tables = read_json({"services.csv": [
        {"id": "aaaaaaaa-0000-4000-8000-000000000003", "name": "Paha palvelu", "status": "active",
         "url": "javascript:alert(document.cookie)"},
        {"id": "aaaaaaaa-0000-4000-8000-000000000004", "name": "Hyvä palvelu", "status": "active",
         "url": "https://example.org/"},
    ]})  # fmt: skip
    result = import_tables(tables, "fi", "test")
    assert result.imported == {"service": 1}
    assert "only http and https" in result.quarantined[0].reason
    assert not m.Service.objects.filter(id="aaaaaaaa-0000-4000-8000-000000000003").exists()
