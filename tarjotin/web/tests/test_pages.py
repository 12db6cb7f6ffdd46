"""Resident pages on the demo catalogue, through Django's test client (no browser)."""

import json
import re

import pytest
from django.urls import reverse

from tarjotin.catalogue import models as m
from tarjotin.publishing.models import ErrorReport
from tarjotin.web import my_list
from tarjotin.web.context_processors import PROFILE_COOKIE

pytestmark = pytest.mark.django_db


def a_service(**filters) -> m.Service:
    return (
        m.Service.objects.filter(publication_status="published", **filters)
        .exclude(service_at_locations=None)
        .order_by("id")
        .first()
    )


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [
        ("", "fi", "Löydä tekemistä"),
        ("/sv", "sv", "Hitta aktiviteter"),
        ("/en", "en", "Find things"),
    ],
)
def test_front_page_in_each_language_with_topic_counts(client, prefix, language, heading):
    response = client.get(f"{prefix}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert html.count('class="tile cat-') == 7  # THL's seven top-level topics
    assert "?category=exercise" in html and "?target_group=older_people" in html
    assert "?delivery=remote,hybrid" in html


def test_search_keeps_its_query_in_the_url_and_in_the_language_switch(client):
    response = client.get("/search/", {"q": "uinti", "category": "exercise"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="uinti"' in html
    assert re.search(r'name="category" value="exercise" checked', html)
    assert 'href="/sv/search/?q=uinti&amp;category=exercise"' in html
    assert "Lasten uimakoulu" in html


def test_facet_counts_and_removable_chips(client):
    html = client.get("/search/", {"q": "kuoro", "cost": "free"}).content.decode()
    assert re.search(r'<span class="count">\d+</span>', html)
    assert 'class="pill removable" href="?q=kuoro"' in html  # removing the only filter


def test_an_unknown_parameter_is_ignored_and_a_bad_value_is_explained(client):
    assert client.get("/search/", {"q": "kuoro", "utm_source": "x"}).status_code == 200
    response = client.get("/search/", {"near": "91,200"})
    assert response.status_code == 400
    assert "Hakua ei voitu tehdä" in response.content.decode()
    assert "latitude" in response.content.decode()


def test_no_results_suggest_spelling_filters_and_topics(client):
    html = client.get("/search/", {"q": "xyzzyqq", "cost": "free"}).content.decode()
    assert "Tällä haulla ei löytynyt mitään" in html
    assert "Poista rajaus" in html
    assert html.count("?category=") >= 7


def test_spelling_suggestion_for_an_unknown_word():
    from tarjotin.web.search_page import spelling_suggestions

    assert spelling_suggestions("kuntosli") == ["kuntosali"]
    assert spelling_suggestions("kuntosali") == []


def test_nearest_first_without_a_place_asks_for_one(client):
    response = client.get("/search/", {"sort": "distance"})
    assert response.status_code == 200
    assert "Kirjoita paikka" in response.content.decode()


def test_a_street_address_finds_the_streets_services_and_an_unknown_place_keeps_the_results(
    client,
):
    address = m.Address.objects.filter(location__latitude__isnull=False).first()
    street = address.address_1["fi"].rsplit(" ", 1)[0]
    found = client.get("/search/", {"near": f"{street} 999", "sort": "distance"})
    assert found.status_code == 200 and "ei löytynyt" not in found.content.decode()
    for language, words in (("", "ei löytynyt"), ("/sv", "Vi hittade inte"), ("/en", "not find")):
        answer = client.get(f"{language}/search/", {"q": "uinti", "near": "Mannerheimintie 5",
                                                     "sort": "distance"})  # fmt: skip
        html = answer.content.decode()
        assert answer.status_code == 200 and words in html
        assert "no known place" not in html and 'class="card' in html
        assert "Lähellä: Mannerheimintie" not in html  # no chip for a place not searched with


def test_a_chosen_filter_that_finds_nothing_shows_its_name_not_its_code(client):
    html = client.get("/search/", {"q": "xyzzyqq", "category": "exercise", "cost": "free"})
    html = html.content.decode()
    assert "Liikunta" in html and "Maksuton" in html
    assert ": exercise" not in html and ": free" not in html


def test_map_view_carries_points_as_data_not_script(client):
    html = client.get("/en/search/", {"q": "swimming", "view": "map"}).content.decode()
    data = re.search(r'<script id="map-points" type="application/json">(.*?)</script>', html)
    points = json.loads(data.group(1))
    assert points and {"lat", "lon", "name", "url"} <= set(points[0])
    assert "leaflet.js" in html


def test_text_missing_in_the_page_language_is_marked(client):
    service = next(
        s
        for s in m.Service.objects.order_by("id")
        if set(s.name) == {"fi"} and s.service_at_locations.exists()
    )
    html = client.get(f"/en/service/{service.id}/").content.decode()
    assert f'<span lang="fi">{service.name["fi"]}</span>' in html
    assert "only in Finnish" in html


def test_service_page_has_the_facts_and_valid_json_ld(client):
    service = a_service()
    response = client.get(reverse("web:service", args=[service.id]))
    html = response.content.decode()
    assert response.status_code == 200
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Service" and data["name"] == service.name["fi"]
    assert data["availableChannel"][0]["serviceLocation"]["geo"]["latitude"]
    assert "opas.matka.fi/reitti" in html
    assert reverse("web:report", args=[service.id]) in html
    assert "Tarkistettu viimeksi" in html or "Ei vielä tarkistettu" in html


def test_json_ld_cannot_close_its_script_element():
    from tarjotin.web.views import _script_safe_json

    assert "</script>" not in _script_safe_json({"name": "</script><script>alert(1)</script>"})


def test_unknown_service_is_a_404_page_in_the_users_language(client):
    response = client.get("/sv/service/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()
    assert client.get("/api/hsda/nothing-here").json()["status"] == 404  # the API stays JSON


def test_server_error_page_in_the_users_language(client, monkeypatch):
    from tarjotin.web import selectors

    def broken(language):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "front_page", broken)
    client.raise_request_exception = False
    response = client.get("/sv/")
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def test_error_report_form_shows_what_to_fix_then_saves(client):
    service = a_service()
    url = reverse("web:report", args=[service.id])
    response = client.post(url, {"message": "", "reply_email": "not-an-email"})
    assert response.status_code == 400
    assert "Korjaa merkityt kohdat" in response.content.decode()
    assert not ErrorReport.objects.exists()
    response = client.post(url, {"message": "Ryhmä on siirtynyt torstaille.", "reply_email": ""})
    assert response.status_code == 200
    report = ErrorReport.objects.get()
    assert report.service_id == service.id and report.language == "fi"


def test_my_list_add_remove_and_share(client):
    first, second = (a_service(id__gt=a_service().id), a_service())
    for service in (first, second):
        response = client.post("/list/add/", {"service": str(service.id), "next": "/search/"})
        assert response.status_code == 302 and response["Location"] == "/search/"
    assert my_list.parse(client.cookies[my_list.COOKIE].value) == [str(first.id), str(second.id)]
    html = client.get("/list/").content.decode()
    assert first.name["fi"] in html and "<svg" in html  # the QR code
    share = re.search(r'id="share-url" readonly value="([^"]+)"', html).group(1)
    client.post("/list/remove/", {"service": str(first.id)})
    assert my_list.parse(client.cookies[my_list.COOKIE].value) == [str(second.id)]
    shared = client.get(share.replace("http://testserver", "")).content.decode()
    assert first.name["fi"] in shared and "Joku jakoi tämän listan" in shared


def test_my_list_button_with_htmx_returns_the_button_and_the_new_count(client):
    service = a_service()
    response = client.post("/list/add/", {"service": str(service.id)}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Listallani – poista" in html
    assert 'id="list-count" hx-swap-oob="true">1<' in html


def test_my_list_ignores_junk_and_bounds_its_size():
    assert my_list.parse("junk.00778a6b-bf85-504b-a7a5-3a920c0ec69e.<script>") == [
        "00778a6b-bf85-504b-a7a5-3a920c0ec69e"
    ]
    ids = [f"00000000-0000-0000-0000-{i:012d}" for i in range(80)]
    assert len(my_list.parse(".".join(ids))) == my_list.MAX_ITEMS


def test_accessibility_profile_is_chosen_once_and_shown_on_results(client):
    response = client.post("/accessibility/", {"profile": "wheelchair", "next": "/search/?q=uinti"})
    assert response["Location"] == "/search/?q=uinti"
    assert client.cookies[PROFILE_COOKIE].value == "wheelchair"
    html = client.get("/search/", {"q": "uinti"}).content.decode()
    assert "Käytän pyörätuolia" in html  # the header shows the choice
    assert "Sopii esteettömyystarpeisiisi" in html or "Esteettömyyspuutteet" in html
    assert 'value="access"' in html  # "suits me first" ordering is offered


def test_sort_by_access_puts_suitable_places_first():
    from tarjotin.search.engine import search
    from tarjotin.search.request import SearchRequest
    from tarjotin.web.summaries import summaries

    result = search(
        SearchRequest(text="uinti", sort="access", access_profile="wheelchair", limit=100)
    )
    verdicts = [
        c.access("wheelchair")["state"] == "suits"
        for c in summaries([h.id for h in result.hits], "fi")
    ]
    assert any(verdicts) and not all(verdicts)
    assert verdicts == sorted(verdicts, reverse=True)


def test_embed_may_be_framed_other_pages_may_not(client):
    embed = client.get("/embed/", {"q": "kuoro"})
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assert 'target="_blank"' in embed.content.decode()
    home = client.get("/")
    assert "frame-ancestors 'none'" in home["Content-Security-Policy"]
    assert home["X-Frame-Options"] == "DENY"


def test_compact_search_for_chatbots(client):
    body = client.get("/api/search/compact", {"q": "kuoro", "lang": "sv"}).json()
    assert body["total"] > 0
    first = body["results"][0]
    assert {"name", "organization", "where", "next_time", "free", "phone", "url"} <= set(first)
    assert "/sv/service/" not in first["url"] or first["url"].startswith("http")
    error = client.get("/api/search/compact", {"near": "Atlantis"})
    assert error.status_code == 400 and error.json()["error"] == "bad_parameter"
    assert client.get("/api/search/compact", {"lang": "xx"}).json()["status"] == 400


def test_pages_load_nothing_from_other_sites(client):
    for url in ("/", "/search/?q=uinti", "/en/search/?q=swimming&view=map", "/list/"):
        html = client.get(url).content.decode()
        for src in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert "testserver" in src or src.startswith("https://") and "rel" in html, src
        assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)


def test_near_me_shows_words_not_coordinates_and_a_typed_place_wins(client):
    """UX audit H4: "near me" filled the address box with "60.18410,24.9497…"."""
    page = client.get("/search/?q=uinti&near=60.17100,24.94100&sort=distance")
    html = page.content.decode()
    assert 'id="near" name="near" value=""' in html
    assert 'id="near-point" name="near" value="60.17100,24.94100" checked' in html
    assert "Lähellä: sijaintisi" in html and "Lähellä: 60.171" not in html
    typed = client.get("/search/?q=uinti&near=Kallio&near=60.17100,24.94100")
    assert "Lähellä: Kallio" in typed.content.decode()
    unticked = client.get("/search/?q=uinti&near=")
    assert "Lähellä:" not in unticked.content.decode()


def test_a_results_page_keeps_its_cards_until_the_service_is_indexed_again(
    client, django_assert_max_num_queries
):
    from tarjotin.search.index import sync

    service = a_service(name__fi__icontains="kuntosali")
    url = f"/search/?q={service.name['fi']}"
    assert service.name["fi"] in client.get(url).content.decode()
    with django_assert_max_num_queries(5):  # the cards came from memory (15 queries without)
        client.get(url)

    service.name = {**service.name, "fi": service.name["fi"] + " Uusinimi"}
    service.save()  # recorded in the change log; the index takes it in
    sync()
    assert "Uusinimi" in client.get(url).content.decode()


def test_near_words_ask_for_a_place_instead_of_being_searched(client):
    """UX audit M2: "liikuntaa lähellä" searched for the word "lähellä" (971 results, none of
    them matching all words); now it looks for "liikuntaa", nearest first, and asks where."""
    html = client.get("/search/", {"q": "uintia lähellä"}).content.decode()
    assert "Kirjoita paikka, niin näet lähimmät palvelut ensin." in html
    assert "Mikään palvelu ei vastannut kaikkia sanoja" not in html
    assert 'value="uintia"' in html
    near = client.get(
        "/search/", {"q": "swimming near me", "near": "Kallio"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert near.status_code == 200 and 'value="swimming"' in near.content.decode()
