"""Taxonomy suggestions from the free text, and the editor accepting them."""

import pytest
from django.contrib.auth.models import User

from tarjotin.catalogue import models as m
from tarjotin.publishing import services, suggest
from tarjotin.publishing.models import Membership, ServiceVersion

pytestmark = pytest.mark.django_db


def content(name: str, description: str, **chosen) -> dict:
    return {
        "name": {"fi": name},
        "description": {"fi": description},
        "category": chosen.get("category", []),
        "target_group": chosen.get("target_group", []),
    }


def test_suggests_the_topic_and_the_target_group_from_finnish_text():
    found = suggest.for_content(content(
        "Tuolijumppa",
        "Jumppaa tuolilla istuen. Ryhmä on tarkoitettu eläkeläisille ja ikäihmisille.",
    ))  # fmt: skip
    assert "exercise" in found["category"]
    assert "older_people" in found["target_group"]


def test_terms_already_chosen_are_not_suggested_again():
    found = suggest.for_content(content(
        "Vesijumppa ikääntyneille", "Kevyttä liikuntaa uima-altaassa eläkeläisille.",
        category=["exercise"],
    ))  # fmt: skip
    assert "exercise" not in found.get("category", [])


def test_editor_accepts_suggestions_without_saving(client):
    club = m.Organization.objects.create(name={"fi": "Ehdotusseura"}, source_system="tarjotin")
    user = User.objects.create_user("s@example.org", "s@example.org", "x" * 12)
    Membership.objects.create(user=user, organization=club)
    service = services.new_service(club)
    client.force_login(user)
    response = client.post(f"/manage/service/{service.id}/", {
        "name_fi": "Lasten uimakoulu",
        "description_fi": "Uimakoulussa lapset oppivat uimaan leikin ja pelien avulla.",
        "accept_suggestions": "1",
    })  # fmt: skip
    html = response.content.decode()
    assert 'name="category" value="exercise" id="id_category_' in html.replace("checked", "")
    assert "checked" in html.split('value="exercise"')[1][:40]
    assert not ServiceVersion.objects.exists()
