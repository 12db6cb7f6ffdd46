"""The results page: the URL's parameters -> a search, facet groups, chips and paging.

The page takes the same parameters as ``/api/search`` (so a search is shared by its URL and
the same search can be made through the API), plus ``view=list|map``. An unknown parameter is
ignored (links from elsewhere carry their own); a bad value is shown to the user as a message.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from tarjotin.api.errors import BadParameter
from tarjotin.api.params import QueryParameters
from tarjotin.catalogue.models import CapacityStatus
from tarjotin.catalogue.selectors import facet_terms
from tarjotin.search import analysis
from tarjotin.search.documents import AGE_GROUPS, DAYPARTS, DAYS, PROFILES
from tarjotin.search.engine import SearchRequest, SearchResult, search
from tarjotin.search.index import current_index
from tarjotin.search.textquery import word_uses
from tarjotin.search.views import LIST_PARAMETERS, SCALAR_PARAMETERS, build_request
from tarjotin.search.views import _facets as labelled_facets
from tarjotin.web import summaries
from tarjotin.web.labels import age_label, day_label, daypart_label, profile_label

POINT = re.compile(r"^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$")  # "60.18,24.94"
PER_PAGE = 20
MAP_PER_PAGE = 100
WEB_PARAMETERS = {"view", "accepts"}  # accepts: referral-accepting only (professionals)
# Facet groups in the order a resident thinks of them; each is (parameter, facet in results).
FACET_ORDER = (
    ("category", "category"),
    ("target_group", "target_group"),
    ("age", "age"),
    ("municipality", "municipality"),
    ("district", "district"),
    ("delivery", "delivery"),
    ("cost", "cost"),
    ("language", "language"),
    ("access", "access_ok"),
    ("day", "weekday"),
    ("daypart", "daypart"),
    ("capacity", "capacity"),
)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    parameter: str
    label: str
    options: list[Option]
    multiple: bool = True

    @property
    def selected(self) -> bool:
        return any(o.selected for o in self.options)


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class SearchPage:
    query: QueryDict
    view: str
    request: SearchRequest | None = None
    result: SearchResult | None = None
    cards: list = field(default_factory=list)
    facets: list[FacetGroup] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    error: str = ""
    spelling: list[str] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    ask_near: bool = False  # "nearest first" chosen without a place: ask for one
    unknown_place: str = ""  # a "near" we could not find: searched without it, and said so

    @property
    def text(self) -> str:
        return self.query.get("q", "")

    @property
    def near_point(self) -> str:
        """The device's location when "near me" gave one: shown as words, never as numbers."""
        near = self.query.get("near", "")
        return near if POINT.match(near) else ""


def run(
    get: QueryDict,
    profile: str | None,
    explain: bool = False,
    only_ids: frozenset[str] | None = None,
) -> SearchPage:
    """Search with the page's parameters; the access profile comes from the resident's choice.

    The professionals' workbench asks for each result's explanation and may limit the search
    to some services (those that accept referrals)."""
    query = get.copy()
    for name in set(query) - set(LIST_PARAMETERS) - SCALAR_PARAMETERS - WEB_PARAMETERS:
        del query[name]
    if profile and not query.get("profile"):
        query["profile"] = profile
    # the typed place comes first in the form, the device's location after it: a typed one wins
    places = [value for value in query.getlist("near") if value.strip()]
    if places:
        query.setlist("near", places[:1])
    else:
        query.pop("near", None)
    view = "map" if query.get("view") == "map" else "list"
    page = SearchPage(query=query, view=view)
    if query.get("sort") == "distance" and not query.get("near"):
        del query["sort"]
        page.ask_near = True
    language = get_language()
    shim = _Request(query)
    if view == "map":
        shim.query_params["per_page"] = str(MAP_PER_PAGE)
    elif "per_page" not in query:
        shim.query_params["per_page"] = str(PER_PAGE)
    try:
        page.request = _request_without_unknown_place(page, shim, language)
    except BadParameter as error:
        page.error = _bad_parameter_message(error)
        return page
    page.request.explain = page.request.explain or explain
    page.request.only_ids = only_ids
    page.result = search(page.request)
    page.cards = summaries.summaries([hit.id for hit in page.result.hits], language)
    hits = {hit.id: hit for hit in page.result.hits}
    for card in page.cards:
        card.distance_m = hits[card.id].distance_m if card.id in hits else None
        card.explanation = hits[card.id].explanation if card.id in hits else None
    page.facets = facet_groups(page.result, query, language)
    applied = query.copy()
    if page.unknown_place:
        applied.pop("near", None)  # not searched with: no chip for it
    page.chips = chips(applied, page.facets)
    page.page = page.request.offset // page.request.limit + 1
    page.pages = max(1, -(-page.result.total // page.request.limit))
    if page.result.total == 0 or not page.result.matched_all_words:
        page.spelling = spelling_suggestions(page.text)
    return page


def _request_without_unknown_place(page: SearchPage, shim, language: str):
    """The search request; a place we cannot find is left out (the results stay, nearest-first
    and the distance with it) and the page says which place, in the reader's language."""
    try:
        return build_request(QueryParameters(shim, set(), strict=False, language=language))
    except BadParameter as error:
        if error.parameter != "near" or not _is_place_name(shim.query_params.get("near", "")):
            raise
    page.unknown_place = shim.query_params["near"]
    for name in ("near", "radius", "sort"):
        shim.query_params.pop(name, None)
    return build_request(QueryParameters(shim, set(), strict=False, language=language))


COORDINATES = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*$")


def _is_place_name(text: str) -> bool:
    """A written place, not a pair of coordinates out of range (that stays an error)."""
    return not COORDINATES.match(text)


class _Request:
    """Just enough of a request for QueryParameters."""

    def __init__(self, query: QueryDict):
        self.query_params = query.copy()
        self.headers = {}


def _bad_parameter_message(error: BadParameter) -> str:
    return _("The search could not be made: %(problem)s. Change the search and try again.") % {
        "problem": str(error.detail)
    }


def facet_groups(result: SearchResult, query: QueryDict, language: str) -> list[FacetGroup]:
    facets = labelled_facets(result.facets, language)
    groups = []
    for parameter, facet in FACET_ORDER:
        chosen = _selected(query, parameter)
        options = [
            Option(f["value"], _value_label(parameter, f["value"], f["label"], language),
                   f["count"], f["value"] in chosen)
            for f in facets.get(facet, [])
            if f["value"] != "unknown" and (f["count"] > 0 or f["value"] in chosen)
        ]  # fmt: skip
        if parameter == "age":
            options = _age_options(options, query)
        if parameter in {"day", "daypart"}:
            order = DAYS if parameter == "day" else [name for name, *_rest in DAYPARTS]
            options.sort(key=lambda o: order.index(o.value) if o.value in order else 99)
        for value in sorted(chosen - {o.value for o in options}):
            label = _value_label(parameter, value, _term_name(facet, value, language), language)
            options.append(Option(value, label, 0, True))
        if options:
            groups.append(
                FacetGroup(parameter, facet_label(parameter), options, parameter != "age")
            )
    return groups


def _term_name(facet: str, code: str, language: str) -> str:
    """A chosen value that found nothing still shows its name, not its code ("exercise")."""
    term = facet_terms().get((facet, code))
    return term.text("name", language) if term is not None else code


def _age_options(options: list[Option], query: QueryDict) -> list[Option]:
    """Age groups as radio choices whose value is a typical age of the group."""
    by_group = {o.value: o for o in options}
    chosen = query.get("age", "")
    return [
        Option(str(age), age_label(group), by_group[group].count, chosen == str(age))
        for group, age in AGE_GROUPS.items()
        if group in by_group
    ]


def _selected(query: QueryDict, parameter: str) -> set[str]:
    return {v.strip() for raw in query.getlist(parameter) for v in raw.split(",") if v.strip()}


def _value_label(parameter: str, value: str, label: str, language: str) -> str:
    if parameter == "municipality":
        return summaries.municipality_names(language).get(value, value)
    if parameter == "language":
        return summaries.language_name(value)
    if parameter == "access":
        return profile_label(value)
    if parameter == "day":
        return day_label(value)
    if parameter == "daypart":
        return daypart_label(value)
    if parameter == "capacity":
        return str(CapacityStatus(value).label) if value in CapacityStatus.values else value
    return label


def facet_label(parameter: str) -> str:
    return {
        "category": _("Topic"),
        "target_group": _("For whom"),
        "age": _("Age"),
        "municipality": _("Municipality"),
        "district": _("District"),
        "delivery": _("How"),
        "cost": _("Price"),
        "language": _("Language"),
        "access": _("Accessibility"),
        "day": _("Day"),
        "daypart": _("Time of day"),
        "capacity": pgettext("facet", "Room for new participants"),
    }[parameter]


def chips(query: QueryDict, groups: list[FacetGroup]) -> list[Chip]:
    """One removable chip per active filter, so a resident can loosen the search."""
    out = []
    for group in groups:
        for option in group.options:
            if option.selected:
                out.append(Chip(f"{group.label}: {option.label}", without(query, group.parameter,
                                                                        option.value)))  # fmt: skip
    scalar_labels = {
        "open_now": _("Open now"),
        "near": _("Near: %(place)s"),
        "residence": _("I live in: %(place)s"),
        "open_at": _("Open at: %(place)s"),
    }
    for name, label in scalar_labels.items():
        if query.get(name):
            place = query[name]
            if name == "residence":
                place = summaries.municipality_names(get_language()).get(place, place)
            if name == "near" and POINT.match(place):
                place = _("your location")
            out.append(Chip(label % {"place": place}, without(query, name)))
    return out


def without(query: QueryDict, parameter: str, value: str | None = None) -> str:
    """The search URL's query string without a parameter (or one of its values); page reset."""
    items = []
    for name, raw in query.lists():
        if name in {"page", "profile"} or (name == parameter and value is None):
            continue
        for entry in raw:
            if name == parameter:
                kept = [v for v in entry.split(",") if v.strip() and v.strip() != value]
                if kept:
                    items.append((name, ",".join(kept)))
            else:
                items.append((name, entry))
    return "?" + urlencode(items)


def spelling_suggestions(text: str) -> list[str]:
    """Near spellings of the words Voikko does not know ("kuntosli" -> "kuntosali")."""
    words = analysis.words(text)
    if not words:
        return []
    fixed, changed = [], False
    for word in words:
        options = [] if analysis.finnish_word(word).known else analysis.suggestions(word)
        if options:
            fixed.append(max(options, key=_suggestion_rank))
            changed = True
        else:
            fixed.append(word)
    return [" ".join(fixed)] if changed else []


def _suggestion_rank(word: str) -> tuple[bool, bool, int]:
    """Voikko orders suggestions as words, not search terms: prefer one that services use
    ("kuntosali" over "kuntosyli", a word, but no service's), then a base form ("kuntosali"
    over "kuntosi", which is "kunto" + a suffix), then the most used."""
    analyzed = analysis.finnish_word(word)
    used = word_uses(current_index().searcher(), analyzed.lemmas, "fi")
    return used > 0, word in analyzed.lemmas, used


def profile_choices() -> list[tuple[str, str]]:
    return [(p, profile_label(p)) for p in PROFILES]
