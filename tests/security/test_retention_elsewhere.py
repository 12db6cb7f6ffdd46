"""Security audit #22: what people typed outside referrals is not kept forever."""

import datetime as dt

import pytest
from django.core.management import call_command

from tarjotin.catalogue import models as m
from tarjotin.indicators.models import SearchCount, TrayFeedback
from tarjotin.indicators.retention import RARE_QUERY
from tarjotin.publishing.models import ErrorReport

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 3)


def test_a_rarely_typed_search_text_is_folded_away_and_the_totals_stay(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC), tick=False)
    old = TODAY - dt.timedelta(days=120)
    SearchCount.objects.create(day=old, channel="pro", language="fi",
                               query="matti meikäläinen", searches=1, clicks=1)  # fmt: skip
    SearchCount.objects.create(day=old, channel="pro", language="fi", query="uinti", searches=6)
    SearchCount.objects.create(day=TODAY, channel="pro", language="fi", query="liisa", searches=1)
    call_command("indicators", "forget", verbosity=0)
    queries = set(SearchCount.objects.values_list("query", flat=True))
    assert "matti meikäläinen" not in queries  # rare and old: its words are gone
    assert {"uinti", "liisa", RARE_QUERY} <= queries  # common, or too recent to judge
    rare = SearchCount.objects.get(query=RARE_QUERY)
    assert (rare.day, rare.searches, rare.clicks) == (old, 1, 1)


def test_old_feedback_comments_and_error_report_emails_are_blanked(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC), tick=False)
    answers = {"audience": "resident", "found": "yes", "again": "yes"}
    old = TODAY - dt.timedelta(days=400)
    TrayFeedback.objects.create(day=old, comment="Olen Liisa, 050 1234567", **answers)
    TrayFeedback.objects.create(day=TODAY, comment="tuore", **answers)
    service = m.Service.objects.filter(publication_status="published").first()
    report = ErrorReport.objects.create(service=service, message="Soita minulle, Matti",
                                        reply_email="matti@example.org", language="fi")  # fmt: skip
    ErrorReport.objects.filter(id=report.id).update(
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    call_command("indicators", "forget", verbosity=0)
    call_command("freshness", verbosity=0)
    assert set(TrayFeedback.objects.values_list("comment", flat=True)) == {"", "tuore"}
    report.refresh_from_db()
    assert (report.message, report.reply_email, report.service_id) == ("", "", service.id)
