"""The cross-language glossary: its data, its phrase matching, and search across languages."""

import json
from collections import Counter

import pytest

from tarjotin.catalogue.tests.factories import ServiceFactory
from tarjotin.search import glossary
from tarjotin.search.engine import search
from tarjotin.search.index import sync
from tarjotin.search.request import SearchRequest
from tarjotin.search.textquery import word_queries


def concept_of(text: str, language: str) -> set[str]:
    """The entries of the concepts that the glossary finds in ``text``."""
    keys = [glossary.word_keys(w, language) for w in glossary.analysis.words(text)]
    found = {match.concept for match in glossary.matches(keys, language)}
    return {entry.text for number in found for entry in glossary.concepts()[number]}


def number_of(entry_text: str) -> int:
    return next(
        n
        for n, entries in enumerate(glossary.concepts())
        if entry_text in {e.text for e in entries}
    )


def test_every_entry_of_the_file_is_usable():
    data = json.loads(glossary.GLOSSARY_FILE.read_text(encoding="utf-8"))["concepts"]
    written = sum(len(texts) for concept in data for texts in concept.values())
    assert sum(len(entries) for entries in glossary.concepts()) == written
    assert all({"fi", "sv", "en"} <= set(concept) for concept in data)


def test_an_entry_belongs_to_one_concept_per_language():
    counts = Counter(
        key
        for entries in glossary.concepts()
        for key in {(entry.language, entry.keys) for entry in entries}
    )
    assert [key for key, n in counts.items() if n > 1] == []


def test_a_phrase_matches_as_a_whole_and_in_its_order():
    assert "lukupiiri" in concept_of("book club", "en")
    assert "lukupiiri" not in concept_of("club book", "en")
    assert "lukupiiri" not in concept_of("book", "en")


def test_inflected_and_stemmed_words_match_entries():
    assert "book club" in concept_of("lukupiirissä", "fi")
    assert "lukupiiri" in concept_of("book clubs", "en")
    assert "sururyhmä" in concept_of("sorgegrupper", "sv")
    assert "ikäihminen" in concept_of("elderly", "en")


def test_each_word_of_a_phrase_gets_the_translation():
    queries = word_queries("swimming lessons for kids", "en")
    assert [q.word for q in queries] == ["swimming", "lessons", "kids"]
    swim, lessons, kids = (q.translated["fi"].terms["concepts_name"] for q in queries)
    school, child = (glossary.concept_term(number_of(t), "fi") for t in ("uimakoulu", "lapsi"))
    assert school in swim and school in lessons
    assert child in kids and school not in kids


def test_a_text_is_marked_with_the_concepts_it_says():
    from tarjotin.search.analysis import analyze

    said = glossary.concepts_said(analyze("Kuntosaliryhmä ikäihmisille", "fi").words, "fi")
    gym, older = (glossary.concept_term(number_of(t), "fi") for t in ("kuntosali", "ikäihminen"))
    assert gym in said and older in said  # a compound says its parts' concepts
    assert glossary.label(gym) == "kuntosali"


def test_an_unknown_language_gets_no_translations():
    assert all(not q.translated for q in word_queries("book club", "ar"))


@pytest.mark.django_db
def test_an_english_query_finds_services_described_only_in_finnish():
    result = search(SearchRequest(text="book club", language="en", limit=200, explain=True))
    languages = [set(hit.labels["name"]) for hit in result.hits]
    finnish_only = [i for i, names in enumerate(languages) if "fi" in names and "en" not in names]
    assert finnish_only
    first_finnish_only = finnish_only[0]
    # English first: no hit before it lacks English (a Swedish-only club may come anywhere).
    assert all("en" in names or "fi" not in names for names in languages[:first_finnish_only])
    finnish_only = result.hits[first_finnish_only]
    assert finnish_only.labels["name"]["fi"].startswith("Lukupiiri")
    vias = {m["via"] for w in finnish_only.explanation["words"] for m in w["matches"]}
    assert vias == {"translation"}


@pytest.mark.django_db
def test_swedish_everyday_words_find_finnish_services():
    result = search(SearchRequest(text="läxhjälp", language="sv", limit=50))
    assert result.hits
    assert all(hit.labels["name"]["fi"].startswith("Läksykerho") for hit in result.hits)


@pytest.mark.django_db
def test_a_text_in_more_languages_is_not_worth_more_to_a_finnish_query():
    """The Swedish and English words of "vesijumppa" are its alternative, not an addition."""
    finnish = {"fi": "Vesijumppa kuunvalossa"}
    three = {**finnish, "sv": "Vattengymnastik i månsken", "en": "Aqua aerobics by moonlight"}
    only_finnish = ServiceFactory(name=finnish, description={"fi": "Kuunvalo."})
    in_three = ServiceFactory(name=three, description={"fi": "Kuunvalo."})
    sync()
    ids = frozenset({str(only_finnish.id), str(in_three.id)})
    hits = search(SearchRequest(text="vesijumppa", only_ids=ids, facets=False)).hits
    scores = {hit.id: hit.score for hit in hits}
    assert scores[str(only_finnish.id)] == pytest.approx(scores[str(in_three.id)], rel=0.01)


@pytest.mark.django_db
def test_accents_are_optional():
    ServiceFactory(name={"fi": "Café Kuunsäde"}, description={"fi": "Kahvila."})
    sync()
    found = search(SearchRequest(text="cafe kuunsäde")).hits
    assert [h.labels["name"]["fi"] for h in found] == ["Café Kuunsäde"]


def test_a_query_is_translated_into_the_other_two_languages():
    assert set(word_queries("lukupiiri", "fi")[0].translated) == {"sv", "en"}
    assert set(word_queries("läscirkel", "sv")[0].translated) == {"fi", "en"}


@pytest.mark.django_db
def test_a_finnish_query_finds_a_service_described_only_in_swedish():
    only_swedish = ServiceFactory(
        name={"sv": "Bokcirkel på Norrbacka"}, description={"sv": "Vi läser och samtalar."}
    )
    sync()
    hits = search(SearchRequest(text="lukupiiri", limit=500, facets=False)).hits
    assert str(only_swedish.id) in [hit.id for hit in hits]
