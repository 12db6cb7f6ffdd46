"""How long what residents and professionals typed is kept (security audit #22).

* A search text used by fewer than MIN_QUERY_SEARCHES searches in all is, after
  DEMAND_RARE_QUERY_DAYS, counted under RARE_QUERY instead of its words: a professional who
  typed a client's name leaves no trace of it, and the demand figures keep their totals.
* A feedback comment is blanked after FEEDBACK_COMMENT_DAYS; the answers stay.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tarjotin.indicators.compute import MIN_QUERY_SEARCHES
from tarjotin.indicators.models import SearchCount, TrayFeedback

RARE_QUERY = "(rare)"  # not a query anyone types: normalised queries have no parentheses


@transaction.atomic
def forget_rare_queries(now: dt.datetime | None = None) -> int:
    """Fold the old rows of rarely used query texts into RARE_QUERY rows; returns how many."""
    limit = timezone.localdate(now) - dt.timedelta(days=settings.DEMAND_RARE_QUERY_DAYS)
    common = (
        SearchCount.objects.values("query")
        .annotate(total=Sum("searches"))
        .filter(total__gte=MIN_QUERY_SEARCHES)
        .values("query")
    )
    rare = (
        SearchCount.objects.filter(day__lt=limit)
        .exclude(query__in=["", RARE_QUERY])
        .exclude(query__in=common)
    )
    folded = 0
    groups = rare.values("day", "channel", "language").annotate(
        searches=Sum("searches"), zero=Sum("zero_results"), clicks=Sum("clicks")
    )
    for group in list(groups):
        row, _ = SearchCount.objects.get_or_create(
            day=group["day"], channel=group["channel"], language=group["language"],
            query=RARE_QUERY,
        )  # fmt: skip
        row.searches += group["searches"]
        row.zero_results += group["zero"]
        row.clicks += group["clicks"]
        row.save()
    folded = rare.count()
    rare.delete()
    return folded


def forget_feedback_comments(now: dt.datetime | None = None) -> int:
    limit = timezone.localdate(now) - dt.timedelta(days=settings.FEEDBACK_COMMENT_DAYS)
    return TrayFeedback.objects.filter(day__lt=limit).exclude(comment="").update(comment="")
