"""Dashboard, public statistics and open data: who sees them, bad filters, charts, and
small-cell suppression in every export."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tarjotin.indicators import snapshots
from tarjotin.indicators.models import SearchCount, Snapshot
from tarjotin.referrals.models import GuideUse, Referral
from tarjotin.staff.models import StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = User.objects.create_user("johtaja", "johtaja@example.org", "x" * 12)
    StaffRole.objects.create(user=user, role="manager")
    client.force_login(user)
    return user


@pytest.fixture
def few_people():
    """Three uses of one guide and two sent referrals: every one a count under five."""
    day = timezone.localdate()
    GuideUse.objects.bulk_create([GuideUse(guide="culture", day=day, finished=True)] * 3)
    for i in range(2):
        Referral.objects.create(reference=f"HL-TEST{i}", state="sent", sent_at=timezone.now())


def test_only_managers_and_administrators_see_the_dashboard(client, manager):
    assert client.get(reverse("indicators:dashboard")).status_code == 200
    professional = User.objects.create_user("hoitaja", "h@example.org", "x" * 12)
    StaffRole.objects.create(user=professional, role="professional")
    client.force_login(professional)
    assert client.get(reverse("indicators:dashboard")).status_code == 403
    assert client.get(reverse("indicators:export", args=["csv"])).status_code == 403
    client.logout()
    assert client.get(reverse("indicators:dashboard")).status_code == 302
    assert client.get(reverse("indicators:statistics")).status_code == 200  # public
    assert client.get("/api/stats").status_code == 200


def test_bad_filters_are_explained(client, manager):
    page = client.get(reverse("indicators:dashboard"), {"start": "31.1.2026"})
    assert page.status_code == 400 and "YYYY-MM-DD" in page.content.decode()
    page = client.get(reverse("indicators:dashboard"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert page.status_code == 400
    answer = client.get("/api/stats", {"end": "eilen"})
    assert answer.status_code == 400 and "YYYY-MM-DD" in answer.json()["detail"]
    answer = client.get(reverse("indicators:export", args=["json"]), {"category": "<script>"})
    assert answer.status_code == 400 and answer.json()["detail"]


def test_every_indicator_has_a_chart_or_a_coloured_matrix_and_a_data_table(
    client, manager, few_people
):
    from tarjotin.indicators import demand

    for _i in range(5):
        demand.record_search("web", "fi", "uinti", 0, ["category"])
    page = client.get(reverse("indicators:dashboard")).content.decode()
    chunks = page.split('<section class="indicator"')[1:]
    assert len(chunks) == 21  # 20 indicators and the monthly trend
    for chunk in chunks:
        assert '<table class="table data' in chunk
        has_rows = "No data for these filters" not in chunk and "Ei tietoja" not in chunk
        if has_rows and "matrix" not in chunk:
            assert '<svg class="chart" role="img"' in chunk, chunk[:120]
    assert page.count('class="table data matrix"') == 3


def _guide_row(rows):
    return next(row for row in rows if row and row[0] == "Kulttuurihyvinvointi puheeksi")


def test_suppression_in_every_export(client, manager, few_people):
    data = json.loads(client.get(reverse("indicators:export", args=["json"])).content)
    tables = {t["key"]: t for t in data["tables"]}
    assert _guide_row(tables["guide_uses"]["rows"])[1] == "<5"
    assert dict(tables["referrals_by_state"]["rows"])["Lähetetty"] == "<5"

    text = client.get(reverse("indicators:export", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert _guide_row(rows)[1] == "<5"
    assert ["Lähetetty", "<5"] in rows

    book = load_workbook(
        io.BytesIO(client.get(reverse("indicators:export", args=["xlsx"])).content)
    )
    sheet_rows = [[c for c in row] for row in book["guide_uses"].iter_rows(values_only=True)]
    assert _guide_row(sheet_rows)[1] == "<5"
    assert ("Lähetetty", "<5") in list(book["referrals_by_state"].iter_rows(values_only=True))

    public = client.get("/api/stats").json()
    public_tables = {t["key"]: t for t in public["tables"]}
    assert _guide_row(public_tables["guide_uses"]["rows"])[1] == "<5"
    assert public["licence"] == "CC BY 4.0"

    for page in (client.get(reverse("indicators:dashboard")),
                 client.get(reverse("indicators:statistics"))):  # fmt: skip
        html = page.content.decode()
        assert '<th scope="row">Kulttuurihyvinvointi puheeksi</th><td class="">&lt;5</td>' in html
        assert '<th scope="row">Lähetetty</th><td class="">&lt;5</td>' in html


def test_snapshots_keep_the_trend_after_deletions_and_rebuild_from_history(client, manager):
    month = timezone.localdate().replace(day=1)
    SearchCount.objects.create(day=month, channel="web", language="fi", query="uinti", searches=40)
    for i in range(6):
        Referral.objects.create(reference=f"HL-SNAP{i}", state="sent", sent_at=timezone.now())
    snapshots.take(month)
    Referral.objects.filter(reference__startswith="HL-SNAP").delete()
    f = snapshots.month_filter(month)
    assert snapshots.trend(f).rows == [[month.strftime("%Y-%m"), 40, 6]]
    # A rebuild recomputes the months before this one from what the history now holds.
    last_month = snapshots.last_complete_month()
    SearchCount.objects.create(day=last_month, channel="web", language="fi", query="", searches=9)
    assert last_month in snapshots.rebuild()
    rebuilt = Snapshot.objects.get(month=last_month, key="searches_per_day")
    assert sum(row[1] for row in rebuilt.data["rows"]) == 9


def test_counting_demand_sets_no_cookie_and_stores_no_address(client):
    response = client.get(reverse("web:search"), {"q": "uinti"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert set(response.cookies) <= {"csrftoken"}  # the forms' own cookie; nothing counts people
    fields = {field.name for field in SearchCount._meta.get_fields()}
    assert fields == {"id", "day", "channel", "language", "query", "searches", "zero_results",
                      "clicks"}  # fmt: skip
    assert SearchCount.objects.get(query="uinti").searches == 1
    client.get(reverse("web:search"), {"q": "uinti", "page": "2"})  # paging is not demand
    assert SearchCount.objects.get(query="uinti").searches == 1


def test_the_tray_survey(client):
    assert client.post(reverse("indicators:feedback"), {"found": "yes"}).status_code == 400
    response = client.post(reverse("indicators:feedback"), {"found": "partly", "again": "yes"})
    assert response.status_code == 302
    from tarjotin.indicators.models import TrayFeedback

    assert TrayFeedback.objects.get().audience == "resident"
