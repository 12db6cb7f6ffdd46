"""Harvesters against mock servers that behave as the real interfaces' code does
(tarjotin/sources/tests/upstream.py cites the upstream files). Harvesting audit 2026-12:
L1 (end=today selected the past), L2 (no event_type: no courses or volunteering), L3 (deleted
events need show_deleted), L5 (online events), S1 (LIPAS refuses unknown fields), paging links
to another host (security audit #18)."""

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import responses

from tarjotin.catalogue import models as m
from tarjotin.sources.harvest.run import harvest
from tarjotin.sources.harvest.sources import SOURCES
from tarjotin.sources.harvest.writer import record_id
from tarjotin.sources.tests import upstream

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "harvest"
LE = "https://linkedevents.test/v1"
LIPAS = "https://lipas.test/v1"
NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)  # the events fixture is around this day


@pytest.fixture(autouse=True)
def at_a_fixed_moment(time_machine, settings):
    """What is "upcoming" depends on the day: the clock stands still for these tests."""
    time_machine.move_to(NOW, tick=False)
    settings.HARVEST_RETRY_BACKOFF = 0
    settings.LINKEDEVENTS_API_URL, settings.LIPAS_API_URL = LE, LIPAS


def events() -> list[dict]:
    return json.loads((FIXTURES / "linkedevents_contract_events.json").read_text("utf-8"))


def status(source: str, source_id: str) -> str | None:
    found = m.Service.objects.filter(id=record_id(source, "service", source_id)).first()
    return found.publication_status if found else None


def run(source_name: str, since=None, full=True):
    source = SOURCES[source_name]()
    return harvest(source, source.fetch(since), "contract", full=full)


@responses.activate
def test_a_full_linkedevents_run_brings_upcoming_events_courses_and_volunteering():
    sent = upstream.linkedevents_api(LE, events(), NOW)
    result = run("linkedevents")
    assert not result.fetch_errors
    published = {e["id"] for e in events() if status("linkedevents", e["id"]) == "published"}
    assert published == {
        "helsinki:sopimus-kaynnissa", "helsinki:sopimus-tuleva", "helsinki:sopimus-kurssi",
        "helsinki:sopimus-vapaaehtoinen", "helsinki:sopimus-verkossa",
        "helsinki:sopimus-poistuva",
    }  # fmt: skip
    assert status("linkedevents", "helsinki:sopimus-mennyt") is None  # the past is not asked for
    assert sent and all("end" not in query for query in sent)


@responses.activate
def test_an_online_event_is_remote_and_has_no_place_called_internet():
    upstream.linkedevents_api(LE, events(), NOW)
    run("linkedevents")
    online = m.Service.objects.get(id=record_id("linkedevents", "service",
                                                 "helsinki:sopimus-verkossa"))  # fmt: skip
    codes = set(m.Attribute.objects.filter(link_id=online.id)
                .values_list("taxonomy_term__code", flat=True))  # fmt: skip
    assert "remote" in codes and "in_person" not in codes
    assert not m.Location.objects.filter(name__fi="Internet").exists()


@responses.activate
def test_a_delta_withdraws_an_event_deleted_upstream():
    upstream.linkedevents_api(LE, events(), NOW)
    run("linkedevents")
    assert status("linkedevents", "helsinki:sopimus-poistuva") == "published"
    responses.reset()
    later = copy.deepcopy(events())
    gone = next(e for e in later if e["id"] == "helsinki:sopimus-poistuva")
    gone.update(deleted=True, last_modified_time="2026-12-03T11:00:00Z")
    upstream.linkedevents_api(LE, later, NOW)
    result = run("linkedevents", since=NOW - dt.timedelta(days=1), full=False)
    assert not result.fetch_errors and result.counts["withdrawn"] == 1
    assert status("linkedevents", "helsinki:sopimus-poistuva") != "published"
    assert status("linkedevents", "helsinki:sopimus-kurssi") == "published"


@responses.activate
def test_a_paging_link_to_another_host_is_not_followed():
    body = {"meta": {"count": 2, "next": "https://elsewhere.example/event/?page=2"},
            "data": events()[1:2]}  # fmt: skip
    responses.get(f"{LE}/event/", json=body)
    result = run("linkedevents")
    assert any("another host" in error for error in result.fetch_errors)
    assert len(responses.calls) == 1
    assert "not reconciled" in " ".join(result.run.warnings)


def lipas_places(count: int) -> list[dict]:
    """The fixture's places, repeated under new ids so that the list spans several pages."""
    base = json.loads((FIXTURES / "lipas_sports_places.json").read_text("utf-8"))
    places = []
    for number in range(count):
        place = copy.deepcopy(base[number % 2])  # a track and a recreation site
        place["sportsPlaceId"] = 910000 + number
        place["name"] = f"{place['name']} {number}"
        places.append(place)
    return places


@responses.activate
def test_lipas_is_asked_only_for_fields_it_accepts_and_paged_to_the_end():
    sent = upstream.lipas_api(LIPAS, lipas_places(130))
    result = run("lipas")
    assert not result.fetch_errors, result.fetch_errors
    assert len(sent) == 2  # 100 + 30, the second answered 200 without a next link
    assert all(set(query["fields"]) <= upstream.LIPAS_LEGACY_FIELDS for query in sent)
    track = m.Service.objects.get(id=record_id("lipas", "service", "910000"))
    assert track.publication_status == "published"
    assert "Valaistu 2 km reitti." in (track.description or {}).get("fi", "")
    assert m.Service.objects.filter(source_system="lipas").count() == 130


@responses.activate
def test_the_lipas_mock_refuses_a_field_outside_the_legacy_list():
    """The mock must be able to say no, or the test above proves nothing."""
    upstream.lipas_api(LIPAS, lipas_places(3))
    import requests

    fields = {"fields": ["name", "properties.infoFi"]}
    answer = requests.get(f"{LIPAS}/sports-places", params=fields)
    assert answer.status_code == 400 and "fields" in answer.json()["errors"]


PTV = "https://ptv.test/api/v11"


def ptv_fixture() -> dict:
    return json.loads((FIXTURES / "ptv_contract.json").read_text("utf-8"))


@responses.activate
def test_ptv_brings_nationwide_services_once_free_with_voice_phones_web_page_and_email(settings):
    """Harvesting audit P2 (includeWholeCountry), P3 (FreeOfCharge), P5 (fax), P6 (feedback
    form as the web address), P7 (e-mail), P19 (peer and volunteer activity in scope)."""
    settings.PTV_API_URL, settings.PTV_MUNICIPALITIES = PTV, ["091", "049"]
    data = ptv_fixture()
    sent = upstream.ptv_api(PTV, data["services"][:2], data["channels"][:4])
    result = run("ptv")
    assert not result.fetch_errors
    assert all(q.get("includeWholeCountry") == "true" for q in sent if "/area/" in q["path"])
    peer = m.Service.objects.get(id=record_id("ptv", "service", data["services"][0]["id"]))
    helpline = m.Service.objects.get(id=record_id("ptv", "service", data["services"][1]["id"]))
    assert result.counts["written"] == 2  # the nationwide one once, though both towns list it
    codes = set(m.Attribute.objects.filter(link_id=peer.id)
                .values_list("taxonomy_term__code", flat=True))  # fmt: skip
    assert {"free", "peer_support"} <= codes
    phones = list(m.Phone.objects.filter(service=peer).values_list("number", flat=True))
    assert phones == ["+358 405551234"]  # the fax number is not published as a phone
    assert peer.url == "https://example.org/vertaistuki"  # not the shared feedback form
    assert peer.email == "vertaistuki@example.org"
    assert helpline.publication_status == "published"


def ptv_api(data: dict, **changes) -> list:
    return upstream.ptv_api(
        PTV,
        data["services"],
        data["channels"],
        organizations=data["organizations"],
        general_descriptions=data["general_descriptions"],
        **changes,
    )


MEMORY = "5e000000-0000-4000-8000-0000000000a3"  # a service whose classes are its GD's


@responses.activate
def test_ptv_reads_general_descriptions_organizations_areas_and_requirements(settings):
    """Harvesting audit P4 (serviceWithGD), P13 (region areas), P14 (requirements),
    P15 (alternative names), P16 (organizations fetched and typed), P17 (Y-tunnus)."""
    settings.PTV_API_URL, settings.PTV_MUNICIPALITIES = PTV, ["091"]
    data = ptv_fixture()
    sent = ptv_api(data)
    result = run("ptv")
    assert not result.fetch_errors and result.counts["written"] == 3
    assert all(q.get("serviceWithGD") == "true" for q in sent if "Service/list/" in q["path"])
    memory = m.Service.objects.get(id=record_id("ptv", "service", MEMORY))
    codes = set(m.Attribute.objects.filter(link_id=memory.id)
                .values_list("taxonomy_term__code", flat=True))  # fmt: skip
    assert {"advice", "free"} <= codes and "paid" not in codes  # the GD's class and charge
    assert memory.description["fi"].startswith("Yleiskuvaus")  # no own description: the GD's
    assert memory.eligibility_description["fi"].startswith("Palvelu on tarkoitettu")
    assert memory.alternate_name == {"fi": "Muistihoitajan neuvonta"}
    areas = set(memory.service_areas.values_list("municipality_code", flat=True))
    assert areas == {"091", "049"}  # the region's municipalities
    assert memory.service_areas.get(municipality_code="049").name == {"fi": "Espoo"}
    assert memory.organization.organization_type == "municipality"
    peer = m.Service.objects.get(id=record_id("ptv", "service", data["services"][0]["id"]))
    assert peer.organization.organization_type == "ngo"  # PTV "Organization": an association
    assert peer.organization.website == "https://testiyhdistys.example.org"
    identifiers = peer.organization.organization_identifiers
    assert list(identifiers.values_list("identifier", flat=True)) == ["1234567-8"]


@responses.activate
def test_ptv_keeps_hours_of_every_kind_numbers_by_place_and_entrance_accessibility(settings):
    """Harvesting audit P8 (numbers stay with their place), P9 (a phone line's hours), P10
    (always open, over midnight, exceptional closures), P11 (entrances), P12 (other address)."""
    settings.PTV_API_URL, settings.PTV_MUNICIPALITIES = PTV, ["091"]
    ptv_api(ptv_fixture())
    run("ptv")
    memory = m.Service.objects.get(id=record_id("ptv", "service", MEMORY))
    assert list(memory.phones.values_list("number", flat=True)) == ["+358 95551111"]
    line = memory.schedules.get()
    assert (line.byday, line.opens_at, line.closes_at) == ("MO,TU,WE,TH,FR", "09:00", "12:00")
    assert line.attending_type["fi"] == "Puhelin"
    clinic = memory.service_at_locations.get(location__name__fi="Muistipoliklinikka").location
    assert list(clinic.phones.values_list("number", flat=True)) == ["+358 95552222"]
    assert "Ovi avautuu automaattisesti." in clinic.accessibility.get().description["fi"]
    hours = {(s.byday, s.opens_at, s.closes_at, s.dtstart, s.until)
             for s in m.Schedule.objects.filter(service_at_location__location=clinic)}  # fmt: skip
    assert hours == {
        ("MO,TU,WE,TH,FR", "08:00", "16:00", None, None),
        ("FR", "22:00", "04:00", None, None),
        (None, None, None, dt.date(2026, 12, 24), dt.date(2026, 12, 26)),  # closed
    }
    park = memory.service_at_locations.get(location__name__fi="Muistikahvila ulkona").location
    assert park.latitude is not None and park.description["fi"].startswith("Puiston laidalla")
    always = m.Schedule.objects.get(service_at_location__location=park)
    assert always.byday == "MO,TU,WE,TH,FR,SA,SU" and always.description["fi"] == "Aina avoinna"


@responses.activate
def test_a_ptv_delta_asks_the_id_lists_in_utc_and_brings_services_whose_channel_changed(
    settings,
):
    """Harvesting audit P1 (the list endpoints ignore ``date``) and P18 (PTV times are UTC)."""
    settings.PTV_API_URL, settings.PTV_MUNICIPALITIES = PTV, ["091"]
    data = ptv_fixture()
    ptv_api(data)
    run("ptv")
    memory = m.Service.objects.get(id=record_id("ptv", "service", MEMORY))
    assert memory.last_modified == dt.datetime(2026, 11, 30, 22, 30, tzinfo=dt.UTC)
    responses.reset()
    line = next(c for c in data["channels"] if c["id"].endswith("c5"))  # the memory line
    line["phoneNumbers"][0]["number"] = "95553333"
    line["modified"] = "2026-12-03T09:00:00"  # UTC: 11:00 in Helsinki
    sent = ptv_api(data)
    since = dt.datetime(2026, 12, 3, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    result = run("ptv", since=since, full=False)
    assert not result.fetch_errors and result.counts["written"] == 1
    assert not [q for q in sent if "/list/area/" in q["path"]]  # no full download
    dated = [q for q in sent if "date" in q]
    assert dated and all(q["date"] == "2026-12-03T08:30:00" for q in dated)
    assert list(memory.phones.values_list("number", flat=True)) == ["+358 95553333"]


TPR, REGISTER = "https://tpr.test/v4", "https://tpr.test/vpalvelurekisteri"


def tpr_fixture() -> dict:
    return json.loads((FIXTURES / "tpr_contract.json").read_text("utf-8"))


@responses.activate
def test_tpr_brings_hours_numbers_prices_links_sentences_and_the_real_organization(settings):
    """Harvesting audit T1 (accessibility sentences), T3 (connections), T4 (organizations by
    org_id), T5 (newfeatures), T6 (languages, is_public), T10 (internal codes as keywords)."""
    settings.TPR_API_URL, settings.TPR_REGISTER_URL = TPR, REGISTER
    sent = upstream.tpr_api(TPR, REGISTER, tpr_fixture())
    result = run("tpr")
    assert not result.fetch_errors
    assert any(q["path"] == "unit/" and q.get("newfeatures") == "yes" for q in sent)
    hall = m.Service.objects.get(id=record_id("tpr", "service", "990101"))
    place = hall.service_at_locations.get().location
    assert (
        "Kulkureitti sisäänkäynnille on epätasainen." in place.accessibility.get().description["fi"]
    )
    assert place.accessibility.get().url.endswith("/990101")
    hours = place.service_at_locations.get(service=hall).schedules.get()
    assert hours.description["fi"].startswith("Naiset: ma, ke, pe")
    assert list(place.phones.values_list("number", flat=True)) == [
        "+358 9 310 87401"
    ]  # not a person's
    assert hall.fees_description["fi"] == "Aikuiset: kertamaksu 5,80 e"
    assert "Uimataito pakollinen" in hall.description["fi"]
    assert list(hall.additional_urls.values_list("url", flat=True)) == [
        "https://example.org/nettilippu"
    ]
    assert set(hall.languages.values_list("code", flat=True)) == {"fi", "sv"}
    assert "hh_liik" not in hall.extra["source_keywords"]
    assert hall.organization.name["fi"] == "Helsingin kaupunki"
    park = m.Service.objects.get(id=record_id("tpr", "service", "990102"))
    assert park.organization.name["fi"] == "Espoon kaupunki"  # not "Helsingin kaupunki"
    assert park.organization.organization_type == "municipality"
    assert status("tpr", "990103") is None  # not public in the register


@responses.activate
def test_tpr_service_register_is_harvested_live_with_places_departments_and_channels(settings):
    """Harvesting audit T7 (the register live), T8 (unit_ids, responsible_depts, errand
    channels), T9 (generic advice is not exercise)."""
    settings.TPR_API_URL, settings.TPR_REGISTER_URL = TPR, REGISTER
    sent = upstream.tpr_api(TPR, REGISTER, tpr_fixture())
    result = run("tpr")
    assert not result.fetch_errors
    assert {"path": "description/97001", "language": "en"} in sent  # 404: no English text
    advice = m.Service.objects.get(id=record_id("tpr", "service", "description:97001"))
    assert advice.name == {"fi": "Matkailuneuvonta", "sv": "Turistrådgivning"}
    codes = set(m.Attribute.objects.filter(link_id=advice.id)
                .values_list("taxonomy_term__code", flat=True))  # fmt: skip
    assert "advice" in codes and "exercise" not in codes
    assert advice.service_at_locations.get().location.name["fi"] == "Testikadun uimahalli"
    assert advice.organization.name["fi"] == "Helsingin kaupunki"
    assert "hh_vet" not in advice.extra["source_keywords"]
    errand = m.Service.objects.get(id=record_id("tpr", "service", "errand:98001"))
    assert list(errand.phones.values_list("number", flat=True)) == ["+358 9 310 32249"]
    assert errand.schedules.get().description["fi"] == "+358 9 310 32249: Avoinna ti 16-17:30"
    assert errand.email == "neuvonta@example.org"
    visit = errand.service_at_locations.get().location
    assert visit.addresses.get().address_1["fi"] == "Koetilankuja 1"


def recurring() -> list[dict]:
    return json.loads((FIXTURES / "linkedevents_contract_recurring.json").read_text("utf-8"))


COURSE = "helsinki:sopimus-vesijumppa"


@responses.activate
def test_a_recurring_course_is_one_service_with_its_weekly_meetings():
    """Harvesting audit L6 (each meeting became a service), L9 (no keywords: by its name,
    water aerobics is exercise), L10 (ticket link, enrolment, places, where in the place)."""
    upstream.linkedevents_api(LE, recurring(), NOW)
    result = run("linkedevents")
    assert not result.fetch_errors
    assert status("linkedevents", COURSE) == "published"
    assert all(status("linkedevents", f"{COURSE}-{i}") is None for i in (1, 2, 3))
    course = m.Service.objects.get(id=record_id("linkedevents", "service", COURSE))
    meets = m.Schedule.objects.get(service_at_location__service=course)
    assert (meets.byday, meets.opens_at, meets.closes_at) == ("TU", "17:00", "17:45")
    assert (meets.dtstart, meets.until) == (dt.date(2026, 12, 8), dt.date(2026, 12, 22))
    codes = set(m.Attribute.objects.filter(link_id=course.id)
                .values_list("taxonomy_term__code", flat=True))  # fmt: skip
    assert "exercise" in codes and "culture" not in codes
    assert list(course.additional_urls.values_list("url", flat=True)) == [
        "https://example.org/liput/vesijumppa"
    ]
    assert course.application_process["fi"] == "Ilmoittautuminen 20.11.2026–7.12.2026. " \
        "Enintään 12 osallistujaa."  # fmt: skip
    place = course.service_at_locations.get().location
    assert place.description["fi"].startswith("Opetusallas")


@responses.activate
def test_a_delta_that_brings_one_meeting_fetches_its_course():
    """A changed meeting alone must not become a service of its own (L6 in deltas)."""
    events = recurring()
    events[2]["last_modified_time"] = "2026-12-03T11:00:00Z"
    sent = upstream.linkedevents_api(LE, events, NOW)
    since = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
    result = run("linkedevents", since=since, full=False)
    assert not result.fetch_errors
    assert any(q.get("super_event") == COURSE for q in sent)
    assert status("linkedevents", COURSE) == "published"
    assert status("linkedevents", f"{COURSE}-2") is None


@responses.activate
def test_a_date_only_event_has_its_day_without_hours_and_keyword_links_with_a_query():
    """Harvesting audit L7 (date only became "SA 00:00-"), L8 (keyword references with a
    query string), L9 (yso:p11185 is concerts: culture, not a meeting place)."""
    upstream.linkedevents_api(LE, recurring(), NOW)
    run("linkedevents")
    concert = m.Service.objects.get(
        id=record_id("linkedevents", "service", "helsinki:sopimus-paivamaara")
    )
    day = m.Schedule.objects.get(service_at_location__service=concert)
    assert (day.byday, day.opens_at, day.valid_from) == ("SA", None, dt.date(2026, 12, 5))
    codes = set(m.Attribute.objects.filter(link_id=concert.id, link_type="category")
                .values_list("taxonomy_term__code", flat=True))  # fmt: skip
    assert codes == {"culture"}


@responses.activate
def test_lipas_credits_a_place_to_who_runs_it_and_keeps_reservations_and_facts():
    """Harvesting audit S2 (every place was credited to its municipality) and S4 (reservation
    link, marketing name and properties such as a toilet were dropped)."""
    places = lipas_places(3)
    places[0].update(admin="Yksityinen / yhdistys", owner="Rekisteröity yhdistys",
                     marketingName="Kalliosaaren retkisatama",
                     reservationsLink="https://varaus.example.org/kalliosaari",
                     properties={"infoFi": "Retkisatama.", "toilet": True})  # fmt: skip
    places[1].update(
        admin="Valtio", owner="Valtio", reservationsLink="Liikuntasihteeri: sihteeri@example.org"
    )
    places[2].update(admin="Kunta / liikuntatoimi", owner="Kunta")
    upstream.lipas_api(LIPAS, places)
    run("lipas")

    def place(number):
        return m.Service.objects.get(id=record_id("lipas", "service", str(910000 + number)))

    association, state, city = place(0), place(1), place(2)
    assert association.organization is None  # LIPAS does not name the association
    assert "Ylläpitäjä: Yksityinen / yhdistys" in association.description["fi"]
    assert "WC" in association.description["fi"]
    assert association.alternate_name == {"fi": "Kalliosaaren retkisatama"}
    assert list(association.additional_urls.values_list("url", flat=True)) == [
        "https://varaus.example.org/kalliosaari"
    ]
    assert not state.additional_urls.exists()  # free text, not a link: left out
    assert state.organization.name["fi"] == "Valtio"
    assert state.organization.organization_type == "national"
    assert city.organization.organization_type == "municipality"


@responses.activate
def test_since_last_asks_for_what_changed_since_the_last_complete_run(time_machine):
    """The daily cron line needs no date: ``--since last`` (docs/operations.md)."""
    from django.core.management import call_command

    sent = upstream.lipas_api(LIPAS, lipas_places(3))
    call_command("harvest", "lipas", "--since", "last", verbosity=0)  # none yet: a full run
    assert "modifiedAfter" not in sent[-1]
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)
    responses.add(responses.GET, f"{LIPAS}/deleted-sports-places", json=[])
    call_command("harvest", "lipas", "--since", "last", verbosity=0)
    assert sent[-1]["modifiedAfter"] == ["2026-12-03 13:30:00.000"]  # 12:00 UTC less 30 min
