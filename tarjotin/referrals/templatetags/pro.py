from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tarjotin.referrals.guides import text
from tarjotin.staff import roles

register = template.Library()


@register.filter
def in_language(texts: dict) -> str:
    """A guide's text (a {language: text} dict) in the page's language, else in Finnish."""
    return text(texts, get_language())


@register.filter
def choice_name(choice) -> str:
    """A chosen service's name as it was when chosen, in the page's language."""
    return choice.text(get_language())


@register.simple_tag(takes_context=True)
def picked_count(context) -> int:
    """How many services the professional has picked with the client (kept in the session)."""
    request = context.get("request")
    return len(request.session.get("pro_picked", [])) if request else 0


FIELD_NAMES = {
    "name": _("name"),
    "description": _("description"),
    "category or target group": _("category or target group"),
    "place": _("place"),
    "word root": _("word root"),
}
HOW_NAMES = {
    "lemma": _("base form"),
    "compound part": _("part of a compound"),
    "root": _("word root"),
    "synonym": _("synonym"),
    "translation": _("translation"),
    "suggestion": _("spelling"),
}


@register.filter
def why_lines(explanation: dict) -> list[dict]:
    """The search explanation in words a professional reads: per query word, the fields it
    matched and through what (base form, compound part, synonym, translation, spelling)."""
    lines = []
    for word in explanation.get("words", []):
        fields: dict[str, set[str]] = {}
        for match in word["matches"]:
            field = FIELD_NAMES.get(match.get("field"), match.get("field") or "")
            how = HOW_NAMES.get(match["via"], _("spelling"))
            fields.setdefault(str(field), set()).add(str(how))
        lines.append({"word": word["word"],
                      "fields": [(f, sorted(h)) for f, h in sorted(fields.items())]})  # fmt: skip
    return lines


@register.simple_tag(takes_context=True)
def sees_indicators(context) -> bool:
    request = context.get("request")
    return bool(request and roles.may_see_indicators(request.user))
