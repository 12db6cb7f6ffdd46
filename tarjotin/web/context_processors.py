from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from tarjotin.search.documents import PROFILES
from tarjotin.search.params import profile_label
from tarjotin.web import my_list

PROFILE_COOKIE = "tarjotin_profile"


def access_profile(request) -> str | None:
    """The accessibility profile the resident chose once (a cookie), if any."""
    profile = request.COOKIES.get(PROFILE_COOKIE)
    return profile if profile in PROFILES else None


def site(request):
    """Language switch links that keep the page and its search, list size, access profile."""
    path = request.get_full_path()
    profile = access_profile(request) or ""
    return {
        "language_links": [
            (code, name, translate_url(path, code))
            for code, name in settings.LANGUAGES
            if code != get_language()
        ],
        "list_size": len(my_list.read(request)),
        "sso_enabled": settings.OIDC_ENABLED,
        "access_profile": profile,
        "access_profile_label": profile_label(profile) if profile else "",
    }
