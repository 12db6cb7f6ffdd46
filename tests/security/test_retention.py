"""Security audit 2026-12, findings 7 and 8: pseudonymisation blanks the reasons kept in the
referral's history; stalled referrals and forgotten drafts do not keep personal data forever."""

import datetime as dt

import pytest
from django.core.management import call_command

from tarjotin.referrals import privacy, services
from tarjotin.referrals.models import AuditEvent, ClientContact, Referral, StateChange
from tarjotin.referrals.tests.factories import CLIENT_PHONE, client_data_in
from tarjotin.referrals.tests.test_access import sent_referral

pytestmark = pytest.mark.django_db
NAMED_REASON = "Asiakas Qwertyson joutui sairaalaan (PSYKIATRIA), ei voi osallistua."
START = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)


def test_the_decline_reason_in_the_history_is_blanked(cast, settings, time_machine, client):
    settings.REFERRAL_RETENTION_DAYS = 365
    time_machine.move_to(START, tick=False)
    referral = sent_referral(cast, "service")
    receiver = cast["receiver"]
    services.transition(receiver, referral, "received", referral.version)
    services.transition(receiver, referral, "declined", referral.version, NAMED_REASON)
    services.transition(cast["referrer"], referral, "closed", referral.version, "Ei aloittanut.")
    time_machine.move_to(START + dt.timedelta(days=366), tick=False)
    call_command("referrals", "pseudonymise")
    reasons = " ".join(
        StateChange.objects.filter(referral=referral).values_list("reason", flat=True)
    )
    assert client_data_in(reasons) == [] and "PSYKIATRIA" not in reasons
    client.force_login(cast["referrer"])
    page = client.get(f"/pro/referral/{referral.id}/").content.decode()
    assert "PSYKIATRIA" not in page and client_data_in(page) == []


def test_a_referral_left_open_is_pseudonymised_a_retention_period_after_its_last_change(
    cast, settings, time_machine
):
    settings.REFERRAL_RETENTION_DAYS = 365
    time_machine.move_to(START, tick=False)
    stalled = sent_referral(cast, "link_worker")  # nobody claims it
    time_machine.move_to(START + dt.timedelta(days=364), tick=False)
    assert privacy.pseudonymise(privacy.due_for_pseudonymisation()) == 0
    time_machine.move_to(START + dt.timedelta(days=366), tick=False)
    assert privacy.pseudonymise(privacy.due_for_pseudonymisation()) == 1
    assert not ClientContact.objects.filter(referral=stalled).exists()
    assert not privacy.find_by_contact(phone=CLIENT_PHONE).exists()


def test_a_forgotten_draft_is_erased_and_a_recent_one_kept(cast, settings, time_machine):
    settings.REFERRAL_DRAFT_DAYS = 30
    referrer = cast["referrer"]
    time_machine.move_to(START, tick=False)
    old = services.create_draft(referrer, [str(cast["accepting"].id)])
    data = services.DraftData(
        route="service", receiver_service_id=str(cast["accepting"].id), reason="Testi.",
        client_language="fi", name="Luonnos Henkilö", phone="040 999 8888", email="",
        best_time="", consent=False, consent_method="verbal",
    )  # fmt: skip
    services.save_draft(referrer, old, data, old.version)
    time_machine.move_to(START + dt.timedelta(days=20), tick=False)
    recent = services.create_draft(referrer, [str(cast["accepting"].id)])
    time_machine.move_to(START + dt.timedelta(days=31), tick=False)
    assert privacy.erase_drafts(privacy.stale_drafts()) == 1
    assert list(Referral.objects.filter(state="draft")) == [recent]
    assert not ClientContact.objects.filter(name="Luonnos Henkilö").exists()
    assert AuditEvent.objects.filter(action="erase_draft", referral_id=old.id).exists()


def test_a_sent_referral_can_be_cancelled_and_consent_withdrawn_erases_the_client_at_once(
    cast, client
):
    """Finding 8: consent can be withdrawn (who and when kept), a sent referral cancelled."""
    referral = sent_referral(cast, "service")
    referrer, receiver = cast["referrer"], cast["receiver"]
    services.transition(receiver, referral, "received", referral.version)
    client.force_login(receiver)
    page = client.get(f"/pro/referral/{referral.id}/").content.decode()
    assert "withdraw" in page
    client.force_login(referrer)
    answer = client.post(f"/pro/referral/{referral.id}/withdraw/", {"version": referral.version})
    assert answer.status_code == 302
    referral.refresh_from_db()
    assert referral.state == "cancelled" and referral.ended_state == "received"
    assert referral.pseudonymised_at is not None and referral.reason == ""
    assert not ClientContact.objects.filter(referral=referral).exists()
    assert referral.consent.withdrawn_at is not None
    change = StateChange.objects.filter(referral=referral).last()
    assert (change.to_state, change.by) == ("cancelled", referrer)
    assert AuditEvent.objects.filter(action="withdraw_consent", referral_id=referral.id).exists()
    page = client.get(f"/pro/referral/{referral.id}/").content.decode()
    assert client_data_in(page) == []


def test_the_referrer_cancels_a_sent_referral_and_a_stranger_cannot(cast):
    referral = sent_referral(cast, "service")
    with pytest.raises(services.ReferralError):
        services.transition(cast["receiver"], referral, "cancelled", referral.version)
    services.transition(cast["referrer"], referral, "cancelled", referral.version)
    referral.refresh_from_db()
    assert referral.state == "cancelled" and referral.closed_at is not None
    assert (
        privacy.due_for_pseudonymisation(referral.closed_at + dt.timedelta(days=400))
        .filter(id=referral.id)
        .exists()
    )


def test_a_cancelled_referral_is_a_cancelled_task_and_a_revoked_request_in_fhir(cast):
    from tarjotin.referrals import fhir

    referral = sent_referral(cast, "service")
    services.transition(cast["referrer"], referral, "cancelled", referral.version)
    referral.refresh_from_db()
    assert (fhir.task_status(referral), fhir.request_status(referral)) == ("cancelled", "revoked")
