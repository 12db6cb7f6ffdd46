"""The client opens the link from the referral on a phone and answers "did this help" (audit H1:
the page's referrer policy made Chromium send ``Origin: null`` and the answer was refused)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_data_owner_pages import screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def client_link(django_db_setup, django_db_blocker, referral_accounts):
    """A sent referral to the browser tests' service and the client's link to it (committed)."""
    from django.contrib.auth.models import User

    from tarjotin.catalogue.models import Service
    from tarjotin.referrals import services

    with django_db_blocker.unblock():
        referrer = User.objects.get(username=referral_accounts["professional"]["email"])
        service = Service.objects.get(name__fi="Selaintestin vertaistukiryhmä")
        referral = services.create_draft(referrer, [str(service.id)])
        data = services.DraftData(
            route="service", receiver_service_id=str(service.id), reason="Vertaistukea.",
            client_language="fi", name="Linkki Asiakas", phone="040 765 4321", email="",
            best_time="", consent=True, consent_method="verbal",
        )  # fmt: skip
        services.save_draft(referrer, referral, data, referral.version)
        services.transition(referrer, referral, "sent", referral.version)
        return {"referral": referral, "token": services.create_client_link(referrer, referral)}


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 900)])
def test_the_clients_answer_is_saved_from_a_real_browser(
    open_page, client_link, serious_violations, django_db_blocker, width, height
):
    from tarjotin.referrals.models import ClientFeedback

    page = open_page(f"/lahete/{client_link['token']}/", width=width, height=height)
    expect(page.get_by_role("heading", name="Sinun palvelusi")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Osittain").check()
    page.get_by_label("Haluatko kertoa jotain?").fill("Ryhmä oli mukava.")
    page.get_by_role("button", name="Lähetä").click()
    expect(page.get_by_role("status")).to_contain_text("Kiitos")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    screenshot(page, f"client-link-thanks-fi-{'phone' if width < 500 else 'desktop'}")
    with django_db_blocker.unblock():
        saved = ClientFeedback.objects.filter(referral=client_link["referral"])
        assert saved.filter(helped="partly", comment="Ryhmä oli mukava.").exists()


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 900)])
def test_the_link_is_easy_to_hand_over(
    open_page, client_link, referral_accounts, serious_violations, width, height
):
    """UX audit M7: the date it stops working, copy, text message and print, on both widths."""
    import datetime as dt

    from django.conf import settings

    from tests.browser.test_professional_pages import log_in

    page = log_in(open_page, referral_accounts["professional"], width=width)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(page.url.split("/pro/")[0] + f"/pro/referral/{client_link['referral'].id}/")
    page.get_by_role("button", name="Tee linkki asiakkaalle").click()
    until = dt.date.today() + dt.timedelta(days=settings.REFERRAL_CLIENT_LINK_DAYS)
    expect(
        page.get_by_text(f"Linkki toimii {until.day}.{until.month}.{until.year} asti.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Kopioi linkki")).to_be_visible()
    expect(page.get_by_role("button", name="Tulosta asiakkaalle")).to_be_visible()
    sms = page.get_by_role("link", name="Lähetä tekstiviestinä").get_attribute("href")
    assert sms.startswith("sms:?&body=http") and "/lahete/" in sms
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    screenshot(page, f"pro-client-link-fi-{'phone' if width < 500 else 'desktop'}")
