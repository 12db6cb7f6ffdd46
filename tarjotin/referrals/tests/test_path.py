"""The whole path through the web pages: guide → search → referral → receiver → sessions →
outcome → closed → export, for both routes (a service directly, a link worker)."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from tarjotin.referrals.models import (
    AuditEvent,
    ClientFeedback,
    GuideUse,
    Referral,
    StateChange,
)
from tarjotin.referrals.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CLIENT = {"name": "Maija Meikäläinen", "phone": "040 765 4321"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def draft(client, referral, **changes):
    data = {
        "route": referral.route,
        "receiver_service": str(referral.receiver_service_id or ""),
        "reason": "Haluaa vertaistukea jaksamiseen.",
        "client_language": "fi",
        "name": CLIENT["name"],
        "phone": CLIENT["phone"],
        "email": "",
        "best_time": "aamupäivisin",
        "consent": "on",
        "consent_method": "verbal",
        "version": Referral.objects.get(id=referral.id).version,
    }
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("referrals:edit", args=[referral.id]), data)


def step(client, referral, to_state, reason=""):
    version = Referral.objects.get(id=referral.id).version
    url = reverse("referrals:transition", args=[referral.id])
    return client.post(url, {"to_state": to_state, "version": version, "reason": reason})


def test_guide_search_pick_refer_receive_close_export(
    client, cast, settings, django_capture_on_commit_callbacks
):
    settings.FHIR_ENDPOINT = ""
    login(client, cast["referrer"])

    # A guide ends in a prefilled search and is counted without anybody's identity.
    response = client.post(reverse("referrals:guide", args=["what-matters"]),
                           {"matters": ["peers", "mood"], "how": ["free"]})  # fmt: skip
    assert response.status_code == 302
    search_url = response["Location"]
    assert "category=peer_support" in search_url and "category=mental_wellbeing" in search_url
    assert list(GuideUse.objects.values_list("guide", "finished")) == [("what-matters", True)]
    page = client.get(search_url)
    assert page.status_code == 200
    assert "Why this matched" in page.content.decode() or "Miksi" in page.content.decode()

    # The referral-accepting filter finds the accepting service; the client picks it.
    page = client.get(reverse("referrals:search"), {"q": "vertaistukiryhmä testi", "accepts": "1"})
    assert page.context["page"].result.total == 1
    assert page.context["page"].cards[0].id == str(cast["accepting"].id)
    for service in (cast["accepting"], cast["plain"]):
        client.post(reverse("referrals:pick", args=["add"]), {"service": str(service.id)})
    client_view = client.get(reverse("referrals:picked"))
    assert "Vertaistukiryhmä Testi" in client_view.content.decode()

    response = client.post(reverse("referrals:new"))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:edit", args=[referral.id])
    assert referral.route == "service" and referral.receiver_service_id == cast["accepting"].id

    # Without consent it cannot be sent; a bad phone number is shown next to its field.
    response = draft(client, referral, consent=None, send="1")
    assert Referral.objects.get().state == "draft"
    page = client.get(response["Location"]).content.decode().lower()
    assert "consent" in page or "suostumus" in page
    response = draft(client, referral, phone="soita minulle", send="1")
    assert response.status_code == 400 and "phone" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = draft(client, referral, send="1")
    referral.refresh_from_db()
    assert referral.state == "sent" and referral.sent_at is not None
    assert [m.to for m in mail.outbox] == [["vastaanottaja@example.org"]]
    assert CLIENT["name"] not in mail.outbox[0].body and CLIENT["phone"] not in mail.outbox[0].body

    # The receiving service sees it with the contact data and takes it forward.
    client.logout()
    login(client, cast["receiver"])
    assert referral.reference in client.get(reverse("referrals:workbench")).content.decode()
    page = client.get(reverse("referrals:detail", args=[referral.id]))
    assert CLIENT["phone"] in page.content.decode()
    for state in ("received", "contacted", "started"):
        step(client, referral, state)
    url = reverse("referrals:measure", args=[referral.id])
    for phase, score in (("before", 4), ("after", 7)):
        client.post(url, {"phase": phase, "life_satisfaction": score, "worthwhile": score,
                          "happiness": score, "anxiety": 10 - score})  # fmt: skip
    step(client, referral, "closed", reason="Kävi ryhmässä neljä kertaa, jatkaa.")
    referral.refresh_from_db()
    assert referral.state == "closed" and referral.outcome.startswith("Kävi ryhmässä")
    states = list(StateChange.objects.values_list("to_state", "by__username"))
    assert states == [("sent", "hoitaja"), ("received", "vastaanottaja"),
                      ("contacted", "vastaanottaja"), ("started", "vastaanottaja"),
                      ("closed", "vastaanottaja")]  # fmt: skip

    # The referrer sees the outcome and exports it without copying by hand.
    client.logout()
    login(client, cast["referrer"])
    text = client.get(reverse("referrals:record", args=[referral.id])).content.decode()
    assert referral.reference in text and "Vertaistukiryhmä Testi" in text and "4/4/4/6" in text
    bundle = json.loads(client.get(reverse("referrals:fhir", args=[referral.id])).content)
    Bundle.model_validate(bundle)
    task = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Task")
    assert task["status"] == "completed"

    # The client's link carries no personal data, works without login, takes feedback.
    page = client.post(reverse("referrals:client_link", args=[referral.id]))
    link = re.search(r'value="(http://[^"]+/lahete/[^"]+/)"', page.content.decode()).group(1)
    assert CLIENT["name"].split()[0] not in link and referral.reference not in link
    client.logout()
    path = link.split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and CLIENT["name"] not in page.content.decode()
    assert client.post(path, {"helped": ""}).status_code == 400
    client.post(path, {"helped": "yes", "comment": "Hyvä porukka."})
    assert ClientFeedback.objects.get().helped == "yes"
    assert Referral.objects.get().helped == "yes"

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"create", "view", "transition", "export", "client_link", "client_feedback"} <= actions


def test_link_worker_queue_sessions_and_limit(client, cast, settings):
    settings.REFERRAL_MAX_SESSIONS = 2
    login(client, cast["referrer"])
    client.post(reverse("referrals:pick", args=["add"]), {"service": str(cast["plain"].id)})
    client.post(reverse("referrals:new"))
    referral = Referral.objects.get()
    assert referral.route == "link_worker"
    draft(client, referral, send="1")
    assert Referral.objects.get().state == "sent"
    client.logout()

    # Every link worker sees the untaken referral in the queue; one takes it.
    login(client, cast["other_link_worker"])
    assert referral.reference in client.get(reverse("referrals:workbench")).content.decode()
    client.logout()
    login(client, cast["link_worker"])
    client.post(reverse("referrals:claim", args=[referral.id]),
                {"version": Referral.objects.get().version})  # fmt: skip
    referral.refresh_from_db()
    assert referral.link_worker == cast["link_worker"] and referral.state == "received"
    step(client, referral, "contacted")
    url = reverse("referrals:session", args=[referral.id])
    for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
        client.post(url, {"held_on": day, "mode": "in_person", "topics": ["exercise"],
                          "next_step": "Kokeilee kävelyryhmää."})  # fmt: skip
    assert referral.sessions.count() == 2  # the third is refused: at most two here
    page = client.get(reverse("referrals:detail", args=[referral.id]))
    assert page.status_code == 200
    step(client, referral, "not_started")  # no reason: refused
    assert Referral.objects.get().state == "contacted"
    step(client, referral, "not_started", reason="Ei sopivaa aikaa.")
    step(client, referral, "closed", reason="Ohjattu uudelleen keväällä.")
    assert Referral.objects.get().state == "closed"
    text = client.get(reverse("referrals:record", args=[referral.id])).content.decode()
    assert "Tapaamiset hyvinvointiohjaajan kanssa: 2\n" in text
    bundle = json.loads(client.get(reverse("referrals:fhir", args=[referral.id])).content)
    task = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Task")
    assert task["status"] == "failed" and task["statusReason"]["text"] == "Ei sopivaa aikaa."

    # Taken by one, the other link worker no longer sees it.
    client.logout()
    login(client, cast["other_link_worker"])
    assert client.get(reverse("referrals:detail", args=[referral.id])).status_code == 404
