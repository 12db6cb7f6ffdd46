"""Texts come in the requested language, fall back clearly, and carry every translation."""

import pytest

from tarjotin.catalogue.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_text_only_in_swedish_falls_back_for_finnish_readers(client):
    service = ServiceFactory(name={"sv": "Simskola"}, description={"sv": "Simskola för barn."})
    body = client.get(f"/api/hsda/services/{service.id}", {"lang": "fi"}).json()
    assert body["name"] == "Simskola"
    assert body["translations"]["name"] == {"sv": "Simskola"}


def test_plain_language_finnish_is_a_content_language(client):
    service = ServiceFactory(
        name={"fi": "Kuntosaliryhmä", "fi-x-selko": "Kuntosali"},
        description={
            "fi": "Ohjattu ryhmä.",
            "fi-x-selko": "Teet lihasharjoituksia. Ohjaaja auttaa.",
        },
    )
    body = client.get(f"/api/hsda/services/{service.id}", {"lang": "fi-x-selko"}).json()
    assert body["description"] == "Teet lihasharjoituksia. Ohjaaja auttaa."


def test_unpublished_organization_services_are_not_listed_under_it(client):
    service = ServiceFactory(publication_status="draft")
    body = client.get(f"/api/hsda/organizations/{service.organization_id}").json()
    assert body["services"] == []
