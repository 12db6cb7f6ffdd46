"""Login throttling for every password login (the staff login page and Django's admin).

Failures are counted per account *and* address pair (the django-axes way): five wrong passwords
lock that pair for a while, so guessing one account from one place stops, but nobody can lock
out a named colleague from elsewhere, and one wrong-typing user behind a county's shared address
does not lock out the others (security audit #3, #4). An address that fails against many
accounts (password spraying) is refused after LOGIN_ADDRESS_FAILURE_LIMIT failures. Counters
live in the node's cache under keyed hashes, not stored.
"""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tarjotin.ratelimit import client_address, count, pseudonym


def _keys(request, username: str) -> dict[str, int]:
    """Counter key → its limit."""
    address = client_address(request)
    return {
        f"login:pair:{pseudonym(username.lower() + '|' + address)}": settings.LOGIN_FAILURE_LIMIT,
        f"login:ip:{pseudonym(address)}": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
    }


class ThrottledLogin:
    """Mixed into an authentication form: refuse while a counter is over its limit."""

    throttled_message = ""
    throttle_messages = {
        "throttled": _("Too many failed logins. Try again in %(minutes)s minutes."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = _keys(self.request, username) if self.request else {}
        seconds = settings.LOGIN_LOCKOUT_SECONDS
        if any((cache.get(key) or 0) >= limit for key, limit in keys.items()):
            self.throttled_message = self.throttle_messages["throttled"] % {
                "minutes": seconds // 60
            }
            raise ValidationError(self.throttled_message, code="throttled")
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                count(key, seconds)
            raise


class ThrottledAuthenticationForm(ThrottledLogin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLogin, AdminAuthenticationForm):
    pass
