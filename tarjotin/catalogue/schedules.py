"""Reading HSDS schedules (iCalendar RRULE parts): when a service next meets, in words.

HSDS keeps a schedule as RRULE pieces (``freq``, ``interval``, ``byday``, ``count`` ...).
Residents want two things from it: "when is the next time" and the regular hours in plain words.
python-dateutil reads the rule, so INTERVAL ("every other week"), COUNT, UNTIL and BYMONTHDAY
mean what RFC 5545 says. A rule it cannot read, or one whose weeks cannot be counted because it
has no start date, is shown by its own description and never guessed.
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.rrule import rrule, rrulestr
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from tarjotin.catalogue.texts import pick_translation

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LOOK_AHEAD_DAYS = 62
FREQUENCIES = {"WEEKLY", "MONTHLY"}


@dataclass(frozen=True)
class Opening:
    starts: dt.datetime
    ends: dt.datetime | None


def _time(value: str | None) -> dt.time | None:
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value[:5])
    except ValueError:
        return None


def _byday(schedule) -> list[tuple[int, int | None]] | None:
    """(weekday index, nth of month or None) per BYDAY token; None if a token is unreadable."""
    days = []
    for token in filter(None, (t.strip() for t in (schedule.byday or "").upper().split(","))):
        day, nth = token[-2:], token[:-2]
        if day not in DAY_CODES:
            return None
        try:
            number = int(nth) if nth else None
        except ValueError:
            return None
        if number is not None and (schedule.freq != "MONTHLY" or not 1 <= abs(number) <= 5):
            return None
        days.append((DAY_CODES.index(day), number))
    return days


def _counted_from(schedule) -> dt.date | None:
    return schedule.dtstart or schedule.valid_from


def is_plain(schedule) -> bool:
    """Every week, or every month on the nth weekday, with no end: the same days whatever the
    start date (a rule with UNTIL, as a source's exceptional hours are, is told by its dates)."""
    return _same_days_from_any_start(schedule) and not schedule.until


def _same_days_from_any_start(schedule) -> bool:
    days = _byday(schedule)
    if not days or (schedule.interval or 1) != 1 or schedule.count or schedule.bymonthday:
        return False
    if schedule.byweekno:
        return False
    monthly = schedule.freq == "MONTHLY"
    return (schedule.freq == "WEEKLY" and all(n is None for _, n in days)) or (
        monthly and all(n is not None for _, n in days)
    )


def rules(schedule) -> list[tuple[int, int | None]]:
    """(weekday index, nth of month or None) of a plain schedule; [] for any other rule."""
    return _byday(schedule) if is_plain(schedule) else []


def recurrence(schedule, around: dt.date) -> rrule | None:
    """The schedule's rule as dateutil reads it, or None when it cannot be read for certain.

    A plain rule meets on the same days whatever its start, so without one it is counted from
    the start of ``around``'s month; any other rule needs its own start date.
    """
    if schedule.freq not in FREQUENCIES or _byday(schedule) is None:
        return None
    start = _counted_from(schedule)
    if start is None:
        if not _same_days_from_any_start(schedule):
            return None
        start = around.replace(day=1)
    parts = [f"FREQ={schedule.freq}"]
    if schedule.interval and schedule.interval > 1:
        parts.append(f"INTERVAL={schedule.interval}")
    for name in ("byday", "bymonthday", "byweekno", "wkst"):
        value = (getattr(schedule, name) or "").replace(" ", "").upper()
        if value:
            parts.append(f"{name.upper()}={value}")
    if schedule.count:
        parts.append(f"COUNT={schedule.count}")
    if schedule.until:
        parts.append(f"UNTIL={schedule.until:%Y%m%d}T235959")
    try:
        return rrulestr(";".join(parts), dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError):
        return None


def _valid_on(schedule, day: dt.date) -> bool:
    starts = [d for d in (schedule.valid_from, schedule.dtstart) if d]
    ends = [d for d in (schedule.valid_to, schedule.until) if d]
    return all(day >= d for d in starts) and all(day <= d for d in ends)


def meeting_days(schedule, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days from ``first`` to ``last`` (both included) on which the schedule meets."""
    rule = recurrence(schedule, first)
    if rule is None:
        return []
    found = rule.between(
        dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time.max), inc=True
    )
    return [moment.date() for moment in found if _valid_on(schedule, moment.date())]


def meets_on(schedule, day: dt.date) -> bool:
    """Whether the schedule has a meeting on ``day`` (its validity period included)."""
    return bool(meeting_days(schedule, day, day))


def closed_days(schedules) -> set[dt.date]:
    """Days a closure covers: a schedule with dates and no hours or rule ("closed 24-26 Dec",
    as sources give holiday closures)."""
    days = set()
    for schedule in schedules:
        if schedule.freq or schedule.opens_at or not schedule.dtstart:
            continue
        last = schedule.until or schedule.dtstart
        span = min((last - schedule.dtstart).days, 366)
        days |= {schedule.dtstart + dt.timedelta(days=n) for n in range(span + 1)}
    return days


def next_opening(schedules, now: dt.datetime | None = None) -> Opening | None:
    """The next meeting that has not ended yet, within two months, on a day not closed."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    best = None
    schedules = list(schedules)
    closed = closed_days(schedules)
    for schedule in schedules:
        opens, closes = _time(schedule.opens_at), _time(schedule.closes_at)
        if opens is None:
            continue
        last = today + dt.timedelta(days=LOOK_AHEAD_DAYS - 1)
        for day in meeting_days(schedule, today, last):
            if day in closed:
                continue
            starts = dt.datetime.combine(day, opens, now.tzinfo)
            ends = dt.datetime.combine(day, closes, now.tzinfo) if closes else None
            if ends is not None and ends <= starts:  # over midnight: ends the next day
                ends += dt.timedelta(days=1)
            if (ends or starts) <= now:
                continue
            if best is None or starts < best.starts:
                best = Opening(starts, ends)
            break
    return best


def describe(schedule, language: str) -> str:
    """The schedule in words: its own description, else one made from a rule we can read."""
    text = pick_translation(schedule.description, language)
    if text:
        return text
    days = _byday(schedule) or []
    if schedule.bymonthday or schedule.byweekno or schedule.count:
        days = []  # such rules are told by their dates (next_opening), not in words
    interval = schedule.interval or 1
    if interval > 1 and not _counted_from(schedule):
        return ""  # which weeks is unknown: saying "Tuesdays" would be a guess
    words = ", ".join(_day_phrase(weekday, nth) for weekday, nth in days)
    if words and interval > 1:
        words = f"{_every(schedule.freq, interval)}: {words}"
    opens, closes = _time(schedule.opens_at), _time(schedule.closes_at)
    hours = ""
    if opens:
        hours = f"{opens:%H.%M}–{closes:%H.%M}" if closes else f"{opens:%H.%M}"
    return " ".join(part for part in (words, hours) if part)


def _every(freq: str, interval: int) -> str:
    if freq == "MONTHLY":
        return _("every %(n)s months") % {"n": interval}
    return _("every %(n)s weeks") % {"n": interval}


def _day_phrase(weekday: int, nth: int | None) -> str:
    name = str(WEEKDAYS[weekday])
    if nth is None:
        return name
    if nth == -1:
        return _("last %(weekday)s of the month") % {"weekday": name}
    return _("%(nth)s. %(weekday)s of the month") % {"nth": nth, "weekday": name}


def day_label(code: str) -> str:
    """A weekday code's name ("MO" -> "maanantai") from Django's own translations."""
    return str(WEEKDAYS[DAY_CODES.index(code)]) if code in DAY_CODES else code
