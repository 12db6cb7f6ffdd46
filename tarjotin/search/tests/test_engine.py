"""Search on the demo catalogue: words in any form, facets, filters, geo, time, ranking."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.search.engine import search
from tarjotin.search.index import sync
from tarjotin.search.request import SearchRequest

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def names(result, language="fi") -> list[str]:
    return [_name(h.labels["name"], language) for h in result.hits]


def _name(texts: dict, language: str) -> str:
    return texts.get(language) or next(iter(texts.values()))


def first(text: str, language: str = "fi", n: int = 5, **kwargs) -> list[str]:
    return names(search(SearchRequest(text=text, language=language, limit=n, **kwargs)), language)


def every(word: str, found: list[str]) -> bool:
    """Something was found and every name has the word (``all()`` alone holds for nothing)."""
    return bool(found) and all(word in name.lower() for name in found)


def test_inflected_query_finds_base_forms():
    assert every("uimakoulu", first("uinti lapsille"))
    assert every("vesijumppa", first("vesijumppaan"))


def test_compound_query_finds_its_parts_and_the_other_way():
    assert any("liikuntaryhmä" in n.lower() for n in first("liikuntaryhmille"))
    assert every("kuntosali", first("kuntosalilla", n=3))


def test_typo_still_finds_the_word():
    assert every("kuntosali", first("kuntosli"))
    assert every("vesijumppa", first("vesijumpa"))


def test_everyday_words_find_official_ones():
    assert every("salibandy", first("sähly"))
    assert any("jumppa" in name.lower() for name in first("voimistelu"))


def test_place_in_the_query_narrows_to_that_district():
    result = search(SearchRequest(text="jumppaa ikäihmisille Kalliossa", limit=10, explain=True))
    assert result.total >= 1
    for hit in result.hits:
        words = {w["word"]: w["matches"] for w in hit.explanation["words"]}
        places = words["kalliossa"]
        assert any(match["field"] == "place" for match in places)


def test_swedish_and_english_queries():
    assert every("vattengymnastik", first("vattengymnastik för äldre", "sv", n=3))
    assert any("swimming" in n.lower() for n in first("swimming lessons for kids", "en", n=3))


def test_name_matches_rank_above_passing_mentions():
    result = search(SearchRequest(text="lukupiiri", limit=20))
    assert names(result)[0].startswith("Lukupiiri")


def test_services_in_the_users_language_come_first():
    result = search(SearchRequest(text="vattengymnastik", language="sv", limit=30))
    with_swedish = [h for h in result.hits if "sv" in h.labels["name"]]
    assert with_swedish and "sv" in result.hits[0].labels["name"]


def test_no_words_lists_everything_and_facets_count_it():
    result = search(SearchRequest(filters={"category": {"exercise"}}, limit=5))
    assert result.total == dict(search(SearchRequest(limit=1)).facets["category"])["exercise"]
    assert result.hits


def test_facet_counts_match_filtered_totals():
    result = search(SearchRequest(text="jumppa", limit=1))
    counts = dict(result.facets["target_group"])
    older = {"target_group": {"older_people"}}
    filtered = search(SearchRequest(text="jumppa", filters=older, limit=1))
    assert filtered.total == counts["older_people"] > 0
    # a facet in use still shows the other values of that facet (multi-select)
    assert len(filtered.facets["target_group"]) > 1


def test_filters_by_age_residence_access_and_delivery():
    kids = search(SearchRequest(age=6, limit=200))
    ids = [h.id for h in kids.hits]
    services = m.Service.objects.filter(id__in=ids)
    assert services and all((s.minimum_age or 0) <= 6 <= (s.maximum_age or 200) for s in services)
    espoo = search(SearchRequest(residence="049", limit=1)).total
    assert 0 < espoo < search(SearchRequest(limit=1)).total
    wheelchair = search(SearchRequest(filters={"access_ok": {"wheelchair"}}, limit=1)).total
    assert 0 < wheelchair < search(SearchRequest(limit=1)).total
    remote = search(SearchRequest(filters={"delivery": {"remote"}}, limit=50))
    assert remote.total > 10


def test_open_at_uses_weekday_and_time():
    tuesday_morning = dt.datetime(2026, 12, 1, 10, 15, tzinfo=dt.UTC)  # 12:15 in Helsinki
    night = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    open_day = search(SearchRequest(open_at=tuesday_morning, limit=1)).total
    open_night = search(SearchRequest(open_at=night, limit=50))
    assert open_day > open_night.total > 0
    assert all("kriisi" in n.lower() or "crisis" in n.lower() for n in names(open_night))


def test_open_at_knows_every_other_week_and_the_last_weekday_of_the_month():
    today = timezone.localdate()
    start = today + dt.timedelta(days=(1 - today.weekday()) % 7)  # the next Tuesday
    service = m.Service.objects.filter(publication_status="published").first()
    m.Schedule.objects.filter(service=service).delete()
    m.Schedule.objects.filter(service_at_location__service=service).delete()
    schedule = {"service": service, "opens_at": "19:00", "closes_at": "20:00"}
    m.Schedule.objects.create(freq="WEEKLY", interval=2, byday="TU", dtstart=start, **schedule)
    m.Schedule.objects.create(freq="MONTHLY", byday="-1FR", **schedule)
    service.save()
    sync()

    def is_open(day: dt.date) -> bool:
        moment = dt.datetime.combine(day, dt.time(19, 30), HELSINKI)
        request = SearchRequest(open_at=moment, only_ids={str(service.id)}, limit=1, facets=False)
        return search(request).total == 1

    days = [start + dt.timedelta(days=n) for n in range(70)]
    fortnightly = [d for d in days if (d - start).days % 14 == 0]
    last_fridays = [d for d in days if d.weekday() == 4 and (d + dt.timedelta(7)).month != d.month]
    assert len(fortnightly) == 5 and last_fridays
    assert [d for d in days if is_open(d)] == sorted(fortnightly + last_fridays)


def test_near_a_district_sorts_by_distance_within_the_radius():
    point = (60.1841, 24.9508)  # Kallio
    result = search(SearchRequest(point=point, radius_m=1500, sort="distance", limit=500))
    distances = [h.distance_m for h in result.hits]
    assert result.total == len(distances) > 0
    assert distances == sorted(distances) and distances[-1] <= 1500


def test_bounding_box_for_a_map():
    box = (60.15, 24.90, 60.20, 25.00)
    result = search(SearchRequest(bbox=box, limit=1))
    assert 0 < result.total < search(SearchRequest(limit=1)).total


def test_explanation_says_which_word_matched_where():
    hit = search(SearchRequest(text="uinti lapsille", limit=1, explain=True)).hits[0]
    words = {w["word"]: w["matches"] for w in hit.explanation["words"]}
    assert any(match["via"] == "root" and match["term"] == "uida" for match in words["uinti"])
    assert any(match["term"] == "lapsi" for match in words["lapsille"])


def test_all_words_fall_back_to_any_word():
    result = search(SearchRequest(text="vesijumppa zyxwvut", limit=3))
    assert result.total > 0 and not result.matched_all_words


def test_a_changed_service_is_found_after_sync_and_a_deleted_one_is_gone():
    service = m.Service.objects.filter(publication_status="published").first()
    service.name = {"fi": "Kvanttijooga tähtitieteilijöille"}
    service.save()
    assert sync() >= 1
    assert first("kvanttijooga") == ["Kvanttijooga tähtitieteilijöille"]
    service.delete()
    sync()
    assert first("kvanttijooga") == []


def test_imported_services_are_searchable_after_the_import_command(tmp_path, capsys):
    from django.core.management import call_command

    (tmp_path / "services.csv").write_text(
        "id,name,description,status\n"
        "7c1a4c8e-2f0b-4a51-9d35-0c2b4e6f8a10,Pilatesryhmä,Pilatesta keskivartalolle.,active\n",
        encoding="utf-8",
    )
    call_command("import_hsds", str(tmp_path), "--language", "fi")
    assert first("pilatesryhmille") == ["Pilatesryhmä"]


def test_searching_goes_on_while_the_index_is_written():
    import threading

    from tarjotin.search.documents import documents
    from tarjotin.search.index import current_index

    ids = list(
        m.Service.objects.filter(publication_status="published").values_list("id", flat=True)[:300]
    )
    docs = documents(ids)
    writer = threading.Thread(target=current_index().write, args=(docs, []))
    writer.start()
    searches = 0
    while writer.is_alive() or searches == 0:
        assert search(SearchRequest(text="vesijumppa", limit=1)).total > 0
        searches += 1
    writer.join()
    assert search(SearchRequest(text="vesijumppa", limit=1)).total > 0


def test_sync_applies_a_change_once_not_at_every_sync_of_the_overlap():
    import datetime as dt

    from django.utils import timezone

    from tarjotin.search.models import IndexChange

    sync()
    service = m.Service.objects.filter(publication_status="published").first()
    change = IndexChange.objects.create(service_id=service.id)
    IndexChange.objects.filter(id=change.id).update(  # written well before this sync
        changed_at=timezone.now() - dt.timedelta(seconds=30)
    )
    assert sync() == 1
    assert sync() == 0  # still inside the overlap window, but applied already


def test_sync_after_the_clock_went_back_still_applies_new_changes(time_machine):
    """A node's mark is a wall-clock time; a clock stepped back must not hide later changes."""
    import datetime as dt

    from django.utils import timezone

    from tarjotin.search.models import IndexChange

    now = timezone.now()
    time_machine.move_to(now + dt.timedelta(hours=3), tick=False)
    sync()  # the mark is now three hours ahead of the real time
    time_machine.move_to(now, tick=False)
    service = m.Service.objects.filter(publication_status="published").first()
    service.name = {**service.name, "fi": "Kellonsiirtokokeilu"}
    service.save()
    IndexChange.objects.create(service_id=service.id)
    assert sync() >= 1
    assert [h.id for h in search(SearchRequest(text="kellonsiirtokokeilu")).hits] == [
        str(service.id)
    ]


def _located_services():
    """Published services with one place, with that place's position."""
    sals = m.ServiceAtLocation.objects.filter(
        service__publication_status="published", location__latitude__isnull=False
    ).select_related("location")
    return [(sal.service_id, sal.location) for sal in sals]


def test_a_service_with_several_places_is_as_near_as_its_nearest_place():
    from tarjotin.catalogue.geo import distance_m

    located = _located_services()
    service_id, home = located[0]
    far = max((loc for _sid, loc in located), key=lambda loc: distance_m(
        (home.latitude, home.longitude), (loc.latitude, loc.longitude)))  # fmt: skip
    second = m.ServiceAtLocation.objects.create(service_id=service_id, location=far)
    sync()
    try:
        point = (far.latitude, far.longitude)
        result = search(SearchRequest(point=point, radius_m=300, sort="distance", limit=500))
        hit = next(h for h in result.hits if h.id == str(service_id))
        assert hit.distance_m < 1
        assert result.total == len(result.hits)
    finally:  # the index outlives the test's transaction
        second.delete()
        sync()


def test_a_circle_counts_exactly_to_its_edge():
    from tarjotin.catalogue.geo import distance_m

    located = _located_services()
    centre = (located[0][1].latitude, located[0][1].longitude)
    by_distance = sorted((distance_m(centre, (loc.latitude, loc.longitude)), sid)
                         for sid, loc in located)  # fmt: skip
    edge = next(d for d, _sid in by_distance if d > 2000)  # a place about 2 km away
    at_edge = {str(sid) for d, sid in by_distance if abs(d - edge) < 0.5}
    inside = search(SearchRequest(point=centre, radius_m=edge + 0.5, limit=1000))
    outside = search(SearchRequest(point=centre, radius_m=edge - 0.5, limit=1000))
    assert inside.total == len(inside.hits) and outside.total == len(outside.hits)
    assert inside.total - outside.total == len(at_edge)
    assert at_edge <= {h.id for h in inside.hits} and not at_edge & {h.id for h in outside.hits}
    assert max(h.distance_m for h in outside.hits) <= edge - 0.5


def test_open_now_is_counted_as_the_open_at_filter_finds():
    import tantivy

    from tarjotin.search import filters
    from tarjotin.search.index import current_index

    searcher = current_index().searcher()
    for moment in (
        dt.datetime(2026, 12, 1, 10, 15, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC),
    ):
        found = search(SearchRequest(open_at=moment, limit=1, facets=False)).total
        counted = searcher.aggregate(
            tantivy.Query.all_query(), {"open": {"filter": filters.open_at_text(moment)}}
        )["open"]["doc_count"]
        assert counted == found


def test_nearest_first_reads_rings_that_find_the_same_as_sorting_everything():
    point = (60.1841, 24.9508)  # Kallio
    everything = search(SearchRequest(point=point, sort="distance", limit=5000, facets=False))
    assert everything.total > 2000  # more than one read: the rings are used for a page
    for offset in (0, 40):
        page = search(
            SearchRequest(point=point, sort="distance", offset=offset, limit=20, facets=False)
        )
        expected = [h.distance_m for h in everything.hits[offset : offset + 20]]
        assert [h.distance_m for h in page.hits] == pytest.approx(expected)
        assert page.total == everything.total
    placed = [h.distance_m for h in everything.hits if h.distance_m is not None]
    assert placed == sorted(placed)
    assert everything.hits[-1].distance_m is None  # remote services, without a place, last


def test_nearest_first_within_a_radius_without_words():
    point = (60.1841, 24.9508)
    result = search(SearchRequest(point=point, radius_m=3000, limit=20))
    distances = [h.distance_m for h in result.hits]
    assert distances == sorted(distances) and distances[-1] <= 3000


def test_pages_of_the_suits_me_first_order_run_on_across_the_two_groups():
    def ids(offset, limit):
        request = SearchRequest(text="uinti", sort="access", access_profile="wheelchair",
                                offset=offset, limit=limit, facets=False)  # fmt: skip
        return [h.id for h in search(request).hits]

    suiting = search(
        SearchRequest(text="uinti", filters={"access_ok": {"wheelchair"}}, limit=1)
    ).total
    assert 0 < suiting
    whole = ids(0, suiting + 20)
    start = max(0, suiting - 7)
    assert ids(start, 7) + ids(start + 7, 7) == whole[start : start + 14]


def test_facets_with_more_value_sets_than_a_pass_returns_are_counted_exactly(monkeypatch):
    from tarjotin.search import facets

    request = {"text": "jumppa", "filters": {"category": {"exercise"}}, "limit": 1}
    expected = search(SearchRequest(**request))
    monkeypatch.setattr(facets, "MAX_KEYS", 2)  # every facet overflows: its values are read
    counted = search(SearchRequest(**request))
    assert counted.total == expected.total
    assert {k: dict(v) for k, v in counted.facets.items()} == {
        k: dict(v) for k, v in expected.facets.items()
    }
