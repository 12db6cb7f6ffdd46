"""A data owner in a real browser: log in, add a service, fix what the form says, send it."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db
SCREENSHOTS = os.environ.get("TARJOTIN_SCREENSHOTS")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def log_in(open_page, account, lands_at: str = "/manage/", width: int = 1280):
    """Log in at the shared staff login page; editors land on /manage/, professionals on /pro/."""
    page = open_page("/manage/login/", width=width)
    page.fill("#id_username", account["email"])
    page.fill("#id_password", account["password"])
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(f"**{lands_at}")
    return page


def test_editor_adds_a_service_fixing_what_the_form_says(
    open_page, editor_account, serious_violations
):
    page = log_in(open_page, editor_account)
    assert serious_violations(page) == []
    screenshot(page, "manage-dashboard-fi-desktop")
    page.get_by_role("button", name="Lisää palvelu").click()
    page.wait_for_url("**/manage/service/**")
    assert serious_violations(page) == []
    page.fill("#id_name_fi", "Selaintestin tuolijumppa")
    page.fill("#id_description_fi", "Kevyttä jumppaa tuolilla istuen. Sopii kaikille ikäihmisille.")
    page.check("input[name=category][value=exercise]")
    page.fill("#id_phone", "soita")  # wrong on purpose
    page.get_by_role("button", name="Lähetä tarkistettavaksi").click()
    expect(page.locator(".field-error")).to_contain_text("Kirjoita numero numeroina")
    assert serious_violations(page) == []  # the page with errors too
    page.locator(".field-error").first.scroll_into_view_if_needed()
    screenshot(page, "manage-edit-errors-fi-desktop")
    page.fill("#id_phone", "09 123 4567")
    page.get_by_role("button", name="Lähetä tarkistettavaksi").click()
    expect(page.get_by_role("status")).to_contain_text("Lähetetty tarkistettavaksi")


@pytest.mark.parametrize("width", [390, 1366])
def test_an_association_finds_its_way_in_from_the_footer(open_page, serious_violations, width):
    """UX audit H8: the footer's "for organisers" led to a login page with no way in."""
    page = open_page("/", width=width, height=844 if width < 500 else 900)
    page.get_by_role("link", name="Järjestäjille: pidä palvelusi ajan tasalla").click()
    page.get_by_role("link", name="pyydä moderaattoreilta tunnukset").click()
    page.wait_for_url("**/manage/request-access/")
    assert serious_violations(page) == []
    page.fill("#id_organization_name", "Selaintestin kävelykerho ry")
    page.fill("#id_business_id", "12345")
    page.fill("#id_email", "pj@kavelykerho.example")
    page.get_by_role("button", name="Lähetä pyyntö").click()
    assert page.locator(".field-error").inner_text() == "Kirjoita Y-tunnus muodossa 1234567-8."
    assert serious_violations(page) == []
    page.fill("#id_business_id", "1234567-8")
    page.get_by_role("button", name="Lähetä pyyntö").click()
    assert "Moderaattori lähettää kutsun" in page.locator("[role=status]").inner_text()
