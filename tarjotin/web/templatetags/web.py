from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tarjotin.catalogue.texts import language_name
from tarjotin.web.search_page import without

register = template.Library()


@register.simple_tag
def shown(text, note: bool = True):
    """A catalogue text with ``lang`` when it is not in the page's language, and a note
    "(in Finnish)" when it is shown in another language because ours is missing."""
    if text is None:
        return ""
    if text.lang == get_language():
        return text.text
    if text.fallback and note:
        return format_html(
            '<span lang="{}">{}</span> <span class="fallback">({})</span>',
            text.lang,
            text.text,
            _("only in %(language)s") % {"language": language_name(text.lang)},
        )
    return format_html('<span lang="{}">{}</span>', text.lang, text.text)


@register.simple_tag
def query_with(query, **changes):
    """The query string with some parameters replaced (None removes one)."""
    items = [(k, v) for k, values in query.lists() if k not in changes for v in values]
    items += [(k, v) for k, v in changes.items() if v not in (None, "")]
    return "?" + urlencode(items)


@register.simple_tag
def card_key(card, profile) -> str:
    """What a rendered card depends on beyond the service as indexed: the reader's language,
    access profile and distance, and the day ("today", "tomorrow"). Empty: not to be kept."""
    if not card.version:
        return ""
    distance_m = round(card.distance_m) if card.distance_m is not None else ""
    opening = card.next_opening.starts.isoformat() if card.next_opening else ""
    parts = (card.id, card.version, get_language(), profile or "", distance_m, opening,
             timezone.localdate().isoformat())  # fmt: skip
    return ":".join(str(part) for part in parts)


@register.filter
def distance(meters):
    if meters is None:
        return ""
    if meters < 1000:
        return _("%(meters)s m") % {"meters": int(round(meters, -1))}
    return _("%(km)s km") % {"km": f"{meters / 1000:.1f}".replace(".", ",")}


@register.filter
def opening(value):
    """ "Wed 26.11. 17.30–18.30" in the page's language."""
    if value is None:
        return ""
    starts = localtime(value.starts)
    text = date_format(starts, "D j.n. H.i")
    if value.ends:
        text += "–" + date_format(localtime(value.ends), "H.i")
    return text


@register.filter
def translated(record, field_name: str):
    """A translated field of a model record in the page's language (with fallback)."""
    return record.text(field_name, get_language()) or ""


@register.filter
def access(card, profile):
    return card.access(profile)


@register.filter
def without_param(query, parameter: str):
    return without(query, parameter)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
