"""Monthly snapshots: each indicator's table for a month, kept so that trends survive later
edits and deletions (a pseudonymised referral, a removed service).

``take(month)`` stores every indicator as the data stands; ``rebuild()`` recomputes the event
indicators (searches, guides, referrals, feedback) of every past month from their history.
The catalogue indicators describe the catalogue as it was when the snapshot was taken and are
not rebuilt: the catalogue keeps no state of past months.
"""

import calendar
import datetime as dt

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from tarjotin.indicators import compute
from tarjotin.indicators.filters import IndicatorFilter
from tarjotin.indicators.models import SearchCount, Snapshot, TrayFeedback
from tarjotin.indicators.tables import Table
from tarjotin.referrals.models import GuideUse, Referral


def month_filter(month: dt.date) -> IndicatorFilter:
    last = calendar.monthrange(month.year, month.month)[1]
    return IndicatorFilter(start=month.replace(day=1), end=month.replace(day=last))


def last_complete_month(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def take(month: dt.date, functions=None) -> int:
    """Store the month's tables (values before suppression; suppression happens on display)."""
    f = month_filter(month)
    functions = functions or [fn for _t, fns in compute.SECTIONS.values() for fn in fns]
    with override("fi"):
        for function in functions:
            table = function(f)
            data = {"columns": [str(c) for c in table.columns],
                    "rows": [[_plain(cell) for cell in row] for row in table.rows]}  # fmt: skip
            Snapshot.objects.update_or_create(month=f.start, key=table.key,
                                              defaults={"data": data})  # fmt: skip
    return len(functions)


def _plain(cell):
    return cell if cell is None or isinstance(cell, int | float) else str(cell)


def rebuild(today: dt.date | None = None) -> list[dt.date]:
    """Recompute the event indicators of every month from the first event to last month."""
    first = _first_event_day()
    if first is None:
        return []
    months, month, last = [], first.replace(day=1), last_complete_month(today)
    while month <= last:
        take(month, [fn for fn in _all() if fn in compute.EVENT_INDICATORS])
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _all():
    return [fn for _t, fns in compute.SECTIONS.values() for fn in fns]


def _first_event_day() -> dt.date | None:
    days = [
        SearchCount.objects.aggregate(d=Min("day"))["d"],
        GuideUse.objects.aggregate(d=Min("day"))["d"],
        TrayFeedback.objects.aggregate(d=Min("day"))["d"],
    ]
    sent = Referral.objects.aggregate(d=Min("sent_at"))["d"]
    if sent:
        days.append(timezone.localtime(sent).date())
    days = [d for d in days if d]
    return min(days) if days else None


def trend(f: IndicatorFilter) -> Table:
    """Searches and referrals sent per month, from the snapshots of the months in the range."""
    rows = []
    snapshots = Snapshot.objects.filter(
        month__gte=f.start.replace(day=1), month__lte=f.end,
        key__in=["searches_per_day", "referral_outcomes"],
    )  # fmt: skip
    by_month: dict[dt.date, dict] = {}
    for snapshot in snapshots:
        by_month.setdefault(snapshot.month, {})[snapshot.key] = snapshot.data["rows"]
    for month in sorted(by_month):
        data = by_month[month]
        searches = sum(row[1] for row in data.get("searches_per_day", []))
        sent = data.get("referral_outcomes", [[None, None]])[0][1]
        rows.append([month.strftime("%Y-%m"), searches, sent])
    return Table("trend", _("Month by month (from the monthly snapshots)"),
                 [_("Month"), _("Searches"), _("Referrals sent")], rows, people=True)  # fmt: skip
