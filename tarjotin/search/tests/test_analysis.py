"""Finnish inflection, compounds, roots and typos; Swedish and English stems; synonyms."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjotin.search.analysis import analyze, finnish_word, suggestions, trigrams, words
from tarjotin.search.synonyms import expand


def terms(text: str, language: str = "fi") -> set[str]:
    analyzed = analyze(text, language)
    return set(analyzed.lemmas()) | set(analyzed.roots())


def test_inflected_forms_reduce_to_the_base_form():
    assert "lapsi" in terms("lapsille")
    assert "uimahalli" in terms("uimahallissa")
    assert "kuntosali" in terms("kuntosalilla")
    assert "ikäihminen" in terms("ikäihmisten")
    assert "kallio" in terms("Kalliossa")


def test_compounds_are_indexed_whole_and_as_parts():
    assert {"liikuntaryhmä", "liikunta", "ryhmä"} <= terms("liikuntaryhmille")
    assert {"uimahalli", "halli"} <= terms("uimahallissa")
    assert {"kuntosaliohjaaja", "kunto", "sali", "ohjaaja"} <= terms("kuntosaliohjaajalle")


def test_derivations_share_a_root_so_uinti_meets_uimahalli():
    assert "uida" in finnish_word("uinti").roots
    assert "uida" in finnish_word("uimahallissa").roots
    assert "liikkua" in finnish_word("liikuntaryhmille").roots


def test_parts_are_kept_apart_from_whole_word_lemmas():
    word = finnish_word("liikuntaryhmille")
    assert word.lemmas == ("liikuntaryhmä",)
    assert set(word.parts) == {"liikunta", "ryhmä"}


def test_unknown_words_are_stemmed_and_marked_for_spelling_help():
    typo = finnish_word("kuntosli")
    assert not typo.known and typo.lemmas
    assert "kuntosali" in suggestions("kuntosli")
    assert "_ku" in trigrams("kuntosli")


def test_swedish_and_english_are_stemmed():
    assert {"simhall", "äldr"} <= terms("simhallen för äldre", "sv")
    assert {"swim", "children"} <= terms("swimming for children", "en")


def test_stopwords_are_dropped_but_kept_on_request():
    assert [w.word for w in analyze("uinti ja jumppa", "fi").words] == ["uinti", "jumppa"]
    assert len(analyze("uinti ja jumppa", "fi", keep_stopwords=True).words) == 3


def test_synonyms_from_the_data_file():
    assert "voimistelu" in expand({"jumppa"}, "fi")
    assert "salibandy" in expand({"sähly"}, "fi")
    assert {"seniori", "eläkeläinen"} <= expand({"ikäihminen"}, "fi")
    assert "kotoutuja" in expand({"maahanmuuttaja"}, "fi")
    assert "pensionär" in expand({"äldr"}, "sv")
    assert expand({"banaani"}, "fi") == set()


def test_odd_text_gives_words_without_punctuation_or_controls():
    assert words("  UINTI!!! <b>lapsille</b>; DROP TABLE services;--") == [
        "uinti", "b", "lapsille", "b", "drop", "table", "services"
    ]  # fmt: skip
    assert words("jumppa\u200b\u0000ikä") == ["jumppaikä"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_analyzes_to_clean_terms(text):
    for language in ("fi", "sv", "en"):
        analyzed = analyze(text, language)
        for term in analyzed.lemmas() + analyzed.roots():
            assert term and term == term.strip() and " " not in term
            assert len(term) <= 200


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_lowercase + "äöå", min_size=1, max_size=30))
def test_analysis_is_deterministic(word):
    assert analyze(word, "fi") == analyze(word, "fi")


def test_synonym_file_is_well_formed():
    import json

    from tarjotin.search.synonyms import SYNONYM_FILE

    data = json.loads(SYNONYM_FILE.read_text(encoding="utf-8"))
    for language in ("fi", "sv", "en"):
        for group in data[language]:
            assert len(group) >= 2, group
            assert all(entry == entry.lower() and " " not in entry for entry in group), group


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=100))
def test_normalize_drops_controls_and_formats_only(text):
    import unicodedata

    from tarjotin.search.analysis import normalize

    expected = "".join(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if unicodedata.category(ch)[0] != "C" or ch in "\n\t"
    ).lower()
    assert normalize(text) == expected
