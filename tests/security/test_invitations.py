"""Security audit 2026-12, findings 1 and 2: an invitation link is no key to an existing account,
its token stays out of the log, and a new account's password follows the policy."""

import logging
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from tarjotin.catalogue import models as m
from tarjotin.logs import MaskSecrets
from tarjotin.publishing.models import Membership

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "kutsun-salasana-7"


@pytest.fixture
def organization():
    return m.Organization.objects.create(name={"fi": "Kutsutestin yhdistys ry"},
                                         source_system="tarjotin")  # fmt: skip


def invitation_path(client, organization, email: str) -> str:
    moderator = User.objects.create_user("kutsuja@example.org", "kutsuja@example.org", "x" * 16)
    moderator.groups.add(Group.objects.get(name="moderators"))
    client.force_login(moderator)
    answer = client.post("/manage/invite/", {"email": email, "organization": str(organization.id),
                                             "language": "fi"})  # fmt: skip
    assert answer.status_code == 302
    client.logout()
    return re.search(r"(/manage/accept/\S+/)", mail.outbox[-1].body).group(1)


def test_an_invitation_to_an_existing_accounts_email_does_not_log_anyone_in(client, organization):
    nurse = User.objects.create_user("hoitaja-k", "hoitaja.k@example.org", "hoitajan-oma-salasana")
    path = invitation_path(client, organization, "Hoitaja.K@example.org")

    answer = client.post(path, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert answer.status_code == 200 and "_auth_user_id" not in client.session
    assert "Kirjaudu" in answer.content.decode()
    nurse.refresh_from_db()
    assert nurse.check_password("hoitajan-oma-salasana") and not nurse.check_password(GOOD_PASSWORD)
    assert not Membership.objects.filter(user=nurse).exists()

    # Logged in with the account's own password, the person accepts and becomes an editor.
    assert client.login(username="hoitaja-k", password="hoitajan-oma-salasana")
    assert client.post(path).status_code == 302
    assert Membership.objects.filter(user=nurse, organization=organization).exists()
    assert client.get(path).status_code == 404  # used


def test_another_logged_in_account_cannot_accept_it(client, organization):
    User.objects.create_user("kohde", "kohde@example.org", "kohteen-oma-salasana")
    path = invitation_path(client, organization, "kohde@example.org")
    User.objects.create_user("joku", "joku@example.org", "jonkun-oma-salasana")
    client.login(username="joku", password="jonkun-oma-salasana")
    assert client.post(path).status_code == 200
    assert not Membership.objects.exists()


@pytest.mark.parametrize("weak", ["1234567890", "salasana", "kutsuttu@example.org1"])
def test_a_new_accounts_password_follows_the_policy(client, organization, weak):
    path = invitation_path(client, organization, "kutsuttu@example.org")
    answer = client.post(path, {"password": weak, "password_again": weak})
    assert answer.status_code == 400 and "_auth_user_id" not in client.session
    assert not User.objects.filter(email="kutsuttu@example.org").exists()
    answer = client.post(path, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert answer.status_code == 302
    assert User.objects.get(email="kutsuttu@example.org").check_password(GOOD_PASSWORD)


@pytest.mark.parametrize(
    "line",
    [
        "Bad Request: /manage/accept/s_2Zswidi2fMrC2DeE_BS4dTQ/",
        "Not Found: /sv/manage/confirm/MTIz:1v2:abcDEF/",
        '"GET /manage/login/?next=/manage/accept/s_2Zswidi2fMrC2DeE_BS4dTQ/ HTTP/1.1" 200',
        '"GET /manage/login/?next=%2Fmanage%2Faccept%2Fs_2Zswidi2fMrC2DeE_BS4dTQ%2F HTTP/1.1"',
        "Forbidden: /lahete/s_2Zswidi2fMrC2DeE_BS4dTQ/",
    ],
)
def test_tokens_in_paths_are_masked_in_the_log(line):
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, line, (), None)
    MaskSecrets().filter(record)
    assert "s_2Zswidi2fMrC2DeE_BS4dTQ" not in record.getMessage()
    assert "abcDEF" not in record.getMessage()
