"""The search explanation in the professional's words."""

from django.utils import translation

from tarjotin.referrals.templatetags.pro import why_lines


def test_each_way_of_matching_is_named_in_the_users_language():
    explanation = {
        "words": [
            {"word": "book", "matches": [
                {"field": "name", "language": "fi", "term": "lukupiiri", "via": "translation"},
                {"field": "description", "language": "fi", "term": "kirja", "via": "lemma"},
            ]},
            {"word": "kuntosli", "matches": [{"via": "spelling (fuzzy or trigram match)"}]},
        ]
    }  # fmt: skip
    with translation.override("fi"):
        lines = why_lines(explanation)
    assert lines[0]["fields"] == [("kuvaus", ["perusmuoto"]), ("nimi", ["käännös"])]
    assert lines[1]["fields"] == [("", ["kirjoitusasu"])]
