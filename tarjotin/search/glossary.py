"""The cross-language glossary (data/glossary.json) as phrase lookups.

Most services are described only in Finnish, so a query in Swedish or English ("book club")
must also find the services whose Finnish text says the same concept ("lukupiiri"). A concept
lists its everyday words and phrases per language; a run of words (a query's or a service
text's) says an entry when its words have the entry's base forms (Finnish) or stems (Swedish,
English) in the same order. Service texts are marked with the concepts they say when indexed
(``concepts_said``); a query's phrases are looked up with ``matches``.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tarjotin.search import analysis

GLOSSARY_FILE = Path(__file__).parent / "data" / "glossary.json"
LANGUAGES = ("fi", "sv", "en")

Keys = tuple[frozenset[str], ...]  # per word of a phrase: its base forms or stem


@dataclass(frozen=True)
class Entry:
    language: str
    text: str
    keys: Keys


@dataclass(frozen=True)
class Match:
    """Query words ``start``..``end`` (exclusive) said one of the entries of concept number
    ``concept``."""

    concept: int
    start: int
    end: int


def word_keys(word: str, language: str) -> frozenset[str]:
    """What a word is compared by: the same terms the index holds for it."""
    if language == "fi":
        return frozenset(analysis.finnish_word(word).lemmas)
    return frozenset(analysis.stemmed_word(word, language).lemmas)


def phrase_keys(text: str, language: str) -> Keys:
    stop = analysis.STOPWORDS.get(language, set())
    return tuple(word_keys(w, language) for w in analysis.words(text) if w not in stop)


@cache
def concepts() -> tuple[tuple[Entry, ...], ...]:
    data = json.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))
    result = []
    for concept in data["concepts"]:
        entries = tuple(
            Entry(lang, text, keys)
            for lang in LANGUAGES
            for text in concept.get(lang, [])
            if (keys := phrase_keys(text, lang)) and all(keys)
        )
        result.append(entries)
    return tuple(result)


@cache
def _by_first_key(language: str) -> dict[str, list[tuple[int, Entry]]]:
    """Entries of ``language`` by each base form of their first word, with their concept."""
    lookup: dict[str, list[tuple[int, Entry]]] = {}
    for number, entries in enumerate(concepts()):
        for entry in entries:
            if entry.language == language:
                for key in entry.keys[0]:
                    lookup.setdefault(key, []).append((number, entry))
    return lookup


def matches(query_keys: list[frozenset[str]], language: str) -> list[Match]:
    """Every concept that a run of the words says in ``language``, by its longest entry there."""
    lookup = _by_first_key(language)
    found: dict[tuple[int, int], int] = {}  # (concept, start) -> end
    for start, keys in enumerate(query_keys):
        for key in keys:
            for number, entry in lookup.get(key, ()):
                end = start + len(entry.keys)
                if end <= len(query_keys) and all(
                    entry.keys[i] & query_keys[start + i] for i in range(len(entry.keys))
                ):
                    found[(number, start)] = max(end, found.get((number, start), 0))
    return [Match(number, start, end) for (number, start), end in found.items()]


def concept_term(number: int, language: str) -> str:
    """The index term of "this service's text in ``language`` says concept ``number``"."""
    return f"c{number}_{language}"


def concepts_said(words, language: str) -> list[str]:
    """The concepts an analyzed text says, as index terms. A word is compared by every term the
    index holds for it, compound parts included ("kuntosaliryhmä" says "kuntosali")."""
    keys = [frozenset((*word.lemmas, *word.parts)) for word in words]
    return sorted({concept_term(match.concept, language) for match in matches(keys, language)})


def label(term: str) -> str:
    """A concept term in words: the concept's first entry in the term's language."""
    number, language = term[1:].split("_")
    entries = [e.text for e in concepts()[int(number)] if e.language == language]
    return entries[0] if entries else term
