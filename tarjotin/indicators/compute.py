"""Every indicator, computed from the data for a filter. Definitions: docs/indicators.md.

Each function returns a ``Table``. Catalogue indicators (adoption, coverage, freshness,
quality) describe the catalogue as it is now, narrowed by municipality, category and target
group; event indicators (demand, guidance, referrals, feedback) count what happened in the
time range. Demand is not narrowed by municipality, category or target group: searches are
counted without knowing where the searcher is.
"""

import datetime as dt
import statistics
from collections import Counter, defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tarjotin.catalogue import models as m
from tarjotin.catalogue.selectors import published_services
from tarjotin.catalogue.taxonomies import shipped_taxonomies
from tarjotin.indicators.filters import IndicatorFilter
from tarjotin.indicators.models import FacetUse, SearchCount, ServiceViewCount, TrayFeedback
from tarjotin.indicators.tables import SMALL, SUPPRESS_BELOW, Table, share
from tarjotin.referrals.models import (
    GuideUse,
    Referral,
    ReferralService,
    StateChange,
    WellbeingMeasure,
)
from tarjotin.sources.models import QuarantinedRecord
from tarjotin.web.summaries import municipality_names

THIN = 3  # a category with fewer services than this in a municipality is a thin cell
MIN_QUERY_SEARCHES = 5  # a query is listed only once five searches used it (privacy)
LOW_CLICK_SHARE = 10.0  # percent
TOP = 20
ONS4 = ("life_satisfaction", "worthwhile", "happiness", "anxiety")


# -- the services a filter narrows to -------------------------------------------------------
def _linked(code: str):
    return m.Attribute.objects.filter(taxonomy_term__code=code).values("link_id")


def services(f: IndicatorFilter):
    queryset = published_services()
    if f.category:
        queryset = queryset.filter(id__in=_linked(f.category))
    if f.target_group:
        queryset = queryset.filter(id__in=_linked(f.target_group))
    if f.municipality:
        places = m.ServiceAtLocation.objects.filter(
            location__municipality_code=f.municipality
        ).values("service_id")
        areas = m.ServiceArea.objects.filter(municipality_code=f.municipality).values("service_id")
        queryset = queryset.filter(Q(id__in=places) | Q(id__in=areas))
    return queryset


def _terms(taxonomy: str) -> dict[str, str]:
    """Top-level code -> name in the page's language, in the shipped taxonomy's order."""
    language = get_language()
    order = {term["code"]: i for t in shipped_taxonomies() if t["code"] == taxonomy
             for i, term in enumerate(t["terms"])}  # fmt: skip
    terms = m.TaxonomyTerm.objects.filter(taxonomy_detail__code=taxonomy, parent=None)
    ordered = sorted(terms, key=lambda t: (order.get(t.code, len(order)), t.code or ""))
    return {t.code: t.text("name", language) or t.code for t in ordered}


def _codes_by_service(service_ids, taxonomy: str) -> dict:
    pairs = m.Attribute.objects.filter(
        link_id__in=service_ids, taxonomy_term__taxonomy_detail__code=taxonomy
    ).values_list("link_id", "taxonomy_term__code")
    found = defaultdict(set)
    for service_id, code in pairs:
        found[service_id].add(code)
    return found


# -- adoption -------------------------------------------------------------------------------
def adoption(f: IndicatorFilter) -> Table:
    selected = services(f)
    by_type = {
        row["organization__organization_type"]: (row["organizations"], row["services"])
        for row in selected.values("organization__organization_type")
        .annotate(organizations=Count("organization", distinct=True), services=Count("id"))
        .order_by()
    }
    own = selected.filter(
        organization__organization_type=m.OrganizationType.NGO, source_system="tarjotin"
    )
    rows = [[label, *by_type.get(code, (0, 0))] for code, label in m.OrganizationType.choices]
    rows.append(
        [
            _("Associations that describe their activities themselves"),
            own.values("organization").distinct().count(),
            own.count(),
        ]
    )
    return Table(
        "adoption",
        _("Organizations with published services"),
        [_("Kind"), _("Organizations"), _("Services")],
        rows,
    )


# -- coverage -------------------------------------------------------------------------------
def coverage_by_municipality(f: IndicatorFilter) -> Table:
    ids = list(services(f).values_list("id", flat=True))
    categories = _terms("category")
    codes = _codes_by_service(ids, "category")
    where = defaultdict(set)
    for service_id, code in m.ServiceAtLocation.objects.filter(service_id__in=ids).values_list(
        "service_id", "location__municipality_code"
    ):
        if code:
            where[service_id].add(code)
    for service_id, code in m.ServiceArea.objects.filter(service_id__in=ids).values_list(
        "service_id", "municipality_code"
    ):
        if code:
            where[service_id].add(code)
    counts = Counter(
        (municipality, category)
        for service_id in ids
        for municipality in where.get(service_id, ())
        for category in codes.get(service_id, ())
    )
    names = municipality_names(get_language())
    municipalities = sorted({mu for mu, _c in counts} | ({f.municipality} - {""}),
                            key=lambda code: names.get(code, code))  # fmt: skip
    rows = [
        [names.get(mu, mu), *[counts.get((mu, c), 0) for c in categories]] for mu in municipalities
    ]
    return Table(
        "coverage_municipality",
        _("Services by municipality and category"),
        [_("Municipality"), *categories.values()],
        rows,
        chart="matrix",
        thin_below=THIN,
    )


def coverage_by_language(f: IndicatorFilter) -> Table:
    ids = list(services(f).values_list("id", flat=True))
    categories = _terms("category")
    codes = _codes_by_service(ids, "category")
    languages = defaultdict(set)
    for service_id, code in m.Language.objects.filter(service_id__in=ids).values_list(
        "service_id", "code"
    ):
        languages[service_id].add(code if code in {"fi", "sv", "en"} else "other")
    columns = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English"),
               "other": _("Other languages")}  # fmt: skip
    counts = Counter(
        (category, language)
        for service_id in ids
        for category in codes.get(service_id, ())
        for language in languages.get(service_id, ())
    )
    rows = [
        [name, *[counts.get((c, lang), 0) for lang in columns]] for c, name in categories.items()
    ]
    return Table(
        "coverage_language",
        _("Services by category and language of service"),
        [_("Category"), *columns.values()],
        rows,
        chart="matrix",
        thin_below=THIN,
    )


def coverage_by_target_group(f: IndicatorFilter) -> Table:
    ids = list(services(f).values_list("id", flat=True))
    categories = _terms("category")
    groups = _terms("target_group")
    by_category = _codes_by_service(ids, "category")
    by_group = _codes_by_service(ids, "target_group")
    counts = Counter(
        (group, category)
        for service_id in ids
        for group in by_group.get(service_id, ())
        for category in by_category.get(service_id, ())
    )
    rows = [[name, *[counts.get((g, c), 0) for c in categories]] for g, name in groups.items()]
    return Table(
        "coverage_target_group",
        _("Services by target group and category"),
        [_("Target group"), *categories.values()],
        rows,
        chart="matrix",
        thin_below=THIN,
    )


def remote_for_everyone(f: IndicatorFilter) -> Table:
    ids = list(services(f).values_list("id", flat=True))
    remote = {sid for sid, codes in _codes_by_service(ids, "delivery").items()
              if codes & {"remote", "hybrid"}}  # fmt: skip
    limited = set(
        m.ServiceArea.objects.filter(service_id__in=remote)
        .exclude(municipality_code="")
        .values_list("service_id", flat=True)
    )
    everyone = remote - limited
    codes = _codes_by_service(list(everyone), "category")
    counts = Counter(code for sid in everyone for code in codes.get(sid, ()))
    rows = [[name, counts.get(code, 0)] for code, name in _terms("category").items()]
    rows.append([_("All categories"), len(everyone)])
    return Table(
        "remote_everyone",
        _("Remote services open to everyone"),
        [_("Category"), _("Services")],
        rows,
    )


# -- freshness and quality ------------------------------------------------------------------
def freshness(f: IndicatorFilter) -> Table:
    now = timezone.now()
    selected = services(f)
    total = selected.count()
    half = selected.filter(last_verified_at__gte=now - dt.timedelta(days=182)).count()
    year = selected.filter(last_verified_at__gte=now - dt.timedelta(days=365)).count()
    never = selected.filter(last_verified_at=None).count()
    rows = [
        [_("Confirmed within 6 months"), half, share(half, total)],
        [_("Confirmed within 12 months"), year, share(year, total)],
        [_("Not confirmed for over 12 months"), total - year - never,
         share(total - year - never, total)],
        [_("Never confirmed"), never, share(never, total)],
    ]  # fmt: skip
    return Table("freshness", _("Freshness of the services"),
                 [_("Services"), _("Count"), _("Share %")], rows)  # fmt: skip


def quality(f: IndicatorFilter) -> Table:
    """The editors' checklist rules that the database can count for thousands of services."""
    selected = services(f)
    ids = selected.values("id")
    with_phone = m.Phone.objects.filter(service_id__in=ids).values("service_id")
    with_target = _codes_by_service(list(selected.values_list("id", flat=True)), "target_group")
    no_contact = selected.filter(
        Q(email__isnull=True) | Q(email=""), Q(url__isnull=True) | Q(url="")
    ).exclude(id__in=with_phone)
    rows = [
        [_("No name in Swedish"), selected.exclude(name__has_key="sv").count()],
        [_("No name in English"), selected.exclude(name__has_key="en").count()],
        [_("No contact (phone, email or web page)"), no_contact.count()],
        [_("No target group"), selected.count() - len(with_target)],
        [_("No description in Finnish"), selected.exclude(description__has_key="fi").count()],
    ]
    return Table("quality", _("Quality checklist failures"), [_("Check"), _("Services")], rows)


def quarantine(f: IndicatorFilter) -> Table:
    rows = list(
        QuarantinedRecord.objects.filter(
            resolved_at=None,
            created_at__date__gte=f.start,
            created_at__date__lte=f.end,
        )
        .values_list("import_run__source_system")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return Table(
        "quarantine",
        _("Quarantined import records waiting for a person"),
        [_("Source"), _("Records")],
        [[source, n] for source, n in rows],
    )


# -- demand ---------------------------------------------------------------------------------
def _searches(f: IndicatorFilter):
    return SearchCount.objects.filter(day__gte=f.start, day__lte=f.end)


def searches_per_day(f: IndicatorFilter) -> Table:
    rows = (
        _searches(f)
        .values_list("day")
        .annotate(searches=Sum("searches"), zero=Sum("zero_results"))
        .order_by("day")
    )
    return Table(
        "searches_per_day",
        _("Searches per day"),
        [_("Day"), _("Searches"), _("Without results")],
        [[day.isoformat(), searches, zero] for day, searches, zero in rows],
    )


def _queries(f: IndicatorFilter):
    return (
        _searches(f)
        .exclude(query="")
        .values_list("query")
        .annotate(searches=Sum("searches"), zero=Sum("zero_results"), clicks=Sum("clicks"))
        .filter(searches__gte=MIN_QUERY_SEARCHES)
    )


def top_queries(f: IndicatorFilter) -> Table:
    rows = _queries(f).order_by("-searches", "query")[:TOP]
    return Table(
        "top_queries",
        _("Most searched words"),
        [_("Search words"), _("Searches"), _("Clicks"), _("Click rate %")],
        [[q, n, clicks, share(clicks, n)] for q, n, _zero, clicks in rows],
    )


def zero_result_queries(f: IndicatorFilter) -> Table:
    rows = _queries(f).filter(zero__gt=0).order_by("-zero", "query")[:TOP]
    return Table(
        "zero_queries",
        _("Searches that found nothing (unmet demand)"),
        [_("Search words"), _("Searches without results")],
        [[q, zero] for q, _n, zero, _clicks in rows],
    )


def low_click_queries(f: IndicatorFilter) -> Table:
    rows = [
        [q, n, share(clicks, n)]
        for q, n, zero, clicks in _queries(f).order_by("-searches", "query")[:500]
        if zero < n and share(clicks, n) < LOW_CLICK_SHARE
    ][:TOP]
    return Table(
        "low_click_queries",
        _("Searches whose results were rarely opened"),
        [_("Search words"), _("Searches"), _("Click rate %")],
        rows,
    )


def facet_use(f: IndicatorFilter) -> Table:
    rows = (
        FacetUse.objects.filter(day__gte=f.start, day__lte=f.end)
        .values_list("facet")
        .annotate(n=Sum("uses"))
        .order_by("-n", "facet")
    )
    return Table("facet_use", _("Filters used in searches"), [_("Filter"), _("Uses")],
                 [[_filter_label(name), n] for name, n in rows])  # fmt: skip


def _filter_label(name: str) -> str:
    from tarjotin.web.search_page import facet_label

    special = {"open_now": _("Open now"), "open_at": _("Open at"), "near": _("Near a place"),
               "radius": _("Distance"), "bbox": _("Map area"), "profile": _("Accessibility"),
               "residence": _("Residents of"), "accepts": _("Accepts referrals")}  # fmt: skip
    return str(special.get(name) or facet_label(name) or name)


def top_services(f: IndicatorFilter) -> Table:
    views = ServiceViewCount.objects.filter(day__gte=f.start, day__lte=f.end)
    if f.narrows_services:
        views = views.filter(service_id__in=services(f).values("id"))
    rows = list(
        views.values_list("service_id").annotate(n=Sum("views")).order_by("-n", "service_id")[:TOP]
    )
    names = {s.id: s.text("name", get_language()) for s in m.Service.objects.filter(
        id__in=[service_id for service_id, _n in rows])}  # fmt: skip
    return Table(
        "top_services",
        _("Most viewed services"),
        [_("Service"), _("Views")],
        [[names.get(service_id) or str(service_id), n] for service_id, n in rows],
    )


# -- guidance and referrals -----------------------------------------------------------------
def guide_uses(f: IndicatorFilter) -> Table:
    from tarjotin.referrals.guides import all_guides, text

    counts = dict(
        GuideUse.objects.filter(day__gte=f.start, day__lte=f.end, finished=True)
        .values_list("guide")
        .annotate(n=Count("id"))
        .order_by()
    )
    language = get_language()
    rows = [[text(g.title, language), counts.get(slug, 0)] for slug, g in all_guides().items()]
    return Table("guide_uses", _("Conversation guides used"), [_("Guide"), _("Uses")], rows,
                 people=True)  # fmt: skip


def referrals(f: IndicatorFilter):
    """Referrals sent in the time range (drafts are not referrals yet)."""
    sent = Referral.objects.filter(sent_at__date__gte=f.start, sent_at__date__lte=f.end)
    if f.narrows_services:
        chosen = ReferralService.objects.filter(service_id__in=services(f).values("id"))
        sent = sent.filter(id__in=chosen.values("referral_id"))
    return sent


def referrals_by_state(f: IndicatorFilter) -> Table:
    counts = dict(referrals(f).values_list("state").annotate(n=Count("id")).order_by())
    rows = [[label, counts.get(state, 0)] for state, label in Referral.State.choices
            if state != Referral.State.DRAFT]  # fmt: skip
    return Table("referrals_by_state", _("Referrals by state"), [_("State"), _("Referrals")],
                 rows, people=True)  # fmt: skip


def _ended_as(referral_ids) -> Counter:
    """How each referral ended: the last state before closing, or its state now."""
    ends = {}
    for referral_id, state in (
        StateChange.objects.filter(referral_id__in=referral_ids)
        .exclude(to_state=Referral.State.CLOSED)
        .order_by("at", "id")
        .values_list("referral_id", "to_state")
    ):
        ends[referral_id] = state
    return Counter(ends.values())


def referral_outcomes(f: IndicatorFilter) -> Table:
    sent = referrals(f)
    ids = list(sent.values_list("id", flat=True))
    waits = [
        (contact - sent_at).total_seconds() / 86400
        for sent_at, contact in sent.exclude(first_contact_at=None).values_list(
            "sent_at", "first_contact_at"
        )
    ]
    ended = _ended_as(ids)
    finished = (
        ended[Referral.State.STARTED]
        + ended[Referral.State.NOT_STARTED]
        + ended[Referral.State.DECLINED]
    )
    closed = sent.filter(state=Referral.State.CLOSED)
    with_outcome = (
        closed.exclude(outcome="").count() + closed.filter(pseudonymised_at__isnull=False).count()
    )
    rows = [
        [_("Referrals sent"), len(ids)],
        [_("Median days from sending to first contact"),
         round(statistics.median(waits), 1) if len(waits) >= SUPPRESS_BELOW
         else (SMALL if waits else None)],
        [_("Started (percent of those that reached an end)"),
         share(ended[Referral.State.STARTED], finished, people=True)],
        [_("Closed with an outcome (percent of closed)"), share(with_outcome, closed.count(),
                                                         people=True)],
    ]  # fmt: skip
    return Table("referral_outcomes", _("Referral flow"), [_("Figure"), _("Value")], rows,
                 people=True, chart_rows=[2, 3], chart_max=100)  # fmt: skip


def wellbeing_change(f: IndicatorFilter) -> Table:
    ids = referrals(f).values("id")
    measures = defaultdict(dict)
    for row in WellbeingMeasure.objects.filter(referral_id__in=ids).values(
        "referral_id", "phase", *ONS4
    ):
        measures[row["referral_id"]][row["phase"]] = row
    pairs = [(p["before"], p["after"]) for p in measures.values() if len(p) == 2]
    labels = {"life_satisfaction": _("Life satisfaction"), "worthwhile": _("Worthwhile"),
              "happiness": _("Happiness"), "anxiety": _("Anxiety (lower is better)")}  # fmt: skip
    rows = []
    for name in ONS4:
        if len(pairs) < SUPPRESS_BELOW:
            rows.append([labels[name], SMALL if pairs else None, SMALL if pairs else None,
                         len(pairs)])  # fmt: skip
            continue
        before = statistics.mean(b[name] for b, _a in pairs)
        after = statistics.mean(a[name] for _b, a in pairs)
        rows.append([labels[name], round(before, 1), round(after, 1), len(pairs)])
    return Table(
        "wellbeing_change",
        _("Wellbeing before and after (ONS4, mean 0–10)"),
        [_("Question"), _("Before"), _("After"), _("Clients")],
        rows,
        people=True,
        chart_columns=[1, 2],
        chart_max=10,
    )


def helped(f: IndicatorFilter) -> Table:
    counts = dict(
        referrals(f).exclude(helped="").values_list("helped").annotate(n=Count("id")).order_by()
    )
    rows = [[label, counts.get(code, 0)] for code, label in Referral.Helped.choices]
    return Table("helped", _("Did the referral help? (clients)"), [_("Answer"), _("Clients")],
                 rows, people=True)  # fmt: skip


# -- feedback on the tray -------------------------------------------------------------------
def tray_feedback(f: IndicatorFilter) -> Table:
    answers = TrayFeedback.objects.filter(day__gte=f.start, day__lte=f.end)
    rows = []
    for audience, audience_label in TrayFeedback.Audience.choices:
        mine = answers.filter(audience=audience)
        found = Counter(mine.values_list("found", flat=True))
        again = Counter(mine.values_list("again", flat=True))
        rows.append([audience_label, mine.count(), found["yes"], found["partly"], found["no"],
                     again["yes"], again["maybe"], again["no"]])  # fmt: skip
    return Table(
        "tray_feedback",
        _("Feedback on Tarjotin"),
        [_("Who"), _("Answers"), _("Found: yes"), _("Found: partly"), _("Found: no"),
         _("Again: yes"), _("Again: maybe"), _("Again: no")],
        rows,
        people=True,
        chart_columns=[2, 3, 4],
    )  # fmt: skip


SECTIONS = {
    "adoption": (_("Adoption"), [adoption]),
    "coverage": (_("Coverage"), [coverage_by_municipality, coverage_by_language,
                                coverage_by_target_group, remote_for_everyone]),
    "quality": (_("Freshness and quality"), [freshness, quality, quarantine]),
    "demand": (_("Demand"), [searches_per_day, top_queries, zero_result_queries,
                            low_click_queries, facet_use, top_services]),
    "referrals": (_("Guidance and referrals"), [guide_uses, referrals_by_state,
                                               referral_outcomes, wellbeing_change, helped]),
    "feedback": (_("Feedback"), [tray_feedback]),
}  # fmt: skip
EVENT_INDICATORS = {searches_per_day, top_queries, zero_result_queries, low_click_queries,
                    facet_use, top_services, guide_uses, referrals_by_state, referral_outcomes,
                    wellbeing_change, helped, tray_feedback, quarantine}  # fmt: skip
PUBLIC = [adoption, remote_for_everyone, coverage_by_language, freshness, searches_per_day,
          guide_uses, referrals_by_state, helped, tray_feedback]  # fmt: skip


def all_tables(f: IndicatorFilter) -> dict[str, list[Table]]:
    return {key: [compute(f) for compute in functions]
            for key, (_title, functions) in SECTIONS.items()}  # fmt: skip
