"""Every role against every referral view and action: seen (and what is allowed) or 404.

Only the referrer, the assigned link worker (or, before one takes it, the link workers' queue)
and the receiving service's contacts see a referral; managers and administrators never do.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tarjotin.referrals import services
from tarjotin.referrals.models import Referral
from tarjotin.referrals.tests.factories import CLIENT_NAME, CLIENT_PHONE, PASSWORD

pytestmark = pytest.mark.django_db

GET_VIEWS = ["detail", "edit", "record", "fhir", "client_data"]
POST_VIEWS = ["transition", "claim", "session", "measure", "client_link", "fhir_push"]
EXPORTS = {"record", "fhir", "client_data", "fhir_push", "client_link"}
PEOPLE = ["referrer", "other_professional", "link_worker", "other_link_worker", "receiver",
          "other_receiver", "manager", "administrator"]  # fmt: skip


def sent_referral(cast, route: str, claimed: bool = False) -> Referral:
    referrer = cast["referrer"]
    service = cast["accepting"] if route == "service" else cast["plain"]
    referral = services.create_draft(referrer, [str(service.id)])
    data = services.DraftData(
        route=route, receiver_service_id=str(service.id) if route == "service" else None,
        reason="Testi.", client_language="fi", name=CLIENT_NAME, phone=CLIENT_PHONE,
        email="", best_time="", consent=True, consent_method="verbal",
    )  # fmt: skip
    services.save_draft(referrer, referral, data, referral.version)
    services.transition(referrer, referral, "sent", referral.version)
    if claimed:
        services.claim(cast["link_worker"], referral, referral.version)
    return referral


# Who sees, and who may export, each kind of referral.
CASES = {
    "service": ({"referrer", "receiver"}, {"referrer", "receiver"}),
    "queue": ({"referrer", "link_worker", "other_link_worker"}, {"referrer"}),
    "claimed": ({"referrer", "link_worker"}, {"referrer", "link_worker"}),
}


def expected(view: str, person: str, sees: set, exports: set) -> int:
    if person not in sees:
        return 404
    if view == "edit":
        return 403  # a sent referral is not edited
    if view in EXPORTS and person not in exports:
        return 403
    if view == "client_link":
        return 200  # shows the new link once
    return 200 if view in GET_VIEWS else 302


@pytest.mark.parametrize("kind", list(CASES))
def test_every_role_against_every_referral_view(client, cast, kind):
    referral = sent_referral(cast, "service" if kind == "service" else "link_worker",
                             claimed=kind == "claimed")  # fmt: skip
    state_before = Referral.objects.get(id=referral.id).state
    sees, exports = CASES[kind]
    for person in PEOPLE:
        client.force_login(cast[person])
        for view in GET_VIEWS + POST_VIEWS:
            url = reverse(f"referrals:{view}", args=[referral.id])
            response = client.get(url) if view in GET_VIEWS else client.post(url, {})
            assert response.status_code == expected(view, person, sees, exports), (person, view)
        client.logout()
    # Empty or refused actions changed nothing.
    assert Referral.objects.get(id=referral.id).state == state_before


def test_anonymous_and_people_without_a_role(client, cast):
    referral = sent_referral(cast, "service")
    nobody = User.objects.create_user("asukas", "asukas@example.org", PASSWORD)
    urls = [reverse(f"referrals:{view}", args=[referral.id]) for view in GET_VIEWS]
    urls += [reverse(f"referrals:{name}") for name in ("workbench", "search", "picked")]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(nobody)
    for url in urls:
        assert client.get(url).status_code == 403


def test_a_draft_is_seen_by_its_referrer_only(client, cast):
    referral = services.create_draft(cast["referrer"], [str(cast["accepting"].id)])
    for person in PEOPLE:
        client.force_login(cast[person])
        status = client.get(reverse("referrals:detail", args=[referral.id])).status_code
        assert status == (200 if person == "referrer" else 404), person


@pytest.mark.parametrize("person", PEOPLE)
def test_workbench_pages_open_for_every_staff_role(client, cast, person):
    client.force_login(cast[person])
    for name in ("workbench", "search", "picked"):
        assert client.get(reverse(f"referrals:{name}")).status_code == 200
    assert client.get(reverse("referrals:guide", args=["culture"])).status_code == 200
    assert client.get(reverse("referrals:guide", args=["no-such-guide"])).status_code == 404


def test_only_professionals_and_link_workers_make_referrals(client, cast):
    for person in ("manager", "receiver"):
        client.force_login(cast[person])
        client.post(reverse("referrals:pick", args=["add"]), {"service": str(cast["plain"].id)})
        client.post(reverse("referrals:new"))
    assert not Referral.objects.exists()


def test_the_admin_shows_no_referrals_and_a_read_only_audit_log(client, cast):
    sent_referral(cast, "service")
    client.force_login(cast["administrator"])
    assert client.get("/admin/referrals/referral/").status_code == 404
    assert client.get("/admin/referrals/clientcontact/").status_code == 404
    assert client.get("/admin/referrals/auditevent/").status_code == 200
    assert client.get("/admin/referrals/auditevent/add/").status_code == 403
