"""Query words to tantivy queries: base forms, compound parts, roots, synonyms, spelling.

A query word matches through its lemmas in the service's name (weighted most), its categories
and target groups, its place names and its description, in every language, the user's language
weighted up; through Finnish roots and synonyms; and, for words Voikko does not know, through
spelling suggestions, fuzzy terms and character trigrams.
"""

import math
from dataclasses import dataclass, field

import tantivy

from tarjotin.search import analysis, glossary
from tarjotin.search.documents import LANGUAGES
from tarjotin.search.index import SCHEMA
from tarjotin.search.synonyms import expand

Occur = tantivy.Occur
WEIGHTS = {
    "prefix": 1.5,
    "part": 1.0,
    "one_part": 0.25,
    "name": 3.0,
    "category": 2.0,
    "place": 1.5,
    "body": 1.0,
    "root": 0.6,
    "synonym": 0.8,
    "suggestion": 0.5,
    "fuzzy": 0.6,
    "trigram": 0.15,
    "other_language": 0.5,
}


@dataclass
class WordQuery:
    word: str
    terms: dict[str, dict[str, float]]  # field -> term -> weight
    how: dict[str, str]  # term -> how it was found (lemma, root, synonym, suggestion)
    extra: list = field(default_factory=list)  # compound-part, fuzzy and trigram queries
    parts: set = field(default_factory=set)  # compound parts, for explanations
    # The word's glossary concept in the other languages' texts, by language: alternatives to
    # the word itself, of which the best counts (a text in several languages is not worth more).
    translated: dict = field(default_factory=dict)  # language -> WordQuery


# The languages a query's glossary phrases are translated into.
TRANSLATE_INTO = {"fi": ("sv", "en"), "sv": ("fi", "en"), "en": ("fi", "sv")}

# A compound's parts are searched only while the whole word is this rare (see _wants_parts).
PARTS_BELOW = 50


def word_queries(text: str, language: str, searcher=None) -> list[WordQuery]:
    """The words of ``text`` as queries; ``searcher`` tells how common each word is."""
    stop = analysis.STOPWORDS.get(language, set())
    kept = [word for word in analysis.words(text)[:12] if word not in stop]
    queries = []
    for word in kept:
        query = WordQuery(word, {}, {})
        for lang in LANGUAGES:
            factor = 1.0 if lang == language else WEIGHTS["other_language"]
            _add_language(query, word, lang, factor, searcher)
        queries.append(query)
    if language in TRANSLATE_INTO:
        _add_glossary(queries, language)
    return [query for query in queries if query.terms or query.translated]


def _add_glossary(queries: list[WordQuery], language: str) -> None:
    """A phrase of the glossary also finds the services whose texts in the other languages say
    its concept (marked when indexed, one term per concept and language), as much as
    other-language matches weigh: each word of the phrase gets it, so that "book club" (both
    words needed) finds "Lukupiiri". (Words of the same language are the synonym list's
    business: the glossary's would widen each word of a phrase to the whole concept.)"""
    keys = [glossary.word_keys(query.word, language) for query in queries]
    for match in glossary.matches(keys, language):
        for query in queries[match.start : match.end]:
            for lang in TRANSLATE_INTO[language]:
                translated = query.translated.setdefault(lang, WordQuery(query.word, {}, {}))
                term = glossary.concept_term(match.concept, lang)
                for field_name, weight in (("concepts_name", "name"), ("concepts_body", "body")):
                    factor = WEIGHTS[weight] * WEIGHTS["other_language"]
                    _add(translated, field_name, term, factor, "translation")


def _wants_parts(analyzed, lang: str, searcher) -> bool:
    """Whether to search a compound through its parts too ("stressin hallinta" for
    "stressinhallinta", "lintu" for "lintuharrastus"): only while services seldom use the
    whole word. Where they often do, the parts add little but noise, and they are costly:
    common parts ("ikä", "ryhmä") widen every search that holds them."""
    return searcher is None or word_uses(searcher, analyzed.lemmas, lang) < PARTS_BELOW


def word_uses(searcher, lemmas, lang: str) -> int:
    """About how many services use one of these base forms in a name or a description."""
    counts = [searcher.doc_freq(f"{k}_{lang}", lemma) for lemma in lemmas for k in ("name", "body")]
    return max(counts, default=0)


def _add(query: WordQuery, field_name: str, term: str, weight: float, how: str) -> None:
    bucket = query.terms.setdefault(field_name, {})
    if weight > bucket.get(term, 0):
        bucket[term] = weight
        query.how.setdefault(term, how)


def _add_language(query: WordQuery, word: str, lang: str, factor: float, searcher) -> None:
    analyzed = analysis.finnish_word(word) if lang == "fi" else analysis.stemmed_word(word, lang)
    lemmas = set(analyzed.lemmas)
    for term in lemmas:
        _add(query, f"name_{lang}", term, WEIGHTS["name"] * factor, "lemma")
        _add(query, f"body_{lang}", term, WEIGHTS["body"] * factor, "lemma")
        _add(query, "category", term, WEIGHTS["category"] * factor, "lemma")
        _add(query, "place", term, WEIGHTS["place"] * factor, "lemma")
    compound = bool(analyzed.heads and len(analyzed.heads) > 1)
    by_parts = compound and _wants_parts(analyzed, lang, searcher)
    if by_parts:
        _add_parts(query, analyzed.heads, lang, factor)
    if not compound:  # a compound's parts' roots mislead
        for term in analyzed.roots:
            _add(query, "roots", term, WEIGHTS["root"] * factor, "root")
    # A common compound is a word of its own: its parts' roots would lead the synonyms astray
    # (a "kävelykaveri", walking buddy, is no "sauvakävely", Nordic walking).
    sources = lemmas if compound and not by_parts else lemmas | set(analyzed.roots)
    for term in expand(sources, lang):
        for field_name in (f"name_{lang}", "category"):
            weight = WEIGHTS["synonym"] * WEIGHTS["name"] * factor
            _add(query, field_name, term, weight, "synonym")
        _add(query, f"body_{lang}", term, WEIGHTS["synonym"] * factor, "synonym")
    if lang == "fi" and not analyzed.known and len(word) >= 4 and factor == 1.0:
        _add_unknown_word(query, word, searcher)
    if lang != "fi" and factor == 1.0:
        for stem in lemmas:
            _add_prefix(query, stem, lang, factor)


def _add_parts(query: WordQuery, heads, lang: str, factor: float) -> None:
    """All parts together weigh much. One part alone weighs a little, and only a modifier:
    "lintuharrastus" may find "lintu", but "sururyhmä" must not find every "ryhmä"."""
    query.extra.append(_all_parts_clause(heads, lang, factor))
    query.parts.update(t for head in heads for t in head)
    for term in query.parts:
        query.how.setdefault(term, "compound part")
    for term in {t for head in heads[:-1] for t in head}:
        for field_name, weight in ((f"name_{lang}", WEIGHTS["name"]), (f"body_{lang}", 1.0)):
            _add(query, field_name, term, weight * WEIGHTS["one_part"] * factor, "compound part")


def _all_parts_clause(heads, lang: str, factor: float) -> tantivy.Query:
    """Every part of a compound somewhere in the text: "stressinhallinta" ~ "stressin hallinta"."""
    fields = ((f"name_{lang}", WEIGHTS["name"]), (f"body_{lang}", WEIGHTS["body"]))
    musts = []
    for alternatives in heads:
        shoulds = [
            (Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(SCHEMA, f, t), w))
            for t in alternatives
            for f, w in fields
        ]
        musts.append((Occur.Must, tantivy.Query.boolean_query(shoulds)))
    return tantivy.Query.boost_query(tantivy.Query.boolean_query(musts), WEIGHTS["part"] * factor)


def _add_prefix(query: WordQuery, stem: str, lang: str, factor: float) -> None:
    """Swedish and English compounds are not split: a stem also matches as a word's beginning."""
    if len(stem) >= 5 and stem.isalpha():
        prefix = tantivy.Query.regex_query(SCHEMA, f"name_{lang}", f"{stem}.+")
        query.extra.append(tantivy.Query.boost_query(prefix, WEIGHTS["prefix"] * factor))


def _add_unknown_word(query: WordQuery, word: str, searcher) -> None:
    """A name or a typo: spelling suggestions and fuzzy terms of the name fields, and, only if
    those find nothing, character trigrams (costly: common trigrams are in most names)."""
    for suggestion in analysis.suggestions(word):
        for term in analysis.finnish_word(suggestion).lemmas[:1]:
            _add(query, "name_fi", term, WEIGHTS["suggestion"] * WEIGHTS["name"], "suggestion")
            _add(query, "body_fi", term, WEIGHTS["suggestion"], "suggestion")
    distance = 1 if len(word) <= 5 else 2
    fuzzy = []
    for field_name in ("name_fi", "name_sv", "name_en"):
        term = tantivy.Query.fuzzy_term_query(SCHEMA, field_name, word, distance=distance)
        fuzzy.append(tantivy.Query.boost_query(term, WEIGHTS["fuzzy"] * WEIGHTS["name"]))
    query.extra += fuzzy
    grams = analysis.trigrams(word)
    if grams and (searcher is None or not _finds_any(searcher, word_clause(query))):
        clauses = [(Occur.Should, tantivy.Query.term_query(SCHEMA, "grams", g)) for g in grams]
        needed = max(1, math.ceil(len(grams) * 0.6))
        trigram = tantivy.Query.boolean_query(clauses, minimum_number_should_match=needed)
        query.extra.append(tantivy.Query.boost_query(trigram, WEIGHTS["trigram"] * len(grams)))


def _finds_any(searcher, query) -> bool:
    return searcher.search(query, 1, count=False).hits != []


def word_clause(query: WordQuery) -> tantivy.Query:
    """The word's terms and extra queries, any of them; or a translation, whichever is best."""
    clauses = []
    for field_name, terms in query.terms.items():
        for term, weight in terms.items():
            clauses.append(
                (
                    Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.term_query(SCHEMA, field_name, term), weight
                    ),
                )
            )
    clauses += [(Occur.Should, extra) for extra in query.extra]
    own = tantivy.Query.boolean_query(clauses)
    if not query.translated:
        return own
    translations = [word_clause(t) for t in query.translated.values()]
    return tantivy.Query.disjunction_max_query([own, *translations])
