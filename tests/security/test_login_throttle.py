"""Security audit 2026-12, findings 3 and 4: every password login is throttled alike (Django's
admin too), and failures lock an account only for the address they came from."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

pytestmark = pytest.mark.django_db
HERE, ELSEWHERE = "192.0.2.10", "198.51.100.20"  # documentation addresses (RFC 5737)
RIGHT = "oikea-salasana-123"


@pytest.fixture(autouse=True)
def counters(settings):
    cache.clear()
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5, 100
    User.objects.create_superuser("root", "root@example.org", RIGHT)
    User.objects.create_user("johtaja-t", "johtaja.t@example.org", RIGHT)
    yield
    cache.clear()


def log_in(client, path: str, username: str, password: str, address: str = HERE) -> bool:
    client.logout()
    answer = client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)
    return answer.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ["/admin/login/", "/manage/login/"])
def test_five_wrong_passwords_lock_that_account_from_that_address(client, path):
    for _try in range(5):
        assert not log_in(client, path, "root", "väärä-salasana")
    assert not log_in(client, path, "root", RIGHT)  # refused, though right
    page = client.post(path, {"username": "root", "password": RIGHT}, REMOTE_ADDR=HERE)
    assert "15" in page.content.decode()  # "try again in 15 minutes"


def test_a_lockout_on_the_staff_login_holds_on_the_admin_login(client):
    for _try in range(5):
        log_in(client, "/manage/login/", "root", "väärä-salasana")
    assert not log_in(client, "/admin/login/", "root", RIGHT)


def test_failures_from_elsewhere_do_not_lock_out_a_named_account(client):
    for _try in range(10):
        log_in(client, "/manage/login/", "root", "väärä-salasana", address=ELSEWHERE)
    assert log_in(client, "/manage/login/", "root", RIGHT, address=HERE)
    assert log_in(client, "/admin/login/", "root", RIGHT, address=HERE)


def test_made_up_names_from_a_shared_address_do_not_lock_out_colleagues(client):
    for number in range(10):
        log_in(client, "/manage/login/", f"keksitty-{number}", "väärä-salasana")
    assert log_in(client, "/manage/login/", "johtaja-t", RIGHT)


def test_an_address_spraying_many_accounts_is_refused(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    for number in range(20):
        log_in(client, "/manage/login/", f"keksitty-{number}", "väärä-salasana")
    assert not log_in(client, "/manage/login/", "johtaja-t", RIGHT)
    assert log_in(client, "/manage/login/", "johtaja-t", RIGHT, address=ELSEWHERE)
