"""Login throttling for staff accounts: after repeated failures for one account or from one
address, the login form refuses for a while (counted in the node's cache, not stored)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tarjotin.ratelimit import client_address, count, pseudonym


def _keys(request, username: str) -> list[str]:
    return [
        f"login:user:{pseudonym(username.lower())}",
        f"login:ip:{pseudonym(client_address(request))}",
    ]


class ThrottledAuthenticationForm(AuthenticationForm):
    throttled_message = ""
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed logins. Try again in %(minutes)s minutes."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = _keys(self.request, username) if self.request else []
        limit, seconds = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_SECONDS
        if any((cache.get(key) or 0) >= limit for key in keys):
            self.throttled_message = self.error_messages["throttled"] % {"minutes": seconds // 60}
            raise ValidationError(self.throttled_message, code="throttled")
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                count(key, seconds)
            raise
