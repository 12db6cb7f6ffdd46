"""The filters every indicator takes: a time range, a municipality, a category, a target group."""

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_DAYS = 365


class FilterError(ValueError):
    pass


@dataclass(frozen=True)
class IndicatorFilter:
    start: dt.date
    end: dt.date  # inclusive
    municipality: str = ""
    category: str = ""
    target_group: str = ""

    @property
    def narrows_services(self) -> bool:
        return bool(self.municipality or self.category or self.target_group)

    @property
    def first_moment(self) -> dt.datetime:
        """The start of the first day, in local time (timestamps compare without conversion)."""
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time()))

    @property
    def after_last_moment(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time()))

    def as_params(self) -> dict[str, str]:
        params = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for name in ("municipality", "category", "target_group"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        return params


EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


def in_whole_months(f: IndicatorFilter) -> IndicatorFilter:
    """The public figures' period: from the first day of the start's month to the last day of
    the end's month. Day-by-day ranges let anyone subtract one published count from another and
    recover a suppressed one (security audit #9)."""
    after_end = (f.end.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return replace(f, start=f.start.replace(day=1), end=after_end - dt.timedelta(days=1))


def default_filter() -> IndicatorFilter:
    today = timezone.localdate()
    return IndicatorFilter(start=today - dt.timedelta(days=DEFAULT_DAYS - 1), end=today)


def from_query(query) -> IndicatorFilter:
    """Filters from a request's parameters; a bad value is a FilterError saying which."""
    default = default_filter()
    start = _date(query.get("start"), default.start, _("start"))
    end = _date(query.get("end"), default.end, _("end"))
    if start > end:
        raise FilterError(_("The start date is after the end date."))
    return IndicatorFilter(
        start=start,
        end=end,
        municipality=_code(query.get("municipality", "")),
        category=_code(query.get("category", "")),
        target_group=_code(query.get("target_group", "")),
    )


def _date(value: str | None, default: dt.date, name: str) -> dt.date:
    if not value:
        return default
    try:
        day = dt.date.fromisoformat(value)
        if not EARLIEST <= day <= LATEST:  # 0001-01-01 or 9999-12-31 overflow the day arithmetic
            raise ValueError(value)
        return day
    except ValueError:
        raise FilterError(
            _("Give the %(name)s date as YYYY-MM-DD, e.g. 2026-01-31.") % {"name": name}
        ) from None


def _code(value: str) -> str:
    value = value.strip()
    if len(value) > 40 or not value.replace("_", "").replace("-", "").isalnum():
        if value:
            raise FilterError(_("Unknown filter value."))
    return value
