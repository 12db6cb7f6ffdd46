"""Emails to data owners, from templates, in each recipient's language (console in development,
SMTP in production: Django's EMAIL_BACKEND). A resident's message is forwarded; nothing here
logs it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _send(template: str, to: list[str], language: str, context: dict) -> None:
    if not to:
        return
    with translation.override(language if language in dict(settings.LANGUAGES) else "fi"):
        text = render_to_string(
            f"publishing/email/{template}.txt", {**context, "site": settings.SITE_URL}
        )
        subject, _blank, body = text.strip().partition("\n")
        send_mail(subject.strip(), body.strip(), settings.DEFAULT_FROM_EMAIL, to)


def _url(name: str, *args, language: str = "fi") -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _editors(organization_id) -> dict[str, list[str]]:
    """Editors' addresses by their language."""
    from tarjotin.publishing.models import Membership

    by_language: dict[str, list[str]] = {}
    for membership in Membership.objects.filter(organization_id=organization_id).select_related(
        "user"
    ):
        if membership.user.email:
            by_language.setdefault(membership.language, []).append(membership.user.email)
    return by_language


def invitation(email: str, organization, token: str, language: str) -> None:
    _send(
        "invitation",
        [email],
        language,
        {
            "organization": organization.text("name", language),
            "url": _url("publishing:accept", token, language=language),
        },
    )


def reminder(service, token: str) -> None:
    for language, emails in _editors(service.organization_id).items():
        _send(
            "reminder",
            emails,
            language,
            {
                "service": service.text("name", language),
                "confirm_url": _url("publishing:confirm", token, language=language),
                "edit_url": _url("publishing:edit", service.id, language=language),
            },
        )


def rejected(version) -> None:
    if version.author is None or not version.author.email:
        return
    from tarjotin.publishing.models import Membership

    membership = Membership.objects.filter(
        user=version.author, organization_id=version.service.organization_id
    ).first()
    language = membership.language if membership else "fi"
    context = {
        "service": version.service.text("name", language),
        "note": version.review_note,
        "edit_url": _url("publishing:edit", version.service_id, language=language),
    }
    _send("rejected", [version.author.email], language, context)


def error_report_digest(now=None) -> int:
    """One e-mail a day per organization's editors (and one to the moderators) naming the
    services with new error reports and how many; the reports' words stay in the inbox, so a
    stranger's text never goes out in our name. Returns the reports announced."""
    from django.utils import timezone

    from tarjotin.publishing.models import ErrorReport

    reports = list(ErrorReport.objects.filter(notified_at=None).select_related("service"))
    by_organization: dict = {}
    for report in reports:
        by_organization.setdefault(report.service.organization_id, []).append(report)
    moderators = get_user_model().objects.filter(groups__name=settings.MODERATORS_GROUP)
    for organization_id, found in by_organization.items():
        for language, emails in _editors(organization_id).items():
            _send_digest(sorted(set(emails)), language, found)
    _send_digest(sorted({u.email for u in moderators if u.email}), "fi", reports)
    ErrorReport.objects.filter(id__in=[r.id for r in reports]).update(
        notified_at=now or timezone.now()
    )
    return len(reports)


def access_request_digest(now=None) -> int:
    """The moderators hear once a day how many associations asked for a way in."""
    from django.utils import timezone

    from tarjotin.publishing.models import AccessRequest

    new = AccessRequest.objects.filter(notified_at=None)
    count = new.count()
    moderators = get_user_model().objects.filter(groups__name=settings.MODERATORS_GROUP)
    emails = sorted({u.email for u in moderators if u.email})
    if count and emails:
        context = {"count": count, "url": _url("publishing:access_requests")}
        _send("access_requests", emails, "fi", context)
    new.update(notified_at=now or timezone.now())
    return count


def _send_digest(emails: list[str], language: str, reports: list) -> None:
    if not reports:
        return
    names = sorted({r.service.text("name", language) for r in reports})
    context = {"count": len(reports), "services": names,
               "inbox_url": _url("publishing:inbox", language=language)}  # fmt: skip
    _send("error_report", emails, language, context)
