"""Text analysis: words to the terms that are indexed and searched.

Finnish goes through Voikko (libvoikko + voikko-fi): each word becomes its base forms
("uimahallissa" -> "uimahalli"), the base forms of its compound parts ("uima"/"uida", "halli")
and, as weaker *root* terms, the roots its derivations come from ("uinti" -> "uida"), so that
"uinti" finds "uimahalli" and "liikuntaryhmille" finds "liikunta" and "ryhmä". Swedish and
English go through Snowball stemmers. A word that Voikko does not know (a name, a typo) is
stemmed and marked unknown, so that the query side can add spelling suggestions, fuzzy
matches and character trigrams for it.

Analysis of one word form is cached: texts repeat their words, and Voikko takes ~16 µs a word.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

MAX_WORD_LENGTH = 60
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# Accents that people type or leave out at will ("café" ~ "cafe"); å, ä, ö and ü are letters of
# their own in Finnish and Swedish and stay, as do š and ž of Finnish loanwords.
ACCENT_FOLD = str.maketrans("áàâãéèêëíìîïóòôõúùûýÿçñ", "aaaaeeeeiiiioooouuuyycn")
STOPWORDS = {
    "fi": {"ja", "tai", "sekä", "on", "ovat", "ei", "että", "kuin", "myös", "se", "ne", "jos",
           "kun", "joka", "jotka", "tämä", "mutta", "vai", "klo", "ym", "mm"},
    "sv": {"och", "eller", "i", "på", "för", "till", "med", "av", "en", "ett", "det", "den",
           "som", "är", "att", "om", "kl"},
    "en": {"and", "or", "the", "a", "an", "in", "on", "for", "to", "of", "with", "at", "is",
           "are", "by", "from"},
}  # fmt: skip
SNOWBALL_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}


@dataclass(frozen=True)
class WordTerms:
    """What one word contributes: strong terms, weak root terms, and whether it was known."""

    word: str
    lemmas: tuple[str, ...]
    roots: tuple[str, ...] = ()
    known: bool = True
    parts: tuple[str, ...] = ()  # base forms of compound parts (indexed with the lemmas)
    heads: tuple[tuple[str, ...], ...] = ()  # each compound part's base forms, in order


@dataclass
class AnalyzedText:
    words: list[WordTerms] = field(default_factory=list)

    def lemmas(self) -> list[str]:
        """Base forms and compound parts: what a text is indexed with."""
        return [term for word in self.words for term in (*word.lemmas, *word.parts)]

    def roots(self) -> list[str]:
        return [term for word in self.words for term in word.roots]


def normalize(text: str) -> str:
    """NFC, lower case, and no control or format characters."""
    text = unicodedata.normalize("NFC", text)
    if text.replace("\n", " ").replace("\t", " ").isprintable():  # the usual case, fast
        return text.lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t").lower()


def words(text: str) -> list[str]:
    return [w[:MAX_WORD_LENGTH] for w in WORD_RE.findall(normalize(text).translate(ACCENT_FOLD))]


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(SNOWBALL_NAMES.get(language, "english"))


class _Voikko:
    """One libvoikko handle per process, used under a lock (libvoikko is not thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._handle = None

    def analyze(self, word: str) -> list[dict]:
        with self._lock:
            if self._handle is None:
                from libvoikko import Voikko

                self._handle = Voikko("fi")
            return self._handle.analyze(word)

    def suggest(self, word: str) -> list[str]:
        with self._lock:
            if self._handle is None:
                from libvoikko import Voikko

                self._handle = Voikko("fi")
            return self._handle.suggest(word)


VOIKKO = _Voikko()


@lru_cache(maxsize=300_000)
def finnish_word(word: str) -> WordTerms:
    analyses = VOIKKO.analyze(word) if word.isalpha() else []
    if not analyses:
        return WordTerms(
            word, (_stemmer("fi").stemWord(word),) if word.isalpha() else (word,), (), False
        )
    lemmas, parts, roots, heads = [], [], [], ()
    for analysis in analyses:
        base = analysis.get("BASEFORM", word).lower()
        lemmas.append(base)
        compound_parts, part_roots = _compound_parts(word, base, analysis.get("STRUCTURE", ""))
        parts += compound_parts
        if compound_parts and not heads:
            heads = _heads(word, base, analysis.get("STRUCTURE", ""))
        roots += part_roots + _word_bases(analysis.get("WORDBASES", ""))
    lemmas = list(dict.fromkeys(lemmas))
    parts = [p for p in dict.fromkeys(parts) if p not in lemmas]
    roots = [r for r in dict.fromkeys(roots) if r not in lemmas and r not in parts]
    return WordTerms(word, tuple(lemmas), tuple(roots), True, tuple(parts), heads)


def _compound_parts(word: str, base: str, structure: str) -> tuple[list[str], list[str]]:
    """Base forms of a compound's parts ("liikuntaryhmille" -> liikunta, ryhmä), and their roots."""
    surface_parts, current = [], ""
    letters = iter(word)
    for mark in structure[1:]:
        if mark == "=":
            surface_parts.append(current)
            current = ""
        else:
            current += next(letters, "")
    surface_parts.append(current)
    if len(surface_parts) < 2:
        return [], []
    parts, roots = [], []
    for part in surface_parts[:-1]:
        bases, part_roots = _part_bases(part)
        parts += bases
        roots += part_roots
    prefix = "".join(surface_parts[:-1])
    if base.startswith(prefix) and len(base) > len(prefix):
        last_bases = [base[len(prefix) :]]
    else:
        last = surface_parts[-1]
        last_bases = [a.get("BASEFORM", last).lower() for a in VOIKKO.analyze(last)] or [last]
    parts += last_bases
    # Neighbouring parts joined, so "painonhallintaryhmä" also holds "painonhallinta".
    if len(surface_parts) > 2:
        parts += [a + b for a, b in zip(surface_parts[:-2], surface_parts[1:-1], strict=True)]
        parts += [surface_parts[-2] + b for b in last_bases]
    return [p for p in parts if len(p) > 1], roots


def _heads(word: str, base: str, structure: str) -> tuple[tuple[str, ...], ...]:
    """Base forms of each compound part: liikuntaryhmille -> ((liikunta,), (ryhmä,))."""
    boundaries = [i - n for n, i in enumerate(j for j, mark in enumerate(structure) if mark == "=")]
    cuts = [b for b in boundaries if 0 < b < len(word)]
    pieces = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    if len(pieces) < 2:
        return ()
    heads = [tuple(_part_bases(piece)[0]) for piece in pieces[:-1]]
    prefix = "".join(pieces[:-1])
    heads.append((base[len(prefix) :] if base.startswith(prefix) else pieces[-1],))
    return tuple(h for h in heads if all(len(b) > 1 for b in h))


def _part_bases(part: str) -> tuple[list[str], list[str]]:
    """Base forms and roots of a compound's leading part ("uima" -> uima; root uida)."""
    analyses = VOIKKO.analyze(part)
    if not analyses:  # a bound form such as "mielen": try it inflected
        ending = "ssa" if any(vowel in part for vowel in "aou") else "ssä"
        analyses = VOIKKO.analyze(part + ending)
    bases = [a.get("BASEFORM", part).lower() for a in analyses]
    roots = [r for a in analyses for r in _word_bases(a.get("WORDBASES", ""))]
    return list(dict.fromkeys([part, *bases])), roots


def _word_bases(wordbases: str) -> list[str]:
    """Roots from Voikko's WORDBASES: "+ui(uida)+n+ti(+ti)" -> uida."""
    roots = []
    for base in re.findall(r"\(([^)]*)\)", wordbases):
        if base and not base.startswith("+"):
            roots += [b.lower() for b in base.split("=") if len(b) > 1]
    return roots


@lru_cache(maxsize=100_000)
def stemmed_word(word: str, language: str) -> WordTerms:
    return WordTerms(word, (_stemmer(language).stemWord(word),))


def analyze(text: str, language: str, keep_stopwords: bool = False) -> AnalyzedText:
    """The terms of ``text`` as written in ``language`` (fi, sv, en; others are stemmed as en)."""
    stop = set() if keep_stopwords else STOPWORDS.get(language, set())
    result = AnalyzedText()
    for word in words(text):
        if word in stop:
            continue
        result.words.append(
            finnish_word(word) if language == "fi" else stemmed_word(word, language)
        )
    return result


@lru_cache(maxsize=10_000)
def suggestions(word: str, limit: int = 3) -> tuple[str, ...]:
    """Voikko's spelling suggestions for an unknown Finnish word."""
    if not word.isalpha() or len(word) < 4:
        return ()
    return tuple(s.lower() for s in VOIKKO.suggest(word)[:limit])


def trigrams(word: str) -> list[str]:
    padded = f"_{word}_"
    return [padded[i : i + 3] for i in range(len(padded) - 2)] if len(word) > 2 else []
