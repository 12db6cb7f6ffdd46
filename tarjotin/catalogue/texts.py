"""Picking a text in the reader's language: the one home for it (pages, API, mail, exports).

Multilingual fields are dicts {language: text}. A page asks for its language and falls back
to the content fallback order (Finnish, Swedish, English), then to any language; ``pick`` also
tells which language it gave, so a page can mark "only in Finnish" and set ``lang``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info


@dataclass(frozen=True)
class Text:
    """A text and the language it is in; ``fallback`` when that is not the wanted language."""

    text: str
    lang: str
    fallback: bool

    def __str__(self):
        return self.text


def pick(value: dict | None, language: str) -> Text | None:
    if not value:
        return None
    if value.get(language):
        return Text(value[language], language, False)
    for lang in (*settings.CONTENT_FALLBACK, *value):
        if value.get(lang):
            return Text(value[lang], lang, True)
    return None


def pick_translation(value: dict | None, language: str) -> str | None:
    """The text in ``language``, else in the fallback languages, else in any language."""
    if not value:
        return None
    if language in value:
        return value[language]
    for fallback in settings.CONTENT_FALLBACK:
        if fallback in value:
            return value[fallback]
    return next(iter(value.values()))


def language_name(code: str) -> str:
    """The name of a language in the interface language ("ruotsi", "Swedish")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
