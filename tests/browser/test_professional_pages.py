"""A professional and a receiving service in a real browser: guide → search → pick → referral
(fixing what the form says) → sent → the receiver sees it and marks it received."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_data_owner_pages import log_in as staff_log_in
from tests.browser.test_data_owner_pages import screenshot

pytestmark = pytest.mark.django_db


def log_in(open_page, account, width=1280):
    return staff_log_in(open_page, account, lands_at="/pro/", width=width)


def test_professional_refers_and_the_receiver_takes_it(
    open_page, referral_accounts, serious_violations
):
    page = log_in(open_page, referral_accounts["professional"])
    assert serious_violations(page) == []
    screenshot(page, "pro-workbench-fi-desktop")

    page.get_by_role("link", name="Mikä sinulle on tärkeää?").click()
    assert serious_violations(page) == []
    page.get_by_label("Jutella samassa tilanteessa olevien kanssa").check()
    page.get_by_label("Maksutta").check()
    screenshot(page, "pro-guide-fi-desktop")
    page.get_by_role("button", name="Näytä sopivat palvelut").click()
    page.wait_for_url("**/pro/search/**")
    expect(page.locator(".notice").first).to_contain_text("Mikä sinulle on tärkeää?")
    assert "category=peer_support" in page.url
    assert serious_violations(page) == []

    # The professional narrows to services that accept referrals and sees why each matched.
    page.goto(re.sub(r"\?.*", "", page.url) + "?q=vertaistukiryhmä&accepts=1")
    card = page.locator("article.card", has_text="Selaintestin vertaistukiryhmä")
    expect(card.get_by_text("Ottaa lähetteitä vastaan")).to_be_visible()
    card.get_by_text("Miksi tämä löytyi").click()
    expect(card.locator(".why li").first).to_contain_text("vertaistukiryhmä")
    screenshot(page, "pro-search-fi-desktop")
    card.get_by_role("button", name="Valitse asiakkaalle").click()
    page.get_by_role("link", name=re.compile("Asiakasnäkymä")).click()
    expect(page.get_by_role("heading", name="Yhdessä valitut palvelut")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "pro-client-view-fi-desktop")
    page.get_by_role("button", name="Tee lähete näistä").click()
    page.wait_for_url("**/edit/")
    assert serious_violations(page) == []

    page.get_by_label("Lähetteen syy").fill("Toivoo vertaistukea jaksamiseen.")
    page.get_by_label("Asiakkaan nimi").fill("Selma Selaintesti")
    page.get_by_label("Puhelin").fill("soita")  # wrong on purpose, and no consent yet
    page.get_by_role("button", name="Tallenna ja lähetä").click()
    expect(page.locator(".field-error")).to_contain_text("numeroina")
    assert serious_violations(page) == []
    page.get_by_label("Puhelin").fill("040 123 4567")
    page.get_by_role("button", name="Tallenna ja lähetä").click()
    expect(page.get_by_role("status")).to_contain_text("suostumus")  # refused without consent
    page.get_by_label("Asiakas on suostunut").check()
    screenshot(page, "pro-referral-form-fi-desktop")
    page.get_by_role("button", name="Tallenna ja lähetä").click()
    expect(page.get_by_role("status")).to_contain_text("Lähete lähetettiin")
    reference = re.search(r"HL-[A-Z0-9]{6}", page.locator("h1").inner_text()).group(0)
    assert serious_violations(page) == []

    receiver = log_in(open_page, referral_accounts["receiver"])
    receiver.get_by_role("link", name=reference).click()
    expect(receiver.get_by_text("040 123 4567")).to_be_visible()
    assert serious_violations(receiver) == []
    receiver.get_by_role("button", name="Merkitse: ”Vastaanotettu”").click()
    expect(receiver.locator("h1 .badge")).to_have_text("Vastaanotettu")
    screenshot(receiver, "pro-referral-received-fi-desktop")
    receiver.get_by_role("button", name="Merkitse: ”Asiakkaaseen otettu yhteyttä”").click()
    expect(receiver.locator("h1 .badge")).to_have_text("Asiakkaaseen otettu yhteyttä")


def test_the_workbench_on_a_phone(open_page, referral_accounts, serious_violations):
    page = log_in(open_page, referral_accounts["professional"], width=375)
    page.get_by_role("link", name="Liikunnan mini-interventio").click()
    assert serious_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # no sideways scrolling
    screenshot(page, "pro-guide-fi-phone")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_workbench_pages_in_swedish_and_english(
    open_page, referral_accounts, serious_violations, language
):
    page = log_in(open_page, referral_accounts["professional"])
    for path in ("pro/", "pro/guide/culture/", "pro/search/?q=vertaistukiryhmä", "pro/picked/"):
        page.goto(page.url.split("/pro/")[0] + f"/{language}/{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert serious_violations(page) == [], path


@pytest.mark.parametrize("language", ["", "sv/", "en/"])
def test_indicator_pages(open_page, referral_accounts, serious_violations, language):
    page = log_in(open_page, referral_accounts["manager"])
    base = page.url.split("/pro/")[0]
    for path, name in (("pro/indicators/", "indicators"), ("statistics/", "statistics"),
                       ("feedback/", "feedback")):  # fmt: skip
        page.goto(f"{base}/{language}{path}")
        assert serious_violations(page) == [], path
        if not language:
            screenshot(page, f"{name}-fi-desktop")
    page.goto(f"{base}/{language}pro/indicators/?start=31.1.2026")
    expect(page.get_by_role("alert")).to_contain_text("2026-01-31")
    assert serious_violations(page) == []


def test_picking_a_card_far_down_the_list_keeps_the_place(open_page, referral_accounts):
    """UX audit M4: picking the 8th card reloaded the page at the top (scrollY 2,927 -> 0)."""
    page = log_in(open_page, referral_accounts["professional"])
    page.goto(page.url.split("/pro/")[0] + "/pro/search/?q=ryhmä")
    card = page.locator("article.card").nth(7)
    card.scroll_into_view_if_needed()
    card.get_by_role("button", name="Valitse asiakkaalle").click()
    page.wait_for_load_state("load")
    expect(page.locator("article.card").nth(7).get_by_role("button")).to_contain_text("Valittu")
    assert page.evaluate("window.scrollY") > 1000
