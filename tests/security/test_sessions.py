"""Security audit 2026-12, finding 5 (and UX H7): every staff page says who is logged in and
offers a logout; a staff session ends after 30 minutes without use and 10 hours after login."""

import datetime as dt
import re

import pytest

from tarjotin.referrals.tests.factories import staff

pytestmark = pytest.mark.django_db
START = dt.datetime(2027, 1, 11, 8, 0, tzinfo=dt.UTC)
PAGES = {
    "professional": ["/pro/", "/pro/search/?q=kuntosali", "/pro/picked/", "/", "/search/?q=uinti"],
    "link_worker": ["/pro/", "/sv/pro/"],
    "receiver": ["/pro/", "/en/pro/"],
    "manager": ["/pro/", "/pro/indicators/"],
}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_every_staff_page_shows_who_and_a_logout(client, role):
    from tarjotin.catalogue.tests.factories import OrganizationFactory

    person = staff(f"istunto-{role}", role, organization=OrganizationFactory())
    client.force_login(person)
    for path in PAGES[role]:
        page = client.get(path)
        assert page.status_code == 200, path
        html = page.content.decode()
        assert re.search(r'action="(/sv|/en)?/manage/logout/"', html), path
        assert f"istunto-{role}".title() in html, path  # the name the account was given
    assert client.post("/manage/logout/").status_code == 302
    assert client.get("/pro/").status_code == 302  # to the login page


def test_a_staff_session_ends_after_30_idle_minutes(client, time_machine):
    time_machine.move_to(START, tick=False)
    client.force_login(staff("tyopiste", "professional"))
    assert client.get("/pro/").status_code == 200
    time_machine.move_to(START + dt.timedelta(minutes=29), tick=False)
    assert client.get("/pro/").status_code == 200  # in use: the idle time starts again
    time_machine.move_to(START + dt.timedelta(minutes=29 + 31), tick=False)
    answer = client.get("/pro/")
    assert answer.status_code == 302 and "/manage/login/" in answer["Location"]
    assert "_auth_user_id" not in client.session


def test_a_staff_session_ends_ten_hours_after_login_however_busy(client, time_machine):
    time_machine.move_to(START, tick=False)
    client.force_login(staff("pitka-paiva", "professional"))
    for minutes in range(0, 10 * 60, 20):
        time_machine.move_to(START + dt.timedelta(minutes=minutes), tick=False)
        assert client.get("/pro/").status_code == 200, minutes
    time_machine.move_to(START + dt.timedelta(hours=10, minutes=5), tick=False)
    assert client.get("/pro/").status_code == 302


def test_the_session_cookie_ends_with_the_browser(client):
    from django.conf import settings

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
