"""Every indicator computed on known data: the demo catalogue plus records added here, compared
before and after (so the demo's own numbers do not matter) or narrowed to a test municipality."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone, translation

from tarjotin.catalogue import models as m
from tarjotin.catalogue.tests.factories import OrganizationFactory, ServiceFactory
from tarjotin.indicators import compute, demand
from tarjotin.indicators.filters import IndicatorFilter
from tarjotin.indicators.models import SearchCount, TrayFeedback
from tarjotin.indicators.tables import FEW_PEOPLE, SMALL
from tarjotin.referrals.models import (
    GuideUse,
    Referral,
    WellbeingMeasure,
)
from tarjotin.sources.models import ImportRun, QuarantinedRecord

pytestmark = pytest.mark.django_db
TEST_MUNICIPALITY = "999"


def today_filter(**kwargs) -> IndicatorFilter:
    today = timezone.localdate()
    return IndicatorFilter(start=today - dt.timedelta(days=30), end=today, **kwargs)


def here() -> IndicatorFilter:
    return today_filter(municipality=TEST_MUNICIPALITY)


def term(code: str) -> m.TaxonomyTerm:
    return m.TaxonomyTerm.objects.get(code=code)


def service(
    organization=None,
    categories=("exercise",),
    groups=(),
    languages=("fi",),
    delivery=("in_person",),
    area=TEST_MUNICIPALITY,
    **fields,
) -> m.Service:
    made = ServiceFactory(organization=organization or OrganizationFactory(), **fields)
    for code in (*categories, *groups, *delivery):
        m.Attribute.objects.create(link_id=made.id, link_entity="service",
                                   link_type="taxonomy", taxonomy_term=term(code))  # fmt: skip
    for code in languages:
        m.Language.objects.create(service=made, code=code, name=code)
    m.ServiceArea.objects.create(service=made, municipality_code=area or "",
                                 name={"fi": "Testikunta"} if area else {})  # fmt: skip
    return made


def cell(table, label, column=1):
    return next(row[column] for row in table.rows if str(row[0]) == str(label))


def test_adoption_counts_organizations_by_kind_and_self_described_associations():
    county = OrganizationFactory(organization_type=m.OrganizationType.COUNTY)
    association = OrganizationFactory(organization_type=m.OrganizationType.NGO)
    service(county, source_system="ptv")
    service(county, source_system="ptv")
    service(association, source_system="tarjotin")
    table = compute.adoption(here())
    assert cell(table, m.OrganizationType.COUNTY.label, 1) == 1
    assert cell(table, m.OrganizationType.COUNTY.label, 2) == 2
    assert table.rows[-1][1:] == [1, 1]  # the association describes its activity itself


def test_coverage_tables_count_category_municipality_language_and_group():
    service(categories=("exercise",), groups=("older_people",), languages=("fi", "sv"))
    service(categories=("exercise", "culture"), groups=("older_people",), languages=("ar",))
    f = here()
    by_place = compute.coverage_by_municipality(f)
    names = dict(zip(by_place.columns[1:], range(1, len(by_place.columns)), strict=True))
    row = by_place.rows[0]
    assert row[names[term("exercise").text("name", "fi")]] == 2
    assert row[names[term("culture").text("name", "fi")]] == 1
    assert row[names[term("nature").text("name", "fi")]] == 0  # a gap
    by_language = compute.coverage_by_language(f)
    assert cell(by_language, term("exercise").text("name", "fi"), 1) == 1  # fi
    assert cell(by_language, term("exercise").text("name", "fi"), 2) == 1  # sv
    assert cell(by_language, term("exercise").text("name", "fi"), 4) == 1  # other
    by_group = compute.coverage_by_target_group(f)
    assert cell(by_group, term("older_people").text("name", "fi"), 1 + list(
        compute._terms("category")).index("exercise")) == 2  # fmt: skip


def test_remote_services_open_to_everyone():
    before = compute.remote_for_everyone(today_filter()).rows[-1][1]
    service(delivery=("remote",), area=None, categories=("mental_wellbeing",))
    service(delivery=("remote",), area=TEST_MUNICIPALITY)  # only for one municipality
    service(delivery=("in_person",), area=None)
    assert compute.remote_for_everyone(today_filter()).rows[-1][1] == before + 1


def test_freshness_and_quality():
    now = timezone.now()
    for days in (30, 200, 400, None):
        service(last_verified_at=now - dt.timedelta(days=days) if days else None,
                name={"fi": "Vain suomeksi"}, email=None, url=None)  # fmt: skip
    fresh = compute.freshness(here())
    assert [row[1] for row in fresh.rows] == [1, 2, 1, 1]
    assert [row[2] for row in fresh.rows] == [25.0, 50.0, 25.0, 25.0]
    quality = compute.quality(here())
    assert quality.rows[0][1] == 4  # no Swedish name
    assert quality.rows[2][1] == 4  # no contact
    assert quality.rows[3][1] == 4  # no target group


def test_quarantined_records_waiting():
    before = compute.quarantine(today_filter()).rows
    run = ImportRun.objects.create(source_system="ptv", source_name="test")
    for row in (1, 2):
        QuarantinedRecord.objects.create(import_run=run, table="service", row_number=row,
                                         reason="broken", payload={})  # fmt: skip
    after = compute.quarantine(today_filter())
    assert cell(after, "ptv") == 2 + dict((r[0], r[1]) for r in before).get("ptv", 0)


def test_demand_from_daily_counters_without_identities():
    f = today_filter()
    for _i in range(6):
        demand.record_search("web", "fi", "  Uinti  ", 12, ["category", "age"])
    for _i in range(5):
        demand.record_search("web", "fi", "xyzzy", 0)
    for _i in range(5):
        demand.record_search("web", "fi", "kuoro", 4)  # found, never opened: low-click
    demand.record_search("web", "fi", "harvinainen nimi", 3)  # used once: never listed
    shown = m.Service.objects.first()
    demand.record_view(shown.id, "http://testserver/search/?q=uinti&category=exercise")
    demand.record_view(shown.id, "http://example.org/elsewhere")
    per_day = compute.searches_per_day(f)
    assert per_day.rows[-1][1:] == [17, 5]
    top = compute.top_queries(f)
    assert top.rows[0] == ["uinti", 6, 1, 16.7]
    assert [row[0] for row in top.rows] == ["uinti", "kuoro", "xyzzy"]
    assert compute.zero_result_queries(f).rows == [["xyzzy", 5]]
    # uinti was opened (16.7 % ≥ 10 %), xyzzy found nothing to open; kuoro's results never were.
    assert compute.low_click_queries(f).rows == [["kuoro", 5, 0.0]]
    uses = dict(compute.facet_use(f).rows)
    assert uses["Aihe"] == 6 and uses["Ikä"] == 6  # kuoro and xyzzy were searched without
    assert compute.top_services(f).rows[0][1] == 2


def make_referral(state: str, days_to_contact=None, ended=None, helped="") -> Referral:
    now = timezone.now()
    referral = Referral.objects.create(
        reference=f"HL-{uuid.uuid4().hex[:6]}", state=state, sent_at=now - dt.timedelta(days=10),
        first_contact_at=now - dt.timedelta(days=10 - days_to_contact)
        if days_to_contact is not None else None,
        helped=helped, outcome="Valmis." if state == "closed" else "",
        closed_at=now if state == "closed" else None, ended_state=ended or "",
    )  # fmt: skip
    return referral


def test_referral_indicators_and_their_suppression():
    f = today_filter()
    for _i in range(6):
        make_referral("closed", days_to_contact=2, ended="started", helped="yes")
    make_referral("closed", days_to_contact=4, ended="not_started", helped="no")
    make_referral("sent")
    states = dict(compute.referrals_by_state(f).shown_rows())
    assert states[Referral.State.CLOSED.label] == 7
    assert states[Referral.State.SENT.label] == SMALL  # one referral: shown as <5
    assert states[Referral.State.DECLINED.label] == 0
    flow = compute.referral_outcomes(f).rows
    assert flow[0][1] == 8
    assert flow[1][1] == 2.0  # median days to first contact
    assert flow[2][1] == round(100 * 6 / 7, 1)  # started, of those that reached an end
    assert flow[3][1] == 100.0
    helped = dict(compute.helped(f).shown_rows())
    assert helped[Referral.Helped.YES.label] == 6 and helped[Referral.Helped.NO.label] == SMALL


def test_a_median_or_a_share_of_few_people_says_so_and_not_under_5(settings):
    """ "<5" beside a percentage or a number of days reads as "under 5 %" (UX audit M15)."""
    f = today_filter()
    for _i in range(3):
        make_referral("closed", days_to_contact=2, ended="started", helped="yes")
    with translation.override("fi"):
        flow = compute.referral_outcomes(f).shown_rows()
    assert flow[1][1] == flow[2][1] == flow[3][1] == "alle 5 henkilöä"
    assert flow[0][1] == SMALL  # a count of three people is still "<5"


def test_wellbeing_change_needs_five_clients():
    f = today_filter()
    referrals = [make_referral("closed") for _i in range(5)]
    scores = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
    for referral in referrals[:4]:
        for phase, value in (("before", 4), ("after", 6)):
            WellbeingMeasure.objects.create(referral=referral, phase=phase,
                                            **dict.fromkeys(scores, value))  # fmt: skip
    assert compute.wellbeing_change(f).rows[0][1:3] == [FEW_PEOPLE, FEW_PEOPLE]
    for phase, value in (("before", 4), ("after", 6)):
        WellbeingMeasure.objects.create(referral=referrals[4], phase=phase,
                                        **dict.fromkeys(scores, value))  # fmt: skip
    assert compute.wellbeing_change(f).rows[0][1:] == [4.0, 6.0, 5]


def test_guide_uses_and_tray_feedback():
    f = today_filter()
    day = timezone.localdate()
    GuideUse.objects.bulk_create([GuideUse(guide="culture", day=day, finished=True)] * 7)
    GuideUse.objects.bulk_create([GuideUse(guide="activity", day=day, finished=True)] * 2)
    uses = compute.guide_uses(f).shown_rows()
    assert uses[0][1] == 7 and uses[1][1] == SMALL and uses[2][1] == 0
    for found in ("yes",) * 5 + ("no",):
        TrayFeedback.objects.create(day=day, audience="resident", found=found, again="yes")
    feedback = compute.tray_feedback(f).shown_rows()
    assert feedback[0][1:6] == [6, 5, 0, SMALL, 6]


def test_queries_are_normalised_and_odd_ones_never_break_a_search():
    assert demand.normalise("  Uinti\x00 \u202eLAPSILLE\t ") == "uinti lapsille"
    demand.record_search("web", "fi", "\x00\x00", 0)
    demand.record_search("web", "fi", "x" * 500, 0)
    queries = set(SearchCount.objects.values_list("query", flat=True))
    assert "" in queries and "x" * 100 in queries


def test_the_feedback_form_has_no_blank_choice_and_says_which_question_is_unanswered(client):
    """UX audit M9: "---------" was a radio button, and the error named neither question."""
    html = client.get("/feedback/").content.decode()
    assert "---------" not in html
    answered_one = client.post("/feedback/", {"found": "yes"}).content.decode()
    assert answered_one.count("Valitse vastaus tähän kysymykseen.") == 1
    assert 'aria-describedby="again-error"' in answered_one


def test_demand_counts_are_gathered_and_written_together(settings):
    """A page does not wait for a counter write: counts are written every few seconds."""
    settings.DEMAND_WRITE_SECONDS = 60
    demand.record_search("web", "fi", "Kerättävä haku", 3, ["category"])
    demand.record_search("web", "fi", "kerättävä  haku", 0)
    demand.record_view(uuid.uuid4(), "http://testserver/search/?q=ker%C3%A4tt%C3%A4v%C3%A4+haku")
    assert not SearchCount.objects.filter(query="kerättävä haku").exists()
    demand.flush()
    row = SearchCount.objects.get(query="kerättävä haku")
    assert (row.searches, row.zero_results, row.clicks) == (2, 1, 1)
