"""Security audit 2026-12, findings 12 and 13: every language of a limited page counts, and the
public forms that send e-mail cannot be used as a relay."""

import datetime as dt

import pytest
from django.core.cache import cache

from tarjotin.catalogue import models as m
from tarjotin.publishing.models import ErrorReport

pytestmark = pytest.mark.django_db
FROZEN = dt.datetime(2026, 12, 3, 12, 0, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "path",
    ["/sv/embed/", "/en/embed/", "/statistics/", "/sv/statistics/", "/list/", "/en/search/",
     "/api/hsda/services"],
)  # fmt: skip
def test_every_language_of_a_limited_page_is_limited(client, settings, time_machine, path):
    time_machine.move_to(FROZEN, tick=False)  # all requests in one window of the limit
    settings.RATE_LIMIT = "2/60"
    cache.clear()
    answers = [client.get(path, REMOTE_ADDR="10.1.1.1").status_code for _ in range(3)]
    assert answers[-1] == 429 and 429 not in answers[:2]
    assert client.get("/", REMOTE_ADDR="10.1.1.1").status_code == 200  # pages stay open


def test_the_error_report_form_is_not_an_email_relay(client, settings, time_machine):
    time_machine.move_to(FROZEN, tick=False)
    settings.FORM_RATE_LIMIT = "3/3600"
    cache.clear()
    service = m.Service.objects.filter(publication_status="published").first()
    spam = {"message": "Spam, see https://evil.example/login for your prize."}
    answers = [
        client.post(f"/sv/service/{service.id}/report/", spam, REMOTE_ADDR="10.2.2.2").status_code
        for _ in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]
    assert ErrorReport.objects.filter(service=service).count() == 3
    other_client = client.post(f"/service/{service.id}/report/", spam, REMOTE_ADDR="10.2.2.3")
    assert other_client.status_code == 200
    assert ErrorReport.objects.filter(service=service).count() == 4


def test_reports_reach_editors_as_one_digest_without_the_strangers_words(client, settings):
    """Security audit #13: an e-mail per report carried anyone's text in our name."""
    from django.contrib.auth.models import Group, User
    from django.core import mail
    from django.core.management import call_command

    moderator = User.objects.create_user("mod@example.org", "mod@example.org", "x" * 12)
    moderator.groups.add(Group.objects.get(name="moderators"))
    service = m.Service.objects.filter(publication_status="published").first()
    spam = {"message": "Spam, see https://evil.example/login for your prize."}
    for _ in range(3):
        client.post(f"/service/{service.id}/report/", spam)
    assert not mail.outbox
    call_command("freshness", verbosity=0)
    assert len(mail.outbox) == 1 and "evil.example" not in mail.outbox[0].body
    assert mail.outbox[0].to == ["mod@example.org"] and "3" in mail.outbox[0].subject
