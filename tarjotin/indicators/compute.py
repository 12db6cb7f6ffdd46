"""Every indicator, computed from the data for a filter. Definitions: docs/indicators.md.

Each function returns a ``Table``. Catalogue indicators (adoption, coverage, freshness,
quality) describe the catalogue as it is now, narrowed by municipality, category and target
group; event indicators (demand, guidance, referrals, feedback) count what happened in the
time range. Demand is not narrowed by municipality, category or target group: searches are
counted without knowing where the searcher is.
"""

import contextvars
import datetime as dt
import statistics
from collections import Counter

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tarjotin.catalogue import models as m
from tarjotin.catalogue.selectors import municipality_names, published_services
from tarjotin.catalogue.taxonomies import shipped_taxonomies
from tarjotin.indicators.filters import IndicatorFilter
from tarjotin.indicators.models import FacetUse, SearchCount, ServiceViewCount, TrayFeedback
from tarjotin.indicators.tables import FEW_PEOPLE, SUPPRESS_BELOW, Table, share
from tarjotin.referrals import guides
from tarjotin.referrals.models import GuideUse, Referral, ReferralService
from tarjotin.search.params import filter_label
from tarjotin.sources.models import QuarantinedRecord

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


# One dashboard render asks several indicators the same question; what they share is read
# once per render through this memo.
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("indicator_memo", default=None)


def _remembered(key, load):
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


# The coverage tables are counted in the database: the filtered services (``chosen``), their
# terms, municipalities (places and service areas) and languages are joined and grouped in one
# statement each, so that nothing per service crosses to Python.
COVERAGE_SQL = """
WITH chosen AS ({chosen}),
terms AS (
  SELECT a.link_id AS sid, x.code AS taxonomy, t.code AS code
  FROM catalogue_attribute a
  JOIN catalogue_taxonomyterm t ON t.id = a.taxonomy_term_id
  JOIN catalogue_taxonomy x ON x.id = t.taxonomy_id
  WHERE x.code IN ('category', 'target_group', 'delivery')
    AND a.link_id IN (SELECT id FROM chosen)
),
cat AS (SELECT sid, code FROM terms WHERE taxonomy = 'category'),
places AS (
  SELECT sal.service_id AS sid, l.municipality_code AS code
  FROM catalogue_serviceatlocation sal JOIN catalogue_location l ON l.id = sal.location_id
  WHERE l.municipality_code <> '' AND sal.service_id IN (SELECT id FROM chosen)
  UNION
  SELECT service_id, municipality_code FROM catalogue_servicearea
  WHERE municipality_code <> '' AND service_id IN (SELECT id FROM chosen)
),
everyone AS (
  SELECT DISTINCT sid FROM terms WHERE taxonomy = 'delivery' AND code IN ('remote', 'hybrid')
    AND NOT EXISTS (SELECT 1 FROM catalogue_servicearea area
                    WHERE area.service_id = terms.sid AND area.municipality_code <> '')
)
"""
COVERAGE_COUNTS = """
SELECT 'municipality', places.code, cat.code, COUNT(DISTINCT cat.sid)
FROM cat JOIN places ON places.sid = cat.sid GROUP BY places.code, cat.code
UNION ALL
SELECT 'language', cat.code, g.bucket, COUNT(DISTINCT cat.sid)
FROM cat JOIN (SELECT service_id,
                      CASE WHEN code IN ('fi', 'sv', 'en') THEN code ELSE 'other' END AS bucket
               FROM catalogue_language) g ON g.service_id = cat.sid
GROUP BY cat.code, g.bucket
UNION ALL
SELECT 'target_group', grp.code, cat.code, COUNT(DISTINCT cat.sid)
FROM cat JOIN terms grp ON grp.sid = cat.sid AND grp.taxonomy = 'target_group'
GROUP BY grp.code, cat.code
UNION ALL
SELECT 'remote', cat.code, '', COUNT(DISTINCT cat.sid)
FROM cat JOIN everyone ON everyone.sid = cat.sid GROUP BY cat.code
UNION ALL
SELECT 'remote', '', '', COUNT(*) FROM everyone
UNION ALL
SELECT 'with_target_group', '', '', COUNT(DISTINCT sid) FROM terms WHERE taxonomy = 'target_group'
"""


def _coverage(f: IndicatorFilter, kind: str) -> list[tuple]:
    """Rows (a, b, count) of one kind of coverage count, all kinds read in one statement."""
    return [row[1:] for row in _remembered(("coverage", f), lambda: _coverage_counts(f))
            if row[0] == kind]  # fmt: skip


def _coverage_counts(f: IndicatorFilter) -> list[tuple]:
    chosen, params = services(f).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(COVERAGE_SQL.replace("{chosen}", chosen) + COVERAGE_COUNTS, params)
        return cursor.fetchall()


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
    categories = _terms("category")
    counts = {(municipality, category): n
              for municipality, category, n in _coverage(f, "municipality")}  # fmt: skip
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
    categories = _terms("category")
    columns = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English"),
               "other": _("Other languages")}  # fmt: skip
    counts = {(category, language): n for category, language, n in _coverage(f, "language")}
    rows = [
        [name, *[counts.get((code, language), 0) for language in columns]]
        for code, name in categories.items()
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
    categories = _terms("category")
    groups = _terms("target_group")
    counts = {(group, category): n for group, category, n in _coverage(f, "target_group")}
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
    counts = {category: n for category, _blank, n in _coverage(f, "remote")}
    everyone = counts.pop("", 0)
    rows = [[name, counts.get(code, 0)] for code, name in _terms("category").items()]
    rows.append([_("All categories"), everyone])
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
    with_target = _coverage(f, "with_target_group")[0][2]
    no_contact = selected.filter(
        Q(email__isnull=True) | Q(email=""), Q(url__isnull=True) | Q(url="")
    ).exclude(id__in=with_phone)
    rows = [
        [_("No name in Swedish"), selected.exclude(name__has_key="sv").count()],
        [_("No name in English"), selected.exclude(name__has_key="en").count()],
        [_("No contact (phone, email or web page)"), no_contact.count()],
        [_("No target group"), selected.count() - with_target],
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


def _queries(f: IndicatorFilter) -> list[tuple]:
    """(query, searches, zero results, clicks) of queries used at least five times, most
    searched first; read once per render for the three query indicators."""
    return _remembered(("queries", f), lambda: list(
        _searches(f)
        .exclude(query="")
        .values_list("query")
        .annotate(searches=Sum("searches"), zero=Sum("zero_results"), clicks=Sum("clicks"))
        .filter(searches__gte=MIN_QUERY_SEARCHES)
        .order_by("-searches", "query")
    ))  # fmt: skip


def top_queries(f: IndicatorFilter) -> Table:
    rows = _queries(f)[:TOP]
    return Table(
        "top_queries",
        _("Most searched words"),
        [_("Search words"), _("Searches"), _("Clicks"), _("Click rate %")],
        [[q, n, clicks, share(clicks, n)] for q, n, _zero, clicks in rows],
    )


def zero_result_queries(f: IndicatorFilter) -> Table:
    rows = sorted((row for row in _queries(f) if row[2] > 0), key=lambda r: (-r[2], r[0]))[:TOP]
    return Table(
        "zero_queries",
        _("Searches that found nothing (unmet demand)"),
        [_("Search words"), _("Searches without results")],
        [[q, zero] for q, _n, zero, _clicks in rows],
    )


def low_click_queries(f: IndicatorFilter) -> Table:
    rows = [
        [q, n, share(clicks, n)]
        for q, n, zero, clicks in _queries(f)
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
                 [[filter_label(name), n] for name, n in rows])  # fmt: skip


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
    counts = dict(
        GuideUse.objects.filter(day__gte=f.start, day__lte=f.end, finished=True)
        .values_list("guide")
        .annotate(n=Count("id"))
        .order_by()
    )
    language = get_language()
    rows = [[guides.text(g.title, language), counts.get(slug, 0)]
            for slug, g in guides.all_guides().items()]  # fmt: skip
    return Table("guide_uses", _("Conversation guides used"), [_("Guide"), _("Uses")], rows,
                 people=True)  # fmt: skip


def referrals(f: IndicatorFilter):
    """Referrals sent in the time range (drafts are not referrals yet)."""
    sent = Referral.objects.filter(sent_at__gte=f.first_moment, sent_at__lt=f.after_last_moment)
    if f.narrows_services:
        chosen = ReferralService.objects.filter(service_id__in=services(f).values("id"))
        sent = sent.filter(id__in=chosen.values("referral_id"))
    return sent


def _referral_groups(f: IndicatorFilter) -> list[dict]:
    """Referrals counted by state, how they ended, the client's answer and whether an outcome
    was written: one small grouped query that several indicators share."""
    written = ~Q(outcome="") | Q(pseudonymised_at__isnull=False)  # blanked only after closing
    return _remembered(("referral groups", f), lambda: list(
        referrals(f).values("state", "ended_state", "helped")
        .annotate(n=Count("id"), with_outcome=Count("id", filter=written))
        .order_by()
    ))  # fmt: skip


def _count(groups: list[dict], **match) -> int:
    return sum(g["n"] for g in groups if all(g[k] == v for k, v in match.items()))


def referrals_by_state(f: IndicatorFilter) -> Table:
    groups = _referral_groups(f)
    rows = [[label, _count(groups, state=state)] for state, label in Referral.State.choices
            if state != Referral.State.DRAFT]  # fmt: skip
    return Table("referrals_by_state", _("Referrals by state"), [_("State"), _("Referrals")],
                 rows, people=True)  # fmt: skip


def _ended(groups: list[dict]) -> Counter:
    """How referrals ended: a closed one by the state it was closed in, others by their state."""
    ended = Counter()
    for group in groups:
        closed = group["state"] == Referral.State.CLOSED
        ended[group["ended_state"] if closed else group["state"]] += group["n"]
    return ended


def referral_outcomes(f: IndicatorFilter) -> Table:
    groups = _referral_groups(f)
    waits = [
        (contact - sent_at).total_seconds() / 86400
        for sent_at, contact in referrals(f)
        .exclude(first_contact_at=None)
        .values_list("sent_at", "first_contact_at")
    ]
    ended = _ended(groups)
    finished = sum(ended[s] for s in (Referral.State.STARTED, Referral.State.NOT_STARTED,
                                      Referral.State.DECLINED))  # fmt: skip
    closed = [g for g in groups if g["state"] == Referral.State.CLOSED]
    with_outcome = sum(g["with_outcome"] for g in closed)
    rows = [
        [_("Referrals sent"), sum(g["n"] for g in groups)],
        [_("Median days from sending to first contact"),
         round(statistics.median(waits), 1) if len(waits) >= SUPPRESS_BELOW
         else (FEW_PEOPLE if waits else None)],
        [_("Started (percent of those that reached an end)"),
         share(ended[Referral.State.STARTED], finished, people=True)],
        [_("Closed with an outcome (percent of closed)"),
         share(with_outcome, sum(g["n"] for g in closed), people=True)],
    ]  # fmt: skip
    return Table("referral_outcomes", _("Referral flow"), [_("Figure"), _("Value")], rows,
                 people=True, chart_rows=[2, 3], chart_max=100)  # fmt: skip


WELLBEING_SQL = """
SELECT COUNT(*), {averages}
FROM referrals_wellbeingmeasure b
JOIN referrals_wellbeingmeasure a ON a.referral_id = b.referral_id AND a.phase = 'after'
WHERE b.phase = 'before' AND b.referral_id IN ({sent})
"""


def wellbeing_change(f: IndicatorFilter) -> Table:
    sent, params = referrals(f).values("id").query.sql_with_params()
    averages = ", ".join(f"AVG(b.{name}), AVG(a.{name})" for name in ONS4)
    with connection.cursor() as cursor:
        cursor.execute(WELLBEING_SQL.format(averages=averages, sent=sent), params)
        pairs, *means = cursor.fetchone()
    labels = {"life_satisfaction": _("Life satisfaction"), "worthwhile": _("Worthwhile"),
              "happiness": _("Happiness"), "anxiety": _("Anxiety (lower is better)")}  # fmt: skip
    rows = []
    for index, name in enumerate(ONS4):
        if pairs < SUPPRESS_BELOW:
            hidden = FEW_PEOPLE if pairs else None
            rows.append([labels[name], hidden, hidden, pairs])
            continue
        before, after = means[2 * index], means[2 * index + 1]
        rows.append([labels[name], round(float(before), 1), round(float(after), 1), pairs])
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
    groups = _referral_groups(f)
    rows = [[label, _count(groups, helped=code)] for code, label in Referral.Helped.choices]
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
    token = _memo.set({})
    try:
        return {key: [compute(f) for compute in functions]
                for key, (_title, functions) in SECTIONS.items()}  # fmt: skip
    finally:
        _memo.reset(token)


def tables(f: IndicatorFilter, functions) -> list[Table]:
    """Some indicators for one filter, sharing what they read."""
    token = _memo.set({})
    try:
        return [function(f) for function in functions]
    finally:
        _memo.reset(token)
