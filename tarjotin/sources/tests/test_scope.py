"""Scope as data, reviewed by people: what a harvest leaves out is shown to moderators, who
release a record with one click; the next full harvest takes it in (harvesting issue 17)."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from tarjotin.catalogue import models as m
from tarjotin.sources.harvest.run import harvest
from tarjotin.sources.harvest.sources import SOURCES
from tarjotin.sources.harvest.writer import record_id

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "harvest"
PTV_FILES = ["ptv_channels_page1.json", "ptv_services_page1.json", "ptv_services_page2.json"]
BUILDING_PERMIT = "5e000000-0000-4000-8000-000000000003"  # service class P2.1: out of scope


def harvest_ptv():
    source = SOURCES["ptv"]()
    return harvest(source, source.read_files([FIXTURES / n for n in PTV_FILES]), "test", True)


def moderator(client):
    user = User.objects.create_user("moderaattori", password="x")
    user.groups.add(Group.objects.get(name="moderators"))
    client.force_login(user)


def test_a_moderator_sees_what_was_left_out_and_releases_it_into_the_tray(client):
    harvest_ptv()
    permit = record_id("ptv", "service", BUILDING_PERMIT)
    assert not m.Service.objects.filter(id=permit).exists()
    moderator(client)
    page = client.get("/manage/review/scope/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Rakennusluvat" in text and "service classes P2.1" in text
    record = page.context["records"][0][0]
    client.post("/manage/review/scope/", {"record": record.id})
    assert "Rakennusluvat" not in client.get("/manage/review/scope/").content.decode()
    harvest_ptv()
    released = m.Service.objects.get(id=permit)
    codes = set(m.Attribute.objects.filter(link_id=permit)
                .values_list("taxonomy_term__code", flat=True))  # fmt: skip
    assert released.publication_status == "published" and "advice" in codes


def test_only_moderators_see_the_left_out_records(client):
    client.force_login(User.objects.create_user("toimittaja", password="x"))
    assert client.get("/manage/review/scope/").status_code == 403
