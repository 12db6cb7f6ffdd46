"""The data owner's cycle end to end: invite → edit → review → publish → remind → confirm."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.publishing import services
from tarjotin.publishing.models import ErrorReport, Membership, PublishingRights, ServiceVersion
from tarjotin.search.engine import search
from tarjotin.search.index import sync
from tarjotin.search.request import SearchRequest

pytestmark = pytest.mark.django_db

VALID = {
    "name_fi": "Tuolijumppa Testilässä",
    "description_fi": "Kevyttä jumppaa tuolilla istuen. Sopii kaikille, jotka haluavat liikkua "
    "turvallisesti. Ota mukaan juomapullo.",
    "application_process_fi": "Ei ilmoittautumista – tule paikalle!",
    "category": ["exercise"],
    "target_group": ["older_people"],
    "delivery": ["in_person"],
    "cost": ["free"],
    "phone": "09 123 4567",
    "new_place_name": "Testilän palvelukeskus",
    "new_place_street": "Testitie 1",
    "new_place_postcode": "00530",
    "new_place_city": "Helsinki",
    "new_place_latitude": "60.1841",
    "new_place_longitude": "24.9508",
    "days_0": ["TU", "TH"],
    "opens_0": "10:00",
    "closes_0": "11:00",
}


def organization(name: str) -> m.Organization:
    return m.Organization.objects.create(name={"fi": name}, source_system="tarjotin")


@pytest.fixture
def moderator():
    user = User.objects.create_user(
        "moderaattori@example.org", "moderaattori@example.org", "x" * 12
    )
    user.groups.add(Group.objects.get(name="moderators"))
    return user


def accept_invitation(client, email: str) -> None:
    link = re.search(r"(http://\S+/manage/accept/\S+/)", mail.outbox[-1].body).group(1)
    path = link.split("8000", 1)[1] if "8000" in link else link
    response = client.post(path, {"password": "salasana-123", "password_again": "salasana-123"})
    assert response.status_code == 302


def test_invite_edit_review_publish_remind_confirm(client, moderator):
    club = organization("Testilän Eläkeläiset ry")
    # invite: the moderator sends a one-time link
    client.force_login(moderator)
    response = client.post(
        "/manage/invite/",
        {"email": "Sihteeri@Example.org", "organization": str(club.id), "language": "fi"},
    )
    assert response.status_code == 302
    assert "Testilän Eläkeläiset ry" in mail.outbox[-1].body
    client.logout()
    accept_invitation(client, "sihteeri@example.org")
    editor = User.objects.get(email="sihteeri@example.org")
    assert Membership.objects.filter(user=editor, organization=club).exists()
    # the link works once
    link = re.search(r"/manage/accept/(\S+)/", mail.outbox[-1].body).group(1)
    assert client.get(f"/manage/accept/{link}/").status_code == 404

    # edit: bad input is explained, nothing is saved
    response = client.post("/manage/service/new/", {"organization": str(club.id)})
    service = m.Service.objects.get(organization=club)
    edit_url = response["Location"]
    bad = {
        **VALID,
        "phone": "soita meille",
        "new_place_postcode": "530",
        "closes_0": "09:00",
        "new_place_latitude": "48.85",
        "new_place_longitude": "2.35",
    }
    response = client.post(edit_url, {**bad, "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    for text in (
        "Kirjoita numero numeroina",
        "viisi numeroa",
        "alkamisen jälkeen",
        "ei ole Suomessa",
    ):
        assert text in html
    assert not ServiceVersion.objects.exists()

    # submit for review: residents do not see it yet
    client.post(edit_url, {**VALID, "submit": "1"})
    version = ServiceVersion.objects.get(service=service)
    assert version.state == "pending_review" and version.author == editor
    service.refresh_from_db()
    assert service.publication_status == "pending_review"
    assert client.get(f"/service/{service.id}/").status_code == 404

    # review: the moderator sees the change and publishes it
    client.force_login(moderator)
    assert "Tuolijumppa Testilässä" in client.get("/manage/review/").content.decode()
    review = client.get(f"/manage/review/{version.id}/").content.decode()
    assert "Tuolijumppa Testilässä" in review and "Liikunta" in review
    assert "name (fi)" not in review and ">exercise<" not in review  # words, not codes (M8)
    client.post(f"/manage/review/{version.id}/", {"publish": "1", "note": ""})
    service.refresh_from_db()
    assert service.publication_status == "published" and service.last_verified_at
    assert service.schedules.get().byday == "TU,TH"
    assert service.service_at_locations.get().location.latitude == pytest.approx(60.1841)
    sync()
    assert str(service.id) in [
        h.id for h in search(SearchRequest(text="tuolijumppa testilässä")).hits
    ]

    # remind after six months, one click to confirm
    m.Service.objects.filter(id=service.id).update(
        last_verified_at=timezone.now() - dt.timedelta(days=200)
    )
    mail.outbox.clear()
    assert services.run_freshness() == {"reminded": 1, "hidden": 0}
    assert services.run_freshness()["reminded"] == 0  # once
    assert mail.outbox[0].to == ["sihteeri@example.org"]
    confirm = re.search(r"(/manage/confirm/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert "Kyllä, tiedot ovat ajan tasalla" in client.get(confirm).content.decode()
    client.post(confirm)
    service.refresh_from_db()
    assert timezone.now() - service.last_verified_at < dt.timedelta(minutes=1)

    # hidden after a year without confirmation, shown again when confirmed
    m.Service.objects.filter(id=service.id).update(
        last_verified_at=timezone.now() - dt.timedelta(days=400)
    )
    assert services.run_freshness()["hidden"] == 1
    service.refresh_from_db()
    assert service.publication_status == "archived"
    client.post(confirm)
    service.refresh_from_db()
    assert service.publication_status == "published"


def test_an_editor_cannot_see_or_change_another_organizations_drafts(client):
    mine, theirs = organization("Oma yhdistys"), organization("Toinen yhdistys")
    editor = User.objects.create_user("e@example.org", "e@example.org", "x" * 12)
    Membership.objects.create(user=editor, organization=mine)
    other_service = services.new_service(theirs)
    client.force_login(editor)
    assert client.get(f"/manage/service/{other_service.id}/").status_code == 404
    assert (
        client.post(f"/manage/service/{other_service.id}/", {**VALID, "submit": "1"}).status_code
        == 404
    )
    assert client.get(f"/manage/service/{other_service.id}/history/").status_code == 404
    assert client.post("/manage/service/new/", {"organization": str(theirs.id)}).status_code == 403
    assert client.get("/manage/review/").status_code == 403
    assert not ServiceVersion.objects.exists()


def test_trusted_organization_publishes_directly_and_versions_can_be_brought_back(client):
    club = organization("Luotettu seura")
    PublishingRights.objects.create(organization=club, trusted=True)
    editor = User.objects.create_user("t@example.org", "t@example.org", "x" * 12)
    Membership.objects.create(user=editor, organization=club)
    service = services.new_service(club)
    client.force_login(editor)
    url = f"/manage/service/{service.id}/"
    client.post(url, {**VALID, "submit": "1"})
    client.post(url, {**VALID, "name_fi": "Uusi nimi", "submit": "1"})
    service.refresh_from_db()
    assert service.name == {"fi": "Uusi nimi"} and service.publication_status == "published"
    first = service.versions.get(number=1)
    client.post(f"/manage/version/{first.id}/revert/")
    service.refresh_from_db()
    assert service.name["fi"] == "Tuolijumppa Testilässä"
    assert service.versions.count() == 3 and service.versions.first().state == "published"


def test_error_report_reaches_the_organizations_inbox_only(client):
    club = organization("Raportoitava ry")
    editor = User.objects.create_user("r@example.org", "r@example.org", "x" * 12)
    Membership.objects.create(user=editor, organization=club, language="sv")
    stranger = User.objects.create_user("s@example.org", "s@example.org", "x" * 12)
    Membership.objects.create(user=stranger, organization=organization("Muu ry"))
    service = services.new_service(club)
    m.Service.objects.filter(id=service.id).update(
        publication_status="published", name={"fi": "Kuoro"}
    )
    client.post(f"/service/{service.id}/report/", {"message": "Kuoro on siirtynyt torstaille."})
    assert not mail.outbox  # no e-mail per report: the daily digest (security audit #13)
    call_command("freshness", verbosity=0)
    assert mail.outbox[-1].to == ["r@example.org"]
    assert mail.outbox[-1].subject.startswith("En invånare")  # in the editor's language
    assert "Kuoro" in mail.outbox[-1].body and "torstaille" not in mail.outbox[-1].body
    call_command("freshness", verbosity=0)
    assert len(mail.outbox) == 1  # announced once
    client.force_login(editor)
    assert "siirtynyt torstaille" in client.get("/manage/inbox/").content.decode()
    client.force_login(stranger)
    assert "siirtynyt torstaille" not in client.get("/manage/inbox/").content.decode()
    assert ErrorReport.objects.get().status == "new"


def test_an_editor_archives_an_ended_service(client):
    club = organization("Päättyvä kerho")
    editor = User.objects.create_user("a@example.org", "a@example.org", "x" * 12)
    Membership.objects.create(user=editor, organization=club)
    PublishingRights.objects.create(organization=club, trusted=True)
    service = services.new_service(club)
    client.force_login(editor)
    client.post(
        f"/manage/service/{service.id}/",
        {**VALID, "eligibility_description_fi": "Yhdistyksen jäsenet", "submit": "1"},
    )
    assert client.get(f"/service/{service.id}/").status_code == 200
    assert "Yhdistyksen jäsenet" in client.get(f"/service/{service.id}/").content.decode()
    client.post(f"/manage/service/{service.id}/archive/")
    assert client.get(f"/service/{service.id}/").status_code == 404


def test_saving_keeps_a_place_that_belongs_to_another_organization(client):
    club, city = organization("Vieraileva kerho"), organization("Kaupunki")
    hall = m.Location.objects.create(
        organization=city, location_type="physical", name={"fi": "Kaupungin liikuntahalli"}
    )
    editor = User.objects.create_user("p@example.org", "p@example.org", "x" * 12)
    Membership.objects.create(user=editor, organization=club)
    PublishingRights.objects.create(organization=club, trusted=True)
    service = services.new_service(club)
    m.ServiceAtLocation.objects.create(service=service, location=hall)
    client.force_login(editor)
    assert (
        "Kaupungin liikuntahalli" in client.get(f"/manage/service/{service.id}/").content.decode()
    )
    fields = {k: v for k, v in VALID.items() if not k.startswith("new_place")}
    client.post(
        f"/manage/service/{service.id}/", {**fields, "location": str(hall.id), "submit": "1"}
    )
    assert service.service_at_locations.get().location_id == hall.id
