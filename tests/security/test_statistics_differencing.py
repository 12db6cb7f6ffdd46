"""Security audit 2026-12, finding 9: public counts of people cannot be subtracted from each
other to recover a suppressed one (6 referrals on one day, 3 the next)."""

import datetime as dt

import pytest

from tarjotin.referrals.models import Referral

pytestmark = pytest.mark.django_db
SECOND, THIRD = (
    dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC),
)


def sent_count(client, start: str, end: str):
    body = client.get("/api/stats", {"start": start, "end": end}).json()
    states = {t["key"]: t for t in body["tables"]}["referrals_by_state"]["rows"]
    return dict(states)["Lähetetty"]


def test_public_counts_of_people_come_in_whole_months_and_fives(client, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 20, 12, tzinfo=dt.UTC), tick=False)
    for number, moment in enumerate([SECOND] * 6 + [THIRD] * 3):
        referral = Referral.objects.create(reference=f"HL-DIFF{number}", state="sent")
        Referral.objects.filter(id=referral.id).update(created_at=moment, sent_at=moment)
    one_day = sent_count(client, "2026-12-03", "2026-12-03")
    other_day = sent_count(client, "2026-12-02", "2026-12-02")
    both = sent_count(client, "2026-12-02", "2026-12-03")
    assert one_day == other_day == both  # every range is widened to the month
    assert both % 5 == 0 and both != 9  # rounded: 9 sent this month shows as 10
