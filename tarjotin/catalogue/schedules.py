"""Reading HSDS schedules (iCalendar RRULE parts): when a service next meets, in words.

HSDS keeps a schedule as RRULE pieces (``freq``, ``byday``, ``opens_at`` ...). Residents want
two things from it: "when is the next time" and the regular hours in plain words. Weekly
rules ("WE,FR") and monthly nth-weekday rules ("1SA", "-1FR") are understood; a rule we cannot
read is shown by its own description and never guessed.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from tarjotin.catalogue.models.base import pick_translation

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LOOK_AHEAD_DAYS = 62


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


def rules(schedule) -> list[tuple[int, int | None]]:
    """(weekday index, nth of month or None) for each BYDAY token we understand."""
    rules = []
    for token in (schedule.byday or "").upper().split(","):
        token = token.strip()
        day, nth = token[-2:], token[:-2]
        if day not in DAY_CODES:
            continue
        number = None
        if nth and schedule.freq == "MONTHLY":
            try:
                number = int(nth)
            except ValueError:
                continue
        rules.append((DAY_CODES.index(day), number))
    return rules


def _nth_matches(day: dt.date, nth: int) -> bool:
    if nth > 0:
        return (day.day - 1) // 7 + 1 == nth
    next_month_same_weekday = day + dt.timedelta(days=7 * -nth)
    return next_month_same_weekday.month != day.month


def meets_on(schedule, day: dt.date) -> bool:
    """Whether the schedule has a meeting on ``day`` (its validity period included)."""
    for start in (schedule.valid_from, schedule.dtstart):
        if start and day < start:
            return False
    for end in (schedule.valid_to, schedule.until):
        if end and day > end:
            return False
    return any(
        weekday == day.weekday() and (nth is None or _nth_matches(day, nth))
        for weekday, nth in rules(schedule)
    )


def next_opening(schedules, now: dt.datetime | None = None) -> Opening | None:
    """The next meeting that has not ended yet, within two months."""
    now = timezone.localtime(now or timezone.now())
    tz = now.tzinfo
    best = None
    for schedule in schedules:
        opens, closes = _time(schedule.opens_at), _time(schedule.closes_at)
        if opens is None or not rules(schedule):
            continue
        for offset in range(LOOK_AHEAD_DAYS):
            day = now.date() + dt.timedelta(days=offset)
            if not meets_on(schedule, day):
                continue
            starts = dt.datetime.combine(day, opens, tz)
            ends = dt.datetime.combine(day, closes, tz) if closes else None
            if (ends or starts) <= now:
                continue
            if best is None or starts < best.starts:
                best = Opening(starts, ends)
            break
    return best


def describe(schedule, language: str) -> str:
    """The schedule in words: its own description, else one made from the rule."""
    text = pick_translation(schedule.description, language)
    if text:
        return text
    days = ", ".join(_day_phrase(weekday, nth) for weekday, nth in rules(schedule))
    opens, closes = _time(schedule.opens_at), _time(schedule.closes_at)
    hours = ""
    if opens:
        hours = f"{opens:%H.%M}–{closes:%H.%M}" if closes else f"{opens:%H.%M}"
    return " ".join(part for part in (days, hours) if part)


def _day_phrase(weekday: int, nth: int | None) -> str:
    name = str(WEEKDAYS[weekday])
    if nth is None:
        return name
    if nth == -1:
        return _("last %(weekday)s of the month") % {"weekday": name}
    return _("%(nth)s. %(weekday)s of the month") % {"nth": nth, "weekday": name}
