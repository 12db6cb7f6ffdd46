"""The search's URL parameters: every filter's name, parsing, checks, label and facet, once.

The JSON API (``/api/search``), the residents' results page, the professionals' workbench, the
chatbot answer and the demand indicators all read the same parameters, so a shared search link
means the same search everywhere. A bad value is a ``BadParameter`` naming the parameter: the
API answers it as a JSON 400, a page shows it to the user as a message.
"""

import datetime as dt
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header

from tarjotin.catalogue import geo
from tarjotin.catalogue.models import CapacityStatus
from tarjotin.catalogue.schedules import day_label
from tarjotin.catalogue.selectors import facet_terms, municipality_names
from tarjotin.catalogue.texts import language_name
from tarjotin.search.documents import DAYPARTS, DAYS, PROFILES
from tarjotin.search.request import SearchRequest

MAX_QUERY_LENGTH = 300
MAX_SEARCH_PER_PAGE = 100
MAX_PER_PAGE = 500  # the HSDA list endpoints
MAX_PAGE = 100_000  # larger numbers overflow the database's integers
DEFAULT_PER_PAGE = 50
TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}


class BadParameter(ValueError):  # noqa: N818 (named as the API error it becomes: bad_parameter)
    """A parameter the search cannot use; ``detail`` says what to change."""

    status_code = 400

    def __init__(self, parameter: str, detail: str):
        self.parameter = parameter
        self.detail = f"{parameter}: {detail}"
        super().__init__(self.detail)


# -- interface words for the search's own codes -----------------------------------------------
def profile_label(profile: str) -> str:
    return str({
        "wheelchair": _("I use a wheelchair"),
        "rollator": _("I use a rollator"),
        "visual": _("I am visually impaired"),
        "hearing": _("I am hearing impaired"),
    }.get(profile, profile))  # fmt: skip


def daypart_label(code: str) -> str:
    return str({
        "morning": _("Morning (before 12)"),
        "afternoon": _("Afternoon (12–17)"),
        "evening": _("Evening (after 17)"),
    }.get(code, code))  # fmt: skip


def age_label(group: str) -> str:
    return {
        "child": pgettext("age group", "Children"),
        "young": pgettext("age group", "Young people"),
        "adult": pgettext("age group", "Adults"),
        "senior": pgettext("age group", "Older people"),
    }.get(group, group)


def _term_label(taxonomy: str) -> Callable[[str, str], str]:
    def label(code: str, language: str) -> str:
        term = facet_terms().get((taxonomy, code))
        return term.text("name", language) if term is not None else code

    return label


def _capacity_label(code: str, _language: str) -> str:
    return str(CapacityStatus(code).label) if code in CapacityStatus.values else code


# -- the registry -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Filter:
    """One search filter. ``kind``: "list" takes several values (comma-separated or repeated)
    and filters an index facet; "value" takes one; "page" is read by the web pages only."""

    name: str
    label: object  # a lazy translated text: the filter's name on pages and in indicators
    kind: str = "list"
    facet: str | None = None  # the index facet it filters and counts
    value_label: Callable[[str, str], str] | None = None  # (code, language) -> what users read
    known: Callable[[], set[str] | None] | None = None  # allowed values; None: any

    def label_of(self, code: str, language: str) -> str:
        return self.value_label(code, language) if self.value_label else code


def _taxonomy(name: str, label) -> Filter:
    known = lambda: {code for taxonomy, code in facet_terms() if taxonomy == name}  # noqa: E731
    return Filter(name, label, facet=name, value_label=_term_label(name), known=known)


# In the order a resident thinks of them: pages show the facet groups in this order.
FILTERS = (
    _taxonomy("category", _("Topic")),
    _taxonomy("target_group", _("For whom")),
    Filter("age", _("Age"), kind="value", facet="age",
           value_label=lambda code, _language: age_label(code)),
    Filter("municipality", _("Municipality"), facet="municipality",
           value_label=lambda code, language: municipality_names(language).get(code, code)),
    Filter("district", _("District"), facet="district"),
    _taxonomy("delivery", _("How")),
    _taxonomy("cost", _("Price")),
    Filter("language", _("Language"), facet="language",
           value_label=lambda code, _language: language_name(code)),
    Filter("access", _("Accessibility"), facet="access_ok",
           value_label=lambda code, _language: profile_label(code), known=lambda: set(PROFILES)),
    Filter("day", _("Day"), facet="weekday", value_label=lambda code, _language: day_label(code),
           known=lambda: set(DAYS)),
    Filter("daypart", _("Time of day"), facet="daypart",
           value_label=lambda code, _language: daypart_label(code),
           known=lambda: {name for name, _start, _end in DAYPARTS}),
    Filter("capacity", pgettext_lazy("facet", "Room for new participants"), facet="capacity",
           value_label=_capacity_label, known=lambda: {*CapacityStatus.values, "unknown"}),
    Filter("residence", _("Residents of"), kind="value"),
    Filter("open_now", _("Open now"), kind="value"),
    Filter("open_at", _("Open at"), kind="value"),
    Filter("near", _("Near a place"), kind="value"),
    Filter("radius", _("Distance"), kind="value"),
    Filter("bbox", _("Map area"), kind="value"),
    Filter("profile", _("Accessibility"), kind="value"),
    Filter("accepts", _("Accepts referrals"), kind="page"),
)  # fmt: skip
BY_NAME = {f.name: f for f in FILTERS}
LIST_PARAMETERS = {f.name: f.facet for f in FILTERS if f.kind == "list"}  # parameter: facet
OTHER_PARAMETERS = {"q", "sort", "page", "per_page", "explain", "facets"}
SCALAR_PARAMETERS = {f.name for f in FILTERS if f.kind == "value"} | OTHER_PARAMETERS
FACET_GROUPS = tuple(f for f in FILTERS if f.facet)  # shown as facet groups on result pages


def filter_label(name: str) -> str:
    """A filter's name for people ("Topic"); an unknown name as it is."""
    return str(BY_NAME[name].label) if name in BY_NAME else name


def filters_used(query) -> list[str]:
    """The filters a search used (by name): what the demand indicators count."""
    return [f.name for f in FILTERS if query.get(f.name)]


def labelled_facets(facets: dict, language: str) -> dict:
    """Facet counts with labels in the user's language (taxonomy names; codes elsewhere)."""
    labels = {key: term.text("name", language) for key, term in facet_terms().items()}
    return {
        name: [
            {"value": value, "label": labels.get((name, value), value), "count": count}
            for value, count in counts
        ]
        for name, counts in facets.items()
    }


# -- reading a request's parameters -----------------------------------------------------------
class QueryParameters:
    """A request's query parameters (strict: an unknown one is an error).

    Web pages pass ``strict=False`` and their interface language: links from elsewhere may
    carry parameters of their own (utm_source, ...).
    """

    def __init__(self, request, allowed: set[str], strict: bool = True, language=None):
        self.values = _query(request)
        unknown = sorted(set(self.values) - allowed - {"lang"})
        if unknown and strict:
            names = ", ".join(sorted(allowed | {"lang"}))
            raise BadParameter(unknown[0], f"unknown parameter; this endpoint takes: {names}")
        self.language = language or response_language(request)

    @classmethod
    def of_page(cls, query, language: str) -> "QueryParameters":
        """A web page's parameters (others' already left out), read in the page's language."""
        params = cls.__new__(cls)
        params.values, params.language = query, language
        return params

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value.strip() if value and value.strip() else None

    def boolean(self, name: str) -> bool:
        value = self.values.get(name)
        if value is None or value == "":
            return False
        if value.lower() in TRUE_VALUES:
            return True
        if value.lower() in FALSE_VALUES:
            return False
        raise BadParameter(name, f"must be true or false, not {value!r}")

    def positive_int(self, name: str, default: int, maximum: int | None = None) -> int:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise BadParameter(name, f"must be a whole number, not {value!r}") from None
        if number < 1:
            raise BadParameter(name, f"must be 1 or more, not {number}")
        if maximum is not None and number > maximum:
            raise BadParameter(name, f"must be at most {maximum}, not {number}")
        return number

    def uuid(self, name: str) -> uuid.UUID | None:
        value = self.values.get(name)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            raise BadParameter(name, f"must be a UUID, not {value!r}") from None

    def datetime(self, name: str) -> dt.datetime | None:
        value = self.values.get(name)
        if not value:
            return None
        try:  # a well-formed but impossible date (2026-02-30) raises rather than returning None
            parsed = parse_datetime(value)
            if parsed is None and (day := parse_date(value)) is not None:
                parsed = dt.datetime.combine(day, dt.time.min)
        except ValueError:
            parsed = None
        if parsed is None:
            raise BadParameter(name, f"must be an ISO 8601 date or date-time, not {value!r}")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.values.get(name) or default
        if value not in choices:
            raise BadParameter(name, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def page(self) -> tuple[int, int]:
        return (
            self.positive_int("page", 1, MAX_PAGE),
            self.positive_int("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        )


def _query(request) -> dict:
    """DRF's query_params, or a plain Django request's GET; a POST query adds its body's."""
    if not hasattr(request, "query_params"):
        return request.GET
    if getattr(request, "method", "GET") != "POST":  # web pages pass a stand-in request
        return request.query_params
    body = request.data
    if not isinstance(body, dict):
        raise BadParameter("body", "must be a JSON object of query parameters")
    return {**request.query_params.dict(), **{k: _as_text(v) for k, v in body.items()}}


def _as_text(value) -> str:
    """A JSON body's value as the text a query string would carry (true, 5, ...)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | dict):
        raise BadParameter("body", "parameter values are single texts, numbers or booleans")
    return str(value)


def response_language(request) -> str:
    """``lang`` wins, then Accept-Language, then the first fallback language (Finnish)."""
    requested = _query(request).get("lang")
    if requested:
        if requested not in settings.CONTENT_LANGUAGES:
            supported = ", ".join(settings.CONTENT_LANGUAGES)
            raise BadParameter(
                "lang", f"unsupported language {requested!r}; use one of {supported}"
            )
        return requested
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        for candidate in (tag, tag.split("-")[0]):
            if candidate in settings.CONTENT_LANGUAGES:
                return candidate
    return settings.CONTENT_FALLBACK[0]


# -- parameters -> a search request ----------------------------------------------------------
def build_request(params: QueryParameters) -> SearchRequest:
    text = params.values.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        raise BadParameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    page = params.positive_int("page", 1, 1000)
    per_page = params.positive_int("per_page", 20, MAX_SEARCH_PER_PAGE)
    residence = params.text("residence")
    if residence and not (residence.isdigit() and len(residence) == 3):
        raise BadParameter("residence", "use a Statistics Finland municipality code such as 091")
    point = _point(params)
    sort = params.choice("sort", ("relevance", "distance", "access"), "relevance")
    if sort == "distance" and point is None:
        raise BadParameter("sort", "sorting by distance needs near=")
    profile = params.values.get("profile") or None
    if profile is not None and profile not in PROFILES:
        raise BadParameter("profile", f"use one of {', '.join(PROFILES)}")
    if sort == "access" and profile is None:
        raise BadParameter("sort", "sorting by accessibility needs profile=")
    radius = _number(params, "radius", 1, 1_000_000)
    if radius is not None and point is None:
        raise BadParameter("radius", "needs near= to measure from")
    return SearchRequest(
        text=text,
        language=params.language,
        filters={facet: _list(params, name) for name, facet in LIST_PARAMETERS.items()},
        age=_number(params, "age", 0, 130, int),
        residence=residence,
        open_at=_open_at(params),
        point=point,
        radius_m=radius,
        bbox=_bbox(params),
        sort=sort,
        access_profile=profile,
        offset=(page - 1) * per_page,
        limit=per_page,
        explain=params.boolean("explain"),
        facets=params.values.get("facets", "true") != "false",
    )


def _known_values(parameter: str) -> set[str] | None:
    known = BY_NAME[parameter].known
    return known() if known else None


def _list(params: QueryParameters, parameter: str) -> set[str]:
    values = {
        v.strip() for raw in params.values.getlist(parameter) for v in raw.split(",") if v.strip()
    }
    if not values:
        return values
    known = _known_values(parameter)
    unknown = sorted(values - known) if known is not None else []
    if unknown:
        raise BadParameter(
            parameter, f"unknown value {unknown[0]!r}; use one of {', '.join(sorted(known))}"
        )
    if parameter == "municipality" and any(not (v.isdigit() and len(v) == 3) for v in values):
        raise BadParameter(parameter, "use Statistics Finland codes such as 091")
    return values


def _number(params, name, low, high, kind=float):
    raw = params.values.get(name)
    if raw in (None, ""):
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise BadParameter(name, f"must be a number, not {raw!r}") from None
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}")
    return value


def _point(params) -> tuple[float, float] | None:
    near = params.text("near")
    if not near:
        return None
    parts = near.split(",")
    if len(parts) == 2:
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            lat = lon = None
        if lat is not None:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise BadParameter("near", "latitude must be -90..90 and longitude -180..180")
            return lat, lon
    point = geo.place_centroid(near)
    if point is None:
        raise BadParameter("near", f"no known place, district or postcode {near!r}")
    return point


def _bbox(params):
    raw = params.text("bbox")
    if not raw:
        return None
    try:
        south, west, north, east = (float(v) for v in raw.split(","))
    except ValueError:
        raise BadParameter("bbox", "use south,west,north,east in degrees") from None
    if not all(math.isfinite(v) for v in (south, west, north, east)):
        raise BadParameter("bbox", "use finite numbers: south,west,north,east in degrees")
    if south > north or west > east:
        raise BadParameter("bbox", "south must be below north and west left of east")
    return south, west, north, east


def _open_at(params) -> dt.datetime | None:
    if params.boolean("open_now"):
        return timezone.now()
    moment = params.datetime("open_at")
    if moment is not None and params.values.get("open_at", "").find("T") == -1:
        raise BadParameter("open_at", "give a date and a time, e.g. 2026-12-01T10:00")
    return moment
