"""Error reports keep the reporter's e-mail and words only as long as they are needed
(security audit #22): after ERROR_REPORT_DAYS both are blanked; the report (which service,
when, its status) stays for the data owner's counts."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from tarjotin.publishing.models import AccessRequest, ErrorReport


def forget_access_requests(now: dt.datetime | None = None) -> int:
    """A request keeps the requester's e-mail until answered, and at most ACCESS_REQUEST_DAYS."""
    now = now or timezone.now()
    answered = AccessRequest.objects.exclude(handled_at=None)
    old = AccessRequest.objects.filter(
        created_at__lt=now - dt.timedelta(days=settings.ACCESS_REQUEST_DAYS)
    )
    return (answered | old).delete()[0]


def forget_error_reports(now: dt.datetime | None = None) -> int:
    limit = (now or timezone.now()) - dt.timedelta(days=settings.ERROR_REPORT_DAYS)
    old = ErrorReport.objects.filter(created_at__lt=limit).exclude(message="", reply_email="")
    return old.update(message="", reply_email="")
