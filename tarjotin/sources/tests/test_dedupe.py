"""De-duplication across sources: one service shown, both provenances kept, people decide doubts."""

import pytest

from tarjotin.catalogue import models as m
from tarjotin.search.engine import search
from tarjotin.search.index import sync
from tarjotin.search.request import SearchRequest
from tarjotin.sources.harvest.dedupe import confirm, find_duplicates, name_similarity
from tarjotin.sources.harvest.records import LocationData, ServiceData
from tarjotin.sources.harvest.writer import Writer, record_id
from tarjotin.sources.models import DuplicatePair

pytestmark = pytest.mark.django_db


def harvested(source: str, source_id: str, name: str, point=None, url="", phones=()):
    places = [LocationData(source_id=f"p{source_id}", name={"fi": name}, latitude=point[0],
                           longitude=point[1])] if point else []  # fmt: skip
    data = ServiceData(source_id=source_id, name={"fi": name}, url=url, phones=list(phones),
                       categories={"exercise"}, locations=places)  # fmt: skip
    Writer(source).write(data)
    return m.Service.objects.get(id=record_id(source, "service", source_id))


def test_the_same_place_from_two_registries_is_merged_into_one():
    name, url = "Itäkeskuksen uimahalli", "https://www.hel.fi/uimahallit/itakeskus/"
    from_ptv = harvested("ptv", "a1", name, (60.2100, 25.0810), url, ["+358 9 310 87001"])
    from_tpr = harvested("tpr", "b1", name, (60.2102, 25.0812), url.replace("https://www.", "http://"),
                         ["09 310 87001"])  # fmt: skip
    report = find_duplicates()
    assert [(p.kept_id, p.duplicate_id) for p in report.merged] == [(from_ptv.id, from_tpr.id)]
    from_ptv.refresh_from_db()
    from_tpr.refresh_from_db()
    assert from_tpr.publication_status == "archived"
    assert from_tpr.extra["duplicate_of"] == str(from_ptv.id)
    assert from_ptv.extra["also_from"] == [
        {"service_id": str(from_tpr.id), "source_system": "tpr", "source_id": "b1"}
    ]
    sync()
    hits = search(SearchRequest(text="itäkeskuksen uimahalli", limit=50)).hits
    assert [h.id for h in hits].count(str(from_ptv.id)) == 1
    assert str(from_tpr.id) not in [h.id for h in hits]


def test_a_merged_duplicate_stays_merged_when_its_source_is_harvested_again():
    harvested("ptv", "a2", "Kontulan kirjasto", (60.2360, 25.0820))
    harvested("tpr", "b2", "Kontulan kirjasto", (60.2361, 25.0821))
    find_duplicates()
    again = harvested("tpr", "b2", "Kontulan kirjasto (muutettu)", (60.2361, 25.0821))
    assert again.publication_status == "archived" and "duplicate_of" in again.extra
    kept = m.Service.objects.get(id=record_id("ptv", "service", "a2"))
    harvested("ptv", "a2", "Kontulan kirjasto", (60.2360, 25.0820))  # unchanged: keeps its links
    kept.refresh_from_db()
    assert kept.extra["also_from"][0]["source_system"] == "tpr"


def test_a_doubtful_pair_waits_for_a_person_and_their_decision_holds():
    first = harvested("ptv", "a3", "Senioritanssi", (60.1841, 24.9508))
    second = harvested("linkedevents", "b3", "Senioritanssit Kalliossa", (60.1842, 24.9509))
    report = find_duplicates()
    assert not report.merged and len(report.proposed) == 1
    pair = DuplicatePair.objects.get()
    assert pair.status == "proposed" and any("apart" in r for r in pair.reasons)
    second.refresh_from_db()
    assert second.publication_status == "published"  # nothing hidden before a person decides
    confirm(pair, same=False)
    assert not find_duplicates().proposed  # a rejected pair is not proposed again
    first.refresh_from_db()
    assert first.publication_status == "published"


def test_different_activities_in_one_building_are_not_duplicates():
    harvested("ptv", "a4", "Kuntosali", (60.2100, 25.0810))
    harvested("tpr", "b4", "Vesijumppa ikäihmisille", (60.2100, 25.0810))
    report = find_duplicates()
    assert not report.merged and not report.proposed


def test_same_source_is_never_a_duplicate_of_itself():
    harvested("lipas", "c1", "Laavu", (60.30, 25.00))
    harvested("lipas", "c2", "Laavu", (60.30, 25.00))
    assert not find_duplicates().merged


def test_name_similarity_reads_every_language_and_ignores_association_suffixes():
    assert name_similarity({"kallion latu"}, {"kallion latu"}) == 1.0
    assert name_similarity({"vesijumppa"}, {"kuntosali"}) < 0.5
