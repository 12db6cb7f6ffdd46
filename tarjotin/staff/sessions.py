"""Staff sessions end after a while without use and a working day after login (ASVS 3.3.1–3.3.2).

A shared workstation in a health centre is the case: the next person must not find a referral
open. Only signed-in people have sessions here; residents' lists and settings live in cookies of
their own.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

STARTED, SEEN = "staff_session_started", "staff_session_seen"
SEEN_WRITE_EVERY = 60  # seconds: the last-seen time is written at most this often


class StaffSessionTimeout:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request, int(time.time()))
        return self.get_response(request)

    @staticmethod
    def _check(request, now: int) -> None:
        session = request.session
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
        if now - seen > idle or now - started > settings.STAFF_SESSION_MAX_HOURS * 3600:
            logout(request)
            messages.info(request, _("You were logged out because the session had ended. "
                                     "Log in again."))  # fmt: skip
        elif SEEN not in session or now - seen >= SEEN_WRITE_EVERY:
            session[SEEN] = now
