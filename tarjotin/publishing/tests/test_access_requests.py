"""An association's way in (UX audit H8): a request form from the login page, a moderator's
list and daily digest, and the requester's e-mail kept only until answered."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command

from tarjotin.publishing.models import AccessRequest

pytestmark = pytest.mark.django_db


def test_an_association_asks_for_an_account_and_a_moderator_answers(client, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC), tick=False)
    login = client.get("/manage/login/").content.decode()
    assert "/manage/request-access/" in login
    bad = {"organization_name": "Kävelykerho ry", "business_id": "123", "email": "x"}
    wrong = client.post("/manage/request-access/", bad)
    text = wrong.content.decode()
    assert "1234567-8" in text and not AccessRequest.objects.exists()
    client.post("/manage/request-access/", {"organization_name": "Kävelykerho ry",
                                             "business_id": "1234567-8",
                                             "email": "pj@kavelykerho.example"})  # fmt: skip
    assert AccessRequest.objects.get().organization_name == "Kävelykerho ry"
    moderator = User.objects.create_user("mod@example.org", "mod@example.org", "x" * 12)
    moderator.groups.add(Group.objects.get(name="moderators"))
    call_command("freshness", verbosity=0)
    assert [m.to for m in mail.outbox] == [["mod@example.org"]]
    assert "Kävelykerho" not in mail.outbox[0].body  # the digest says how many, not who
    client.force_login(moderator)
    page = client.get("/manage/review/requests/")
    assert "pj@kavelykerho.example" in page.content.decode()
    client.post("/manage/review/requests/", {"request": AccessRequest.objects.get().id})
    call_command("freshness", verbosity=0)
    assert not AccessRequest.objects.exists()  # answered: the e-mail goes with it


def test_an_unanswered_request_is_erased_after_its_period(settings, time_machine):
    settings.ACCESS_REQUEST_DAYS = 90
    time_machine.move_to(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False)
    AccessRequest.objects.create(organization_name="Vanha ry", email="a@example.org",
                                 language="fi")  # fmt: skip
    time_machine.move_to(dt.datetime(2026, 4, 2, tzinfo=dt.UTC), tick=False)
    call_command("freshness", verbosity=0)
    assert not AccessRequest.objects.exists()
