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


FIRST_TUESDAY = dt.date(2026, 1, 6)


def test_every_other_week_meets_on_its_own_weeks_only():
    fortnightly = weekly("TU", interval=2, dtstart=FIRST_TUESDAY)
    january = [dt.date(2026, 1, d) for d in range(1, 32)]
    assert [d for d in january if meets_on(fortnightly, d)] == [
        dt.date(2026, 1, 6),
        dt.date(2026, 1, 20),
    ]
    after_first = dt.datetime(2026, 1, 6, 19, 0, tzinfo=HELSINKI)
    assert next_opening([fortnightly], after_first).starts.date() == dt.date(2026, 1, 20)


def test_without_a_start_date_the_weeks_of_a_fortnightly_rule_are_not_guessed():
    unknown_phase = weekly("TU", interval=2)
    assert next_opening([unknown_phase], WEDNESDAY_NOON) is None
    assert describe(unknown_phase, "fi") == ""


def test_count_and_until_end_the_rule():
    three_times = weekly("TU", count=3, dtstart=FIRST_TUESDAY)
    assert meets_on(three_times, dt.date(2026, 1, 20))
    assert not meets_on(three_times, dt.date(2026, 1, 27))
    until = weekly("TU", until=dt.date(2026, 1, 14))
    assert meets_on(until, dt.date(2026, 1, 13))
    assert not meets_on(until, dt.date(2026, 1, 20))


def test_days_of_the_month():
    mid_month = Schedule(
        freq="MONTHLY", bymonthday="1,15", opens_at="10:00", dtstart=dt.date(2026, 1, 1)
    )
    assert meets_on(mid_month, dt.date(2026, 2, 15))
    assert not meets_on(mid_month, dt.date(2026, 2, 14))
    assert next_opening([mid_month], WEDNESDAY_NOON).starts.date() == dt.date(2026, 12, 1)


def test_a_rule_with_an_unreadable_part_is_not_guessed():
    for broken in (
        weekly("TU", bymonthday="x"),
        weekly("1TU"),  # nth weekday in a weekly rule
        Schedule(byday="TU", opens_at="10:00"),  # no FREQ
    ):
        assert next_opening([broken], WEDNESDAY_NOON) is None, broken.byday


def test_every_other_week_is_said_in_words():
    fortnightly = weekly("TU", interval=2, dtstart=FIRST_TUESDAY)
    with translation.override("fi"):
        assert describe(fortnightly, "fi") == "joka 2. viikko: tiistai 17.30–18.30"
    with translation.override("en"):
        assert describe(fortnightly, "en") == "every 2 weeks: Tuesday 17.30–18.30"


def test_a_closure_skips_its_days_and_over_midnight_hours_end_the_next_day():
    """Sources give holiday closures as dated schedules without hours (PTV "Exceptional",
    isClosed) and night hours that end the next day (PTV "OverMidnight")."""
    christmas = Schedule(dtstart=dt.date(2026, 11, 25), until=dt.date(2026, 11, 26))
    following = next_opening([weekly("WE,TH,FR"), christmas], WEDNESDAY_NOON)
    assert following.starts.date() == dt.date(2026, 11, 27)
    night = next_opening([weekly("WE", opens="22:00", closes="04:00")], WEDNESDAY_NOON)
    assert night.ends == dt.datetime(2026, 11, 26, 4, 0, tzinfo=HELSINKI)


def test_hours_bounded_by_until_are_told_by_their_dates_not_as_every_week():
    special = weekly("TH", opens="10:00", closes="14:00", dtstart=dt.date(2026, 12, 24),
                     until=dt.date(2026, 12, 24))  # fmt: skip
    assert meets_on(special, dt.date(2026, 12, 24))
    assert not meets_on(special, dt.date(2026, 12, 31))
    from tarjotin.catalogue.schedules import rules

    assert rules(special) == []  # the search indexes it by date (d20261224:), not weekly
