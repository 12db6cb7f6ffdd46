"""The results page: the URL's parameters -> a search, facet groups, chips and paging.

The page takes the same parameters as ``/api/search`` (so a search is shared by its URL and
the same search can be made through the API), plus ``view=list|map``. An unknown parameter is
ignored (links from elsewhere carry their own); a bad value is shown to the user as a message.
"""

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tarjotin.catalogue.selectors import municipality_names
from tarjotin.search import analysis, events
from tarjotin.search.documents import AGE_GROUPS, DAYPARTS, DAYS, PROFILES
from tarjotin.search.engine import SearchResult, search
from tarjotin.search.index import VERSION_LABEL, current_index
from tarjotin.search.params import (
    FACET_GROUPS,
    LIST_PARAMETERS,
    SCALAR_PARAMETERS,
    BadParameter,
    QueryParameters,
    age_label,
    build_request,
    filters_used,
    profile_label,
)
from tarjotin.search.request import SearchRequest
from tarjotin.search.textquery import word_uses
from tarjotin.web import summaries

POINT = re.compile(r"^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$")  # "60.18,24.94"
PER_PAGE = 20
MAP_PER_PAGE = 100
WEB_PARAMETERS = {"view", "accepts"}  # accepts: referral-accepting only (professionals)


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
    def filters_key(self) -> str:
        """Everything the filter form shows: the same search on an unchanged index renders the
        same form, so a page keeps it rendered (web/search.html)."""
        open_now = self.result.facets.get("open_now") if self.result else None
        groups = [(g.parameter, g.label, [(o.value, o.label, o.count, o.selected)
                                          for o in g.options]) for g in self.facets]  # fmt: skip
        shown = (get_language(), sorted(self.query.lists()), self.ask_near, self.unknown_place,
                 self.error, len(self.chips), open_now, groups)  # fmt: skip
        return hashlib.sha256(repr(shown).encode()).hexdigest()

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
    text, asks_near = without_near_words(query.get("q", ""))
    if asks_near:  # "liikuntaa lähellä": nearest first, not a word to look for (UX audit M2)
        query["q"], query["sort"] = text, "distance"
    view = "map" if query.get("view") == "map" else "list"
    page = SearchPage(query=query, view=view)
    if query.get("sort") == "distance" and not query.get("near"):
        del query["sort"]
        page.ask_near = True
    language = get_language()
    searched = query.copy()
    if view == "map":
        searched["per_page"] = str(MAP_PER_PAGE)
    elif "per_page" not in query:
        searched["per_page"] = str(PER_PAGE)
    try:
        page.request = _request_without_unknown_place(page, searched, language)
    except BadParameter as error:
        page.error = _bad_parameter_message(error)
        return page
    page.request.explain = page.request.explain or explain
    page.request.only_ids = only_ids
    page.result = search(page.request)
    versions = {hit.id: hit.labels.get(VERSION_LABEL) for hit in page.result.hits}
    page.cards = summaries.summaries(list(versions), language, versions=versions)
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


# Words that ask for what is near rather than name a service, in the interface languages.
NEAR_WORDS = re.compile(
    r"(?<!\w)(?:lähellä(?:ni)?|läheltä|lähistöllä"
    r"|nära(?: mig)?|i närheten|near(?: me)?|nearby)(?![\w.])",  # not "Lähellä.fi"
    re.IGNORECASE,
)


def without_near_words(text: str) -> tuple[str, bool]:
    """The search text without "lähellä", "nära mig", "near me"…, and whether it had one."""
    cleaned = NEAR_WORDS.sub(" ", text)
    return " ".join(cleaned.split()), cleaned != text


def _request_without_unknown_place(page: SearchPage, query: QueryDict, language: str):
    """The search request; a place we cannot find is left out (the results stay, nearest-first
    and the distance with it) and the page says which place, in the reader's language."""
    try:
        return build_request(QueryParameters.of_page(query, language))
    except BadParameter as error:
        if error.parameter != "near" or not _is_place_name(query.get("near", "")):
            raise
    page.unknown_place = query["near"]
    for name in ("near", "radius", "sort"):
        query.pop(name, None)
    return build_request(QueryParameters.of_page(query, language))


COORDINATES = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*$")


def _is_place_name(text: str) -> bool:
    """A written place, not a pair of coordinates out of range (that stays an error)."""
    return not COORDINATES.match(text)


def announce(page: SearchPage, channel: str) -> None:
    """Tell the demand counters about a first result page (paging through it is not demand)."""
    if page.error or page.result is None or page.query.get("page", "1") not in ("", "1"):
        return
    events.searched.send(SearchPage, channel=channel, language=get_language(), text=page.text,
                         total=page.result.total, filters=filters_used(page.query))  # fmt: skip


def _bad_parameter_message(error: BadParameter) -> str:
    return _("The search could not be made: %(problem)s. Change the search and try again.") % {
        "problem": str(error.detail)
    }


def facet_groups(result: SearchResult, query: QueryDict, language: str) -> list[FacetGroup]:
    groups = []
    for group in FACET_GROUPS:
        parameter = group.name
        chosen = _selected(query, parameter)
        options = [
            Option(value, group.label_of(value, language), count, value in chosen)
            for value, count in result.facets.get(group.facet, [])
            if value != "unknown" and (count > 0 or value in chosen)
        ]
        if parameter == "age":
            options = _age_options(options, query)
        if parameter in {"day", "daypart"}:
            order = DAYS if parameter == "day" else [name for name, *_rest in DAYPARTS]
            options.sort(key=lambda o: order.index(o.value) if o.value in order else 99)
        for value in sorted(chosen - {o.value for o in options}):
            options.append(Option(value, group.label_of(value, language), 0, True))
        if options:
            groups.append(FacetGroup(parameter, str(group.label), options, parameter != "age"))
    return groups


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
                place = municipality_names(get_language()).get(place, place)
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


RADIUS_CHOICES = [("1000", "1 km"), ("3000", "3 km"), ("10000", "10 km"), ("30000", "30 km")]


def form_choices(language: str) -> dict:
    """The choices of the search form, for the residents' and the professionals' pages."""
    return {
        "profile_choices": profile_choices(),
        "municipalities": sorted(municipality_names(language).items(), key=lambda i: i[1]),
        "radius_choices": RADIUS_CHOICES,
    }
