"""The synonym and everyday-word list (data/synonyms.json), as lookups from a term to its group."""

import json
from functools import cache
from pathlib import Path

from tarjotin.search.analysis import analyze

SYNONYM_FILE = Path(__file__).parent / "data" / "synonyms.json"


@cache
def synonym_groups(language: str) -> dict[str, frozenset[str]]:
    """term -> every term of its group(s), the term itself included.

    Finnish entries are base forms; they are analyzed like text so that compound entries also
    reach their parts' lemma. Swedish and English entries are stems already.
    """
    groups = json.loads(SYNONYM_FILE.read_text(encoding="utf-8")).get(language, [])
    lookup: dict[str, set[str]] = {}
    for group in groups:
        terms = set()
        for entry in group:
            if language == "fi":
                analyzed = analyze(entry, "fi", keep_stopwords=True).words
                terms.add(entry)
                terms.update(analyzed[0].lemmas[:1] if analyzed else ())
            else:
                terms.add(entry)
        for term in terms:
            lookup.setdefault(term, set()).update(terms)
    return {term: frozenset(group) for term, group in lookup.items()}


def expand(terms, language: str) -> set[str]:
    """Terms of the synonym groups that ``terms`` belong to, without ``terms`` themselves."""
    groups = synonym_groups(language)
    found = set()
    for term in terms:
        found |= groups.get(term, frozenset())
    return found - set(terms)
