"""Conversation guides, read from data/guides.json: questions whose answers suggest a search.

A guide is data so that the county can edit the questions without a release; each option may
suggest categories, target groups, delivery, cost and words, and the answers together become
the parameters of a prefilled search.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.utils import timezone

from tarjotin.referrals.models import GuideUse
from tarjotin.search.engine import search
from tarjotin.search.request import SearchRequest

GUIDES_FILE = Path(__file__).parent / "data" / "guides.json"
SEARCH_PARAMETERS = ("category", "target_group", "delivery", "cost")


@dataclass(frozen=True)
class Option:
    id: str
    label: dict
    suggests: dict


@dataclass(frozen=True)
class Question:
    id: str
    text: dict
    single: bool
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Guide:
    slug: str
    title: dict
    intro: dict
    questions: tuple[Question, ...]


@cache
def all_guides() -> dict[str, Guide]:
    data = json.loads(GUIDES_FILE.read_text(encoding="utf-8"))
    return {raw["slug"]: _guide(raw) for raw in data["guides"]}


def _guide(raw: dict) -> Guide:
    questions = tuple(
        Question(
            id=q["id"],
            text=q["text"],
            single=q.get("single", False),
            options=tuple(Option(o["id"], o["label"], o.get("suggests", {})) for o in q["options"]),
        )
        for q in raw["questions"]
    )
    return Guide(raw["slug"], raw["title"], raw["intro"], questions)


def text(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("fi") or next(iter(texts.values()), "")


def chosen_options(guide: Guide, answers) -> list[Option]:
    """The options picked in a submitted form (``answers.getlist(question id)``); unknown ids
    are ignored, so a stale or edited form still ends in a search."""
    chosen = []
    for question in guide.questions:
        picked = set(answers.getlist(question.id))
        options = [option for option in question.options if option.id in picked]
        chosen += options[:1] if question.single else options
    return chosen


def search_parameters(options: list[Option], language: str) -> list[tuple[str, str]]:
    """The prefilled search: every suggested facet value once, and the suggested words."""
    parameters: list[tuple[str, str]] = []
    words: list[str] = []
    for option in options:
        for name in SEARCH_PARAMETERS:
            for value in option.suggests.get(name, []):
                if (name, value) not in parameters:
                    parameters.append((name, value))
        word = text(option.suggests.get("words", {}), language)
        if word and word not in words:
            words.append(word)
    if words:
        parameters.insert(0, ("q", " ".join(words)))
    return parameters


# A prefilled search that finds nothing is loosened, one kind of suggestion at a time, least
# central first: how the service is delivered, its price, whom it is for, the words, the topic.
# Where the client lives goes last: services elsewhere are of little use to them.
LOOSENED_FIRST = ("delivery", "cost", "target_group", "q", "category", "residence")


def search_query(options: list[Option], language: str, residence: str = "") -> str:
    """The prefilled search, loosened until it finds something: a guide that ends in an empty
    list helps no one (the journeys audit found 15 of 60 answer paths of one guide empty).
    ``residence``: the client's municipality (services for its residents, and for everyone)."""
    parameters = search_parameters(options, language)
    if residence:
        parameters.append(("residence", residence))
    for name in LOOSENED_FIRST:
        if _finds_something(parameters, language):
            break
        parameters = [(key, value) for key, value in parameters if key != name]
    return urlencode(parameters)


def _finds_something(parameters: list[tuple[str, str]], language: str) -> bool:
    filters: dict[str, set[str]] = {}
    for name, value in parameters:
        if name not in {"q", "residence"}:
            filters.setdefault(name, set()).add(value)
    given = dict(parameters)
    request = SearchRequest(text=given.get("q", ""), language=language, filters=filters,
                            residence=given.get("residence"), limit=1, facets=False)  # fmt: skip
    return search(request).total > 0


def count_use(guide: Guide, finished: bool) -> None:
    """Counted for the indicators: which guide, which day, finished or not — nothing else."""
    GuideUse.objects.create(guide=guide.slug, day=timezone.localdate(), finished=finished)
