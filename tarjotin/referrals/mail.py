"""Referral emails: a link and a reference, never the client's name, contact or reason.

Email is not a safe channel for personal data; the receiver logs in to see the referral.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tarjotin.referrals.models import Referral
from tarjotin.staff.models import StaffRole


def _send(template: str, to: list[str], context: dict) -> None:
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            f"referrals/email/{template}.txt", {**context, "site": settings.SITE_URL}
        )
    subject, _blank, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip(), settings.DEFAULT_FROM_EMAIL, sorted(set(to)))


def _url(referral: Referral) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse("referrals:detail", args=[referral.id])


def _receivers(referral: Referral) -> list[str]:
    if referral.route == Referral.Route.LINK_WORKER:
        roles = StaffRole.objects.filter(role=StaffRole.Role.LINK_WORKER)
    else:
        organization = referral.receiver_service.organization_id
        roles = StaffRole.objects.filter(role=StaffRole.Role.RECEIVER, organization=organization)
    users = get_user_model().objects.filter(staff_roles__in=roles, is_active=True).distinct()
    return [user.email for user in users if user.email]


def notify_receivers(referral: Referral) -> None:
    _send("new_referral", _receivers(referral), {"reference": referral.reference,
                                                  "url": _url(referral)})  # fmt: skip


def remind_referrer(referral: Referral) -> None:
    context = {
        "reference": referral.reference,
        "url": _url(referral),
        "days": settings.REFERRAL_CONTACT_DAYS,
    }
    _send("overdue", [referral.referrer.email], context)
