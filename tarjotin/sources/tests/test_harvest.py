"""Harvesting from recorded responses in the real formats (tests/fixtures/harvest/)."""

import datetime as dt
import json
from pathlib import Path

import pytest
import requests
import responses

from tarjotin.catalogue import models as m
from tarjotin.search.engine import search
from tarjotin.search.request import SearchRequest
from tarjotin.sources.harvest.run import harvest
from tarjotin.sources.harvest.sources import SOURCES
from tarjotin.sources.harvest.writer import record_id
from tarjotin.sources.models import QuarantinedRecord
from tarjotin.sources.tests import upstream

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_back_off(settings):
    settings.HARVEST_RETRY_BACKOFF = 0


FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "harvest"
PTV = "https://ptv.test/api/v11"
PTV_FILES = ["ptv_channels_page1.json", "ptv_services_page1.json", "ptv_services_page2.json"]


def having(**params) -> list:
    """Match a recorded response to requests with these query parameters (among others)."""
    return [responses.matchers.query_param_matcher(params, strict_match=False)]


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def from_files(source: str, *names: str, full: bool = False):
    harvester = SOURCES[source]()
    return harvest(harvester, harvester.read_files([FIXTURES / n for n in names]), "test", full)


def service(source: str, source_id) -> m.Service:
    return m.Service.objects.get(id=record_id(source, "service", str(source_id)))


def found(text: str) -> list[str]:
    return [h.labels["name"].get("fi") for h in search(SearchRequest(text=text, limit=50)).hits]


def reasons(result) -> dict[str, str]:
    return dict(
        QuarantinedRecord.objects.filter(import_run=result.run).values_list("record_id", "reason")
    )


def test_ptv_services_become_searchable_with_places_hours_and_taxonomies():
    result = from_files("ptv", *PTV_FILES)
    assert result.counts["written"] == 2
    swim = service("ptv", "5e000000-0000-4000-8000-000000000001")
    assert swim.name == {"fi": "Senioriuinti"} and swim.source_system == "ptv"
    location = swim.service_at_locations.get().location
    assert location.latitude == pytest.approx(60.21, abs=0.02)  # from ETRS-TM35FIN metres
    assert location.longitude == pytest.approx(25.08, abs=0.01)
    assert location.description == {"fi": "Uimahalli ja kuntosali Itäkeskuksessa."}  # no HTML
    hours = m.Schedule.objects.filter(service_at_location__service=swim)
    assert sorted(h.byday or "" for h in hours) == ["", "MO,TU,WE,TH,FR", "SA"]
    closed = hours.get(byday=None)  # the Christmas closure, for its dates
    assert (closed.dtstart, closed.until, closed.opens_at) == (
        dt.date(2026, 12, 24), dt.date(2026, 12, 26), None)  # fmt: skip
    codes = set(
        m.Attribute.objects.filter(link_id=swim.id).values_list("taxonomy_term__code", flat=True)
    )
    assert {"exercise", "older_people", "in_person", "paid"} <= codes
    assert "Senioriuinti" in found("senioriuinti")
    remote = service("ptv", "5e000000-0000-4000-8000-000000000002")
    assert remote.url == "https://example.org/vertaisryhma"
    assert "Mielenterveyden vertaisryhmä verkossa" in found("vertaisryhmä")


def test_bad_ptv_records_are_quarantined_with_reason_and_payload():
    result = from_files("ptv", *PTV_FILES)
    quarantined = reasons(result)
    assert quarantined["5e000000-0000-4000-8000-000000000003"].startswith("outside the tray")
    assert "broken coordinate" in quarantined["5e000000-0000-4000-8000-000000000004"]
    assert "unknown language code" in quarantined["5e000000-0000-4000-8000-000000000005"]
    record = QuarantinedRecord.objects.get(record_id="5e000000-0000-4000-8000-000000000004")
    assert record.payload["serviceNames"][0]["value"] == "Ulkoilureitit"
    assert result.run.quarantined_count == 3 and result.run.imported_count == 2


def test_a_second_identical_harvest_changes_nothing():
    from_files("ptv", *PTV_FILES)
    before = {
        s.id: (s.last_modified, s.fetched_at) for s in m.Service.objects.filter(source_system="ptv")
    }
    again = from_files("ptv", *PTV_FILES)
    assert again.counts["written"] == 0 and again.counts["unchanged"] == 2
    after = {
        s.id: (s.last_modified, s.fetched_at) for s in m.Service.objects.filter(source_system="ptv")
    }
    assert after == before


def test_lipas_places_are_exercise_or_nature_without_personal_contacts():
    result = from_files("lipas", "lipas_sports_places.json")
    track = service("lipas", 900001)
    assert track.email is None and not track.phones.exists()  # LIPAS contacts are often personal
    assert track.url == "https://example.org/kuntorata"
    codes = set(
        m.Attribute.objects.filter(link_id=track.id).values_list("taxonomy_term__code", flat=True)
    )
    assert {"exercise", "nature", "free", "in_person"} <= codes
    assert service("lipas", 900002).service_at_locations.get().location.municipality_code == "091"
    quarantined = reasons(result)
    assert quarantined["900003"].startswith("outside the tray")
    assert quarantined["900004"].startswith("not a date")
    assert "Kontulan kuntorata" in found("kuntorata")


def test_linkedevents_future_events_are_services_cancelled_and_past_ones_are_not():
    result = from_files("linkedevents", "linkedevents_page1.json", "linkedevents_page2.json")
    assert result.counts["written"] == 2 and result.counts["withdrawn"] == 2
    dance = service("linkedevents", "helsinki:test1")
    assert dance.description == {"fi": "Kuvaus HTML:nä & muuta."}
    assert dance.minimum_age == 60
    schedule = m.Schedule.objects.get(service_at_location__service=dance)
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("TU", "10:00", "11:30")
    assert str(schedule.valid_from) == str(schedule.valid_to) == "2030-01-15"
    codes = set(
        m.Attribute.objects.filter(link_id=dance.id).values_list("taxonomy_term__code", flat=True)
    )
    assert {"culture", "exercise", "older_people", "free"} <= codes
    reading = service("linkedevents", "helsinki:test2")  # unmapped keyword: the default category
    assert "culture" in set(
        m.Attribute.objects.filter(link_id=reading.id).values_list("taxonomy_term__code", flat=True)
    )
    assert not m.Service.objects.filter(
        id=record_id("linkedevents", "service", "helsinki:test3")
    ).exists()


def test_tpr_units_with_accessibility_per_profile():
    result = from_files("tpr", "tpr_units.json")
    hall = service("tpr", 990001)
    facts = hall.service_at_locations.get().location.accessibility.get().profile_shortcomings
    assert facts["wheelchair"] == [] and facts["rollator"] == [] and facts["visual"]
    assert "hearing" not in facts  # unknown is not "suits"
    assert hall.extra["source_keywords"] == ["uinti", "vesijumppa", "aquazumba"]
    assert "Testin uimahalli" in found("aquazumba")  # the source's search words are searchable
    quarantined = reasons(result)
    assert quarantined["990002"].startswith("outside the tray")
    assert quarantined["990003"].startswith("coordinate outside Finland")


@responses.activate
def test_ptv_api_full_then_delta_with_withdrawal(settings):
    settings.PTV_API_URL, settings.PTV_MUNICIPALITIES = PTV, ["091"]
    services = [*fixture("ptv_services_page1.json")["itemList"],
                *fixture("ptv_services_page2.json")["itemList"]]  # fmt: skip
    channels = fixture("ptv_channels_page1.json")["itemList"]
    upstream.ptv_api(PTV, services, channels)
    source = SOURCES["ptv"]()
    full = harvest(source, source.fetch(), "api", full=True)
    assert full.counts["written"] == 2 and not full.fetch_errors
    peer_group = service("ptv", "5e000000-0000-4000-8000-000000000002")
    assert peer_group.publication_status == "published"

    responses.reset()
    archived = [
        {"id": item["id"], "publishingStatus": "Archived", "modified": "2026-11-20T10:00:00"}
        for item in fixture("ptv_archived_page1.json")["itemList"]
    ]
    upstream.ptv_api(PTV, services, channels, archived=archived)
    source = SOURCES["ptv"]()
    delta = harvest(
        source, source.fetch(since=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)), "api", full=False
    )
    assert delta.counts["withdrawn"] == 1 and delta.counts["written"] == 0
    peer_group.refresh_from_db()
    assert peer_group.publication_status == "archived"
    assert "Mielenterveyden vertaisryhmä verkossa" not in found("vertaisryhmä")
    assert service("ptv", "5e000000-0000-4000-8000-000000000001").publication_status == "published"


@responses.activate
def test_a_full_harvest_unpublishes_what_the_source_no_longer_lists(settings):
    settings.LIPAS_API_URL = "https://lipas.test/v1"
    places = fixture("lipas_sports_places.json")
    responses.get("https://lipas.test/v1/sports-places", json=places)
    source = SOURCES["lipas"]()
    harvest(source, source.fetch(), "api", full=True)
    responses.reset()
    responses.get("https://lipas.test/v1/sports-places", json=places[1:])
    source = SOURCES["lipas"]()
    result = harvest(source, source.fetch(), "api", full=True)
    assert result.counts["unpublished"] == 1
    assert service("lipas", 900001).publication_status == "archived"
    assert service("lipas", 900002).publication_status == "published"


@responses.activate
def test_http_500_and_timeouts_are_reported_and_block_the_reconciliation(settings):
    settings.LIPAS_API_URL = "https://lipas.test/v1"
    responses.get("https://lipas.test/v1/sports-places", json=fixture("lipas_sports_places.json"))
    source = SOURCES["lipas"]()
    harvest(source, source.fetch(), "api", full=True)
    responses.reset()
    responses.get("https://lipas.test/v1/sports-places", status=500)
    source = SOURCES["lipas"]()
    result = harvest(source, source.fetch(), "api", full=True)
    assert "HTTP 5xx or 429 after 4 retries" in result.fetch_errors[0]
    assert "not reconciled" in result.run.warnings[-1]
    assert service("lipas", 900001).publication_status == "published"  # an outage empties nothing

    responses.reset()
    settings.TPR_API_URL = "https://tpr.test/v4"
    responses.get("https://tpr.test/v4/unit/", body=requests.exceptions.ConnectTimeout())
    source = SOURCES["tpr"]()
    result = harvest(source, source.fetch(), "api", full=True)
    assert any("ConnectTimeout" in error for error in result.fetch_errors)
    assert "not reconciled" in result.run.warnings[-1]


@responses.activate
def test_linkedevents_follows_next_pages(settings):
    settings.LINKEDEVENTS_API_URL = "https://linkedevents.test/v1"
    responses.get("https://linkedevents.test/v1/event/", json=fixture("linkedevents_page1.json"),
                  match=having(include="location,keywords,audience,in_language"))  # fmt: skip
    responses.get(
        "https://linkedevents.test/v1/event/?page=2", json=fixture("linkedevents_page2.json")
    )
    source = SOURCES["linkedevents"]()
    result = harvest(source, source.fetch(), "api", full=False)
    assert result.counts["written"] == 2 and result.counts["withdrawn"] == 2


def test_a_record_the_database_refuses_goes_alone_into_quarantine(monkeypatch):
    from tarjotin.sources.harvest import writer

    original = writer.Writer._write_changed

    def refuse_one(self, changed):
        if any(data.source_id == "900002" for _id, data, _digest, _existing in changed):
            from django.db import IntegrityError

            raise IntegrityError("simulated")
        return original(self, changed)

    monkeypatch.setattr(writer.Writer, "_write_changed", refuse_one)
    result = from_files("lipas", "lipas_sports_places.json")
    assert reasons(result)["900002"] == "cannot be stored: IntegrityError"
    assert service("lipas", 900001).publication_status == "published"
    assert not m.Service.objects.filter(id=record_id("lipas", "service", "900002")).exists()


def test_tpr_service_descriptions_and_errands_with_placeholder_rows():
    result = from_files("tpr", "tpr_service_descriptions.json")
    assert result.counts["written"] == 2  # a description and an errand with the same number
    groups = service("tpr", "description:91001")
    assert groups.name == {
        "fi": "Vertaistukiryhmät palvelukeskuksessa",
        "sv": "Kamratstödsgrupper på servicecentralen",
    }
    assert groups.description["fi"] == "Palvelukeskuksissa kokoontuu vertaistukiryhmiä."
    assert groups.extra["source_keywords"] == ["vertaistuki", "vertaisryhmä"]
    errand = service("tpr", "errand:91001")
    assert errand.application_process == {"fi": "Soita palvelukeskukseen."}
    quarantined = reasons(result)
    assert quarantined["description:91002"].startswith("the row holds no text")
    assert quarantined["description:91003"].startswith("outside the tray's scope")


def test_harvest_command_prints_counts_and_takes_hsds_packages(capsys, tmp_path):
    from django.core.management import call_command

    call_command("harvest", "lipas", "--from-file", str(FIXTURES / "lipas_sports_places.json"),
                 verbosity=0)  # fmt: skip
    out = capsys.readouterr().out
    assert "written: 2" in out and "quarantined: 2" in out
    package = FIXTURES.parent / "hsds" / "broken_services.csv"
    (tmp_path / "services.csv").write_bytes(package.read_bytes())
    call_command("harvest", "hsds", "--from-file", str(tmp_path))
    assert "quarantined" in capsys.readouterr().out
