from django import template
from django.utils.translation import get_language

from tarjotin.referrals.guides import text

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
