"""Security audit 2026-12, findings 17, 22 and 23: personal data outside the referral itself."""

import pytest
from django.contrib.auth.models import User

from tarjotin.indicators import demand
from tarjotin.indicators.models import SearchCount
from tarjotin.publishing import services as publishing
from tarjotin.publishing.models import ErrorReport, Membership
from tarjotin.referrals import privacy
from tarjotin.referrals.tests.factories import CLIENT_PHONE
from tarjotin.referrals.tests.test_access import sent_referral

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "counted"),
    [
        ("Matti Meikäläinen 040 9998887", "matti meikäläinen"),
        ("kuntosali +358 40 999 8887", "kuntosali"),
        ("matti.m@example.fi vesijumppa", "vesijumppa"),
        ("010190-123A", ""),
        ("asiakas 0409998887", "asiakas"),
        ("yli 65 kuntosali", "yli 65 kuntosali"),  # an age is a need, not a person
        ("kuntosali 2027", "kuntosali 2027"),
    ],
)
def test_search_counters_keep_no_phone_email_or_identity_code(typed, counted):
    demand.record_search("pro", "fi", typed, total=0)
    assert list(SearchCount.objects.values_list("query", flat=True)) == [counted]


WRITTEN = ["040 111 2222", "0401112222", "+358 40 111 2222", "+358401112222", "00358 40 111 2222",
           "040-111 22 22"]  # fmt: skip


@pytest.mark.parametrize("written", WRITTEN)
def test_the_clients_own_data_is_found_however_the_number_is_written(cast, written):
    referral = sent_referral(cast, "link_worker")
    assert CLIENT_PHONE == "040 111 2222"
    assert list(privacy.find_by_contact(phone=written)) == [referral]
    assert not privacy.find_by_contact(phone="040 111 2223").exists()


def test_an_inbox_status_outside_the_list_is_refused(client):
    from tarjotin.catalogue.tests.factories import OrganizationFactory

    club = OrganizationFactory()
    editor = User.objects.create_user("e@example.org", "e@example.org", "x" * 12)
    Membership.objects.create(user=editor, organization=club)
    service = publishing.new_service(club)
    report = ErrorReport.objects.create(service=service, message="Aika on väärin.")
    client.force_login(editor)
    answer = client.post("/manage/inbox/", {"report": report.id, "status": "x" * 300})
    assert answer.status_code == 400
    report.refresh_from_db()
    assert report.status == "new"
    client.post("/manage/inbox/", {"report": report.id, "status": "fixed"})
    report.refresh_from_db()
    assert report.status == "fixed"
