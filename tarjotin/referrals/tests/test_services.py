"""Rules of a referral's life: refused changes, conflicts, reminders, retention, privacy."""

import datetime as dt
import io
import itertools
import json
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone, translation

from tarjotin.referrals import guides, privacy, services
from tarjotin.referrals.models import AuditEvent, ClientContact, Referral
from tarjotin.referrals.tests.factories import CLIENT_NAME, CLIENT_PHONE, client_data_in
from tarjotin.referrals.tests.test_access import sent_referral
from tarjotin.search.engine import search
from tarjotin.search.request import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages below are matched in English; a person sees them in their own language."""
    with translation.override("en"):
        yield


def test_invalid_transitions_are_refused_with_a_clear_message(cast):
    referral = sent_referral(cast, "service")
    receiver = cast["receiver"]
    with pytest.raises(services.ReferralError, match="cannot become"):
        services.transition(receiver, referral, "started", referral.version)
    with pytest.raises(services.ReferralError, match="cannot make this change"):
        services.transition(cast["referrer"], referral, "received", referral.version)
    with pytest.raises(services.ReferralError, match="Unknown state"):
        services.transition(receiver, referral, "teleported", referral.version)
    with pytest.raises(services.ReferralError, match="reason"):
        services.transition(receiver, referral, "declined", referral.version)
    services.transition(receiver, referral, "declined", referral.version, "Ryhmä on täynnä.")
    with pytest.raises(services.ReferralError, match="outcome"):
        services.transition(receiver, referral, "closed", referral.version)
    assert Referral.objects.get().state_reason == "Ryhmä on täynnä."


def test_concurrent_edits_do_not_overwrite_each_other(cast):
    referral = sent_referral(cast, "service")
    opened_by_both = referral.version
    services.transition(cast["receiver"], referral, "received", opened_by_both)
    stale = Referral.objects.get(id=referral.id)
    stale.version = opened_by_both  # the other tab still shows the old version
    stale.state = "sent"
    with pytest.raises(services.ConflictError, match="Someone else changed"):
        services.transition(cast["receiver"], stale, "declined", opened_by_both, "Täynnä.")
    assert Referral.objects.get().state == "received"


def test_consent_is_needed_and_follows_the_receiver(cast):
    referrer = cast["referrer"]
    referral = services.create_draft(referrer, [str(cast["accepting"].id)])
    data = services.DraftData(
        route="service", receiver_service_id=str(cast["accepting"].id), reason="Testi.",
        client_language="fi", name="Asiakas", phone="040 111 2222", email="", best_time="",
        consent=False, consent_method="verbal",
    )  # fmt: skip
    services.save_draft(referrer, referral, data, referral.version)
    with pytest.raises(services.ReferralError, match="consent"):
        services.transition(referrer, referral, "sent", referral.version)
    data.consent = True
    services.save_draft(referrer, referral, data, referral.version)
    consent = referral.consent
    assert consent.recorded_by == referrer and consent.method == "verbal"
    assert "Vertaistukiryhmä Testi" in consent.scope
    # Pointed to the link workers afterwards without asking again: refused.
    Referral.objects.filter(id=referral.id).update(route="link_worker", receiver_service=None)
    referral.refresh_from_db()
    assert any("consent again" in p for p in services.send_problems(referral))


def test_sessions_only_by_the_link_worker_after_contact(cast):
    referral = sent_referral(cast, "link_worker", claimed=True)
    today = timezone.localdate()
    with pytest.raises(services.ReferralError, match="after the client has been contacted"):
        services.add_session(cast["link_worker"], referral, today, "phone", [], "")
    services.transition(cast["link_worker"], referral, "contacted", referral.version)
    with pytest.raises(services.ReferralError, match="Only the link worker"):
        services.add_session(cast["referrer"], referral, today, "phone", [], "")
    session = services.add_session(cast["link_worker"], referral, today, "phone", ["nature"], "")
    assert session.number == 1


def test_overdue_referrals_remind_the_referrer_once_without_personal_data(cast, settings):
    settings.REFERRAL_CONTACT_DAYS = 7
    referral = sent_referral(cast, "service")
    assert services.send_reminders() == 0
    later = timezone.now() + dt.timedelta(days=8)
    assert list(services.overdue(later)) == [referral]
    assert services.send_reminders(later) == 1
    assert services.send_reminders(later + dt.timedelta(hours=1)) == 0  # not again at once
    message = mail.outbox[-1]
    assert message.to == ["hoitaja@example.org"] and referral.reference in message.subject
    assert client_data_in(message.body) == []
    services.transition(cast["receiver"], referral, "received", referral.version)
    services.transition(cast["receiver"], referral, "contacted", referral.version)
    assert not services.overdue(later + dt.timedelta(days=30)).exists()


def test_closed_referrals_are_pseudonymised_after_retention(cast, settings):
    settings.REFERRAL_RETENTION_DAYS = 365
    referral = sent_referral(cast, "service")
    receiver = cast["receiver"]
    for state in ("received", "contacted", "started"):
        services.transition(receiver, referral, state, referral.version)
    services.record_measure(receiver, referral, "before", dict.fromkeys(
        ("life_satisfaction", "worthwhile", "happiness", "anxiety"), 5))  # fmt: skip
    services.transition(receiver, referral, "closed", referral.version, "Aloitti ryhmässä.")
    assert privacy.pseudonymise(privacy.due_for_pseudonymisation()) == 0
    Referral.objects.filter(id=referral.id).update(
        closed_at=timezone.now() - dt.timedelta(days=366)
    )
    out = io.StringIO()
    call_command("referrals", "pseudonymise", stdout=out)
    assert "1" in out.getvalue()
    referral.refresh_from_db()
    assert not ClientContact.objects.exists()
    assert referral.reason == referral.outcome == "" and referral.pseudonymised_at
    assert referral.consent.scope == ""
    assert referral.measures.count() == 1 and referral.history.count() == 5  # kept for figures
    assert AuditEvent.objects.filter(action="pseudonymise", referral_id=referral.id).exists()


def test_a_client_can_get_their_data(cast):
    referral = sent_referral(cast, "service")
    out = io.StringIO()
    call_command("referrals", "export-client", "--phone", CLIENT_PHONE, stdout=out)
    data = json.loads(out.getvalue())
    assert data[0]["reference"] == referral.reference
    assert data[0]["contact"]["name"] == CLIENT_NAME
    assert data[0]["consent"]["method"] == "verbal"
    assert AuditEvent.objects.filter(action="export_client_data").count() == 1


def test_the_audit_log_cannot_be_changed(cast):
    sent_referral(cast, "service")
    event = AuditEvent.objects.first()
    event.detail = "muokattu"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    details = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    assert client_data_in(details) == []


def test_personal_data_reaches_neither_logs_nor_the_search_index(cast, caplog, client):
    caplog.set_level(logging.DEBUG)
    referral = sent_referral(cast, "service")
    client.force_login(cast["receiver"])
    client.get(f"/pro/referral/{referral.id}/")
    client.get(f"/pro/referral/{referral.id}/fhir.json")
    client.get(f"/pro/referral/{referral.id}/edit/")  # 403, logged by Django
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert client_data_in(logged) == []
    from tarjotin.search.index import sync

    sync()
    assert search(SearchRequest(text="Qwertyson")).total == 0


def test_guides_end_in_a_prefilled_search():
    guide = guides.all_guides()["activity"]
    answers = QueryDict(mutable=True)
    answers.setlist("current", ["none", "enough"])  # one answer only: the first counts
    answers.setlist("wish", ["swimming", "no-such-option"])
    answers.setlist("barriers", ["cost", "health"])
    parameters = guides.search_parameters(guides.chosen_options(guide, answers), "fi")
    assert parameters == [
        ("q", "uinti"), ("category", "exercise"), ("cost", "free"), ("cost", "discounts"),
        ("target_group", "long_term_ill"),
    ]  # fmt: skip
    assert guides.search_parameters(guides.chosen_options(guide, answers), "sv")[0] == (
        "q", "simning",
    )  # fmt: skip


def test_every_single_answer_path_of_a_guide_finds_services(client):
    """One answer per question, every combination: the guide never ends in an empty list (the
    journeys audit found 15 of 60 combinations of the activity guide empty)."""
    empty = []
    for guide in guides.all_guides().values():
        questions = [[o.id for o in q.options] for q in guide.questions if q.options]
        for path in itertools.product(*questions):
            answers = QueryDict(mutable=True)
            for question, option in zip(guide.questions, path, strict=False):
                answers.setlist(question.id, [option])
            query = guides.search_query(guides.chosen_options(guide, answers), "fi")
            if client.get(f"/api/search?{query}&per_page=1").json()["total"] == 0:
                empty.append((guide.slug, path))
    assert empty == [], f"{len(empty)} empty paths: {empty[:40]}"


def test_every_guide_suggests_only_known_codes():
    from tarjotin.catalogue.taxonomies import shipped_taxonomies

    known = {t["code"]: {term["code"] for term in t["terms"]} for t in shipped_taxonomies()}
    for guide in guides.all_guides().values():
        assert set(guide.title) == {"fi", "sv", "en"}
        for question in guide.questions:
            assert set(question.text) == {"fi", "sv", "en"}
            for option in question.options:
                assert set(option.label) == {"fi", "sv", "en"}
                for name in guides.SEARCH_PARAMETERS:
                    assert set(option.suggests.get(name, [])) <= known[name], option.id


def test_a_referral_to_a_service_nobody_receives_for_is_refused(cast):
    """Audit H2: 14 of 15 demo services that "accepted referrals" had no receiver at all."""
    from tarjotin.referrals import selectors
    from tarjotin.referrals.admin import ReferralAcceptanceForm
    from tarjotin.referrals.tests.factories import accepting_service

    unstaffed = accepting_service(name={"fi": "Ystäväpalvelu Testi"})
    assert str(unstaffed.id) not in selectors.accepting_service_ids()
    assert str(cast["accepting"].id) in selectors.accepting_service_ids()
    referrer = cast["referrer"]
    referral = services.create_draft(referrer, [str(unstaffed.id)])
    assert referral.route != "service" and referral.receiver_service_id is None
    data = services.DraftData(
        route="service", receiver_service_id=str(unstaffed.id), reason="Testi.",
        client_language="fi", name=CLIENT_NAME, phone=CLIENT_PHONE, email="", best_time="",
        consent=True, consent_method="verbal",
    )  # fmt: skip
    services.save_draft(referrer, referral, data, referral.version)
    problems = services.send_problems(referral)
    assert any("link worker" in p for p in problems), problems
    with pytest.raises(services.ReferralError):
        services.transition(referrer, referral, "sent", referral.version)
    assert Referral.objects.get(id=referral.id).state == "draft"
    # The administrator cannot mark a service as accepting before someone receives for it.
    unstaffed.referral_acceptance.delete()
    form = ReferralAcceptanceForm({"service": unstaffed.id, "instructions": ""})
    assert not form.is_valid() and "Nobody receives" in str(form.errors["service"])
    # The organization's last receiver leaving stops new referrals at once.
    cast["receiver"].is_active = False
    cast["receiver"].save()
    assert str(cast["accepting"].id) not in selectors.accepting_service_ids()


def test_a_guide_asks_where_the_client_lives_and_the_search_keeps_it(client):
    """UX audit H3: the guide never asked where the client lives."""
    from django.contrib.auth.models import User

    from tarjotin.staff.models import StaffRole

    nurse = User.objects.create_user("opas@example.org", "opas@example.org", "x" * 12)
    StaffRole.objects.create(user=nurse, role="professional")
    client.force_login(nurse)
    form = client.get("/pro/guide/activity/").content.decode()
    assert 'name="residence"' in form and 'value="049"' in form
    answer = client.post("/pro/guide/activity/", {"wish": "swimming", "residence": "049"})
    assert "residence=049" in answer["Location"]
    forged = client.post("/pro/guide/activity/", {"wish": "swimming", "residence": "x'"})
    assert "residence" not in forged["Location"]
    results = client.get(answer["Location"])
    assert results.status_code == 200
