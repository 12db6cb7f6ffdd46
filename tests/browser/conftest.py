"""A real browser (Debian's Chromium, driven by Playwright) against a live test server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django's guard against ORM calls
# from async code would then refuse the test database. The tests themselves are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


def chromium_path() -> str:
    for candidate in (os.environ.get("TARJOTIN_CHROMIUM"), *CHROMIUM_PATHS):
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if not found:
        pytest.fail(
            "Chromium is not installed: run scripts/setup.sh test (Debian package chromium)"
        )
    return found


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path())
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(django_db_setup, django_db_blocker):
    """The site on a live server thread, sharing the session's demo database.

    Not pytest-django's ``live_server``: that one makes each test transactional, and flushing
    the tables after a test would empty the demo catalogue that the whole session shares.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server.url
    server.stop()


@pytest.fixture
def open_page(browser, site_url, settings):
    """open_page(path, width=1280, height=800) -> a Playwright page; map tiles are not fetched."""
    settings.MAP_TILE_URL = ""
    pages = []

    def open_(path: str, width: int = 1280, height: int = 800, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        pages.append(context)
        return page

    yield open_
    for context in pages:
        context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run scripts/setup.sh test (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def serious_violations(axe_source):
    """serious_violations(page) -> axe-core's serious and critical WCAG 2.1 A/AA findings."""

    def check(page) -> list[str]:
        page.evaluate(axe_source)  # evaluated, not injected: the CSP allows no inline script
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    return check


@pytest.fixture(scope="session")
def editor_account(django_db_setup, django_db_blocker):
    """An organization's editor, committed so that the live server's connection sees it."""
    from django.contrib.auth.models import User

    from tarjotin.catalogue import models as m
    from tarjotin.publishing.models import Membership

    with django_db_blocker.unblock():
        organization = m.Organization.objects.create(
            name={"fi": "Selaintestin Seniorit ry"}, source_system="tarjotin"
        )
        user = User.objects.create_user("toimittaja@example.org", "toimittaja@example.org",
                                        "selain-salasana-1")  # fmt: skip
        Membership.objects.create(user=user, organization=organization)
    return {"email": "toimittaja@example.org", "password": "selain-salasana-1"}


@pytest.fixture(scope="session")
def referral_accounts(django_db_setup, django_db_blocker):
    """A professional, and the contact of a service that accepts referrals (committed)."""
    from django.contrib.auth.models import User

    from tarjotin.catalogue import models as m
    from tarjotin.referrals.models import ReferralAcceptance
    from tarjotin.search.index import sync
    from tarjotin.staff.models import StaffRole

    password = "selain-salasana-2"
    with django_db_blocker.unblock():
        organization = m.Organization.objects.create(
            name={"fi": "Selaintestin Vertaistuki ry"}, source_system="tarjotin"
        )
        service = m.Service.objects.create(
            organization=organization, status=m.ServiceStatus.ACTIVE,
            name={"fi": "Selaintestin vertaistukiryhmä"},
            description={"fi": "Vertaistukea jaksamiseen pienessä ryhmässä."},
        )  # fmt: skip
        ReferralAcceptance.objects.create(service=service)
        accounts = {}
        for username, role in (
            ("selainhoitaja", "professional"),
            ("selainvastaanotto", "receiver"),
            ("selainjohtaja", "manager"),
        ):
            user = User.objects.create_user(username, f"{username}@example.org", password)
            StaffRole.objects.create(
                user=user, role=role, organization=organization if role == "receiver" else None
            )
            accounts[role] = {"email": username, "password": password}
        sync()
    return accounts
