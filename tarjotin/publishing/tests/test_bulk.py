"""Bulk upload: good and broken files, XLSX and CSV; nothing saved until valid or chosen."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tarjotin.catalogue import models as m
from tarjotin.publishing import bulk
from tarjotin.publishing.models import Membership, ServiceVersion

pytestmark = pytest.mark.django_db
GOOD = dict(bulk.EXAMPLE)
BAD = {
    **bulk.EXAMPLE,
    "name_fi": "Rikki",
    "phone": "soita",
    "new_place_postcode": "12",
    "category": "not_a_category",
}


@pytest.fixture
def editor(client):
    club = m.Organization.objects.create(name={"fi": "Taulukkoseura"}, source_system="tarjotin")
    user = User.objects.create_user("b@example.org", "b@example.org", "x" * 12)
    Membership.objects.create(user=user, organization=club)
    client.force_login(user)
    return club


def xlsx(*rows: dict) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(bulk.COLUMNS)
    for row in rows:
        sheet.append([row.get(c, "") for c in bulk.COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("palvelut.xlsx", out.getvalue())


def csv_file(*rows: dict, delimiter=";") -> SimpleUploadedFile:
    lines = [delimiter.join(bulk.COLUMNS)] + [
        delimiter.join(row.get(c, "") for c in bulk.COLUMNS) for row in rows
    ]
    return SimpleUploadedFile("palvelut.csv", "\n".join(lines).encode("utf-8-sig"))


def test_templates_download_with_the_columns(client, editor):
    sheet = load_workbook(io.BytesIO(client.get("/manage/upload/template.xlsx").content)).active
    assert [c.value for c in sheet[1]] == list(bulk.COLUMNS)
    assert (
        client.get("/manage/upload/template.csv").content.decode("utf-8-sig").startswith("name_fi,")
    )


def test_a_valid_file_is_saved_and_sent_for_review(client, editor):
    response = client.post(
        "/manage/upload/",
        {"organization": str(editor.id), "file": xlsx(GOOD, {**GOOD, "name_fi": "Kuoro"})},
    )
    assert response.status_code == 302
    assert ServiceVersion.objects.filter(state="pending_review").count() == 2
    version = ServiceVersion.objects.get(content__name__fi="Kuoro")
    assert version.content["schedules"][0]["byday"] == "TU,TH"


def test_a_broken_file_saves_nothing_until_the_user_chooses_the_valid_rows(client, editor):
    response = client.post(
        "/manage/upload/", {"organization": str(editor.id), "file": csv_file(GOOD, BAD)}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kirjoita numero numeroina" in html and "viisi numeroa" in html
    assert "not_a_category" in html  # the unknown category is named
    assert not m.Service.objects.filter(organization=editor).exists()
    client.post("/manage/upload/", {"confirm": "valid"})
    assert ServiceVersion.objects.count() == 1
    assert ServiceVersion.objects.get().content["name"]["fi"] == "Tuolijumppa"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("palvelut.pdf", b"%PDF-1.4", "Lataa pohja"),
        ("palvelut.xlsx", b"not a zip", "Excel"),
        ("palvelut.csv", b"", "tiedosto"),
        ("palvelut.csv", b"nimi;kuvaus\nA;B", "name_fi"),
    ],
)
def test_files_that_cannot_be_read_get_a_clear_error(client, editor, name, content, message):
    response = client.post(
        "/manage/upload/",
        {"organization": str(editor.id), "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ServiceVersion.objects.exists()
