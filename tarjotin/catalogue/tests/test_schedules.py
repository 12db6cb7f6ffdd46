import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from tarjotin.catalogue.models import Schedule
from tarjotin.catalogue.schedules import describe, meets_on, next_opening

HELSINKI = ZoneInfo("Europe/Helsinki")
WEDNESDAY_NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=HELSINKI)


def weekly(byday, opens="17:30", closes="18:30", **kwargs):
    return Schedule(freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes, **kwargs)


def test_next_opening_is_later_today_or_on_the_next_listed_day():
    today = next_opening([weekly("WE,FR")], WEDNESDAY_NOON)
    assert today.starts == dt.datetime(2026, 11, 25, 17, 30, tzinfo=HELSINKI)
    after = next_opening([weekly("WE,FR")], WEDNESDAY_NOON.replace(hour=19))
    assert after.starts.date() == dt.date(2026, 11, 27)


def test_a_meeting_that_has_begun_but_not_ended_is_still_next():
    now = WEDNESDAY_NOON.replace(hour=18)
    assert next_opening([weekly("WE")], now).starts.hour == 17


def test_monthly_nth_and_last_weekday():
    first_saturday = Schedule(freq="MONTHLY", byday="1SA", opens_at="17:00", closes_at="19:00")
    assert next_opening([first_saturday], WEDNESDAY_NOON).starts.date() == dt.date(2026, 12, 5)
    last_friday = Schedule(freq="MONTHLY", byday="-1FR", opens_at="10:00")
    assert meets_on(last_friday, dt.date(2026, 11, 27))
    assert not meets_on(last_friday, dt.date(2026, 11, 20))


def test_validity_period_and_unreadable_rules():
    ended = weekly("WE", valid_to=dt.date(2026, 11, 1))
    assert next_opening([ended], WEDNESDAY_NOON) is None
    assert next_opening([Schedule(freq="WEEKLY", byday="XX", opens_at="10:00")]) is None


def test_description_is_the_schedules_own_text_else_made_from_the_rule():
    described = weekly("WE", description={"fi": "Keskiviikkoisin", "sv": "Onsdagar"})
    assert describe(described, "sv") == "Onsdagar"
    with translation.override("fi"):
        assert describe(weekly("MO,TH"), "fi") == "maanantai, torstai 17.30–18.30"
