"""Security audit 2026-12, finding 14: impossible dates, infinite boxes, huge page numbers and a
junk service id answer 400 (or are ignored), never a public 500."""

import pytest

from tarjotin.referrals.tests.factories import staff

pytestmark = pytest.mark.django_db

BAD = [
    "/search/?q=uinti&open_at=2026-13-45T10:00",
    "/api/search?q=uinti&open_at=2026-02-30T10:00",
    "/api/search/compact?q=uinti&open_at=2026-02-30T10:00",
    "/embed/?q=uinti&open_at=2026-02-30T10:00",
    "/api/hsda/services?modified_after=2026-13-45",
    "/api/hsda/services?modified_after=2026-02-30",
    "/api/hsda/services?page=99999999999999999999",
    "/api/search?bbox=-inf,0,1,1",
    "/api/search?bbox=nan,nan,nan,nan",
    "/search/?bbox=0,0,inf,inf&view=map",
    "/statistics/?start=0001-01-01",
    "/statistics/?end=9999-12-31",
    "/api/stats?start=0001-01-01&end=9999-12-31",
]


@pytest.mark.parametrize("path", BAD)
def test_bad_input_is_a_400_not_a_500(client, path):
    assert client.get(path).status_code == 400


def test_a_junk_service_id_in_the_picked_list_is_ignored(client):
    client.force_login(staff("poimija", "professional"))
    client.post("/pro/picked/add/", {"service": "not-a-uuid"})
    assert client.get("/pro/picked/").status_code == 200
    assert client.post("/pro/referral/new/").status_code in (302, 400)
