"""Writing side of publishing: invitations, versions and their review, freshness, reports.

Every change to a service's content is a ``ServiceVersion`` (who, when, what). An editor's
version waits for a moderator unless the organization is trusted; publishing a version
writes it into the catalogue and marks it as the service's confirmation. Old versions can be
published again (revert), which is itself a new version.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tarjotin.catalogue import models as m
from tarjotin.publishing import content as service_content
from tarjotin.publishing import mail
from tarjotin.publishing.models import (
    ErrorReport,
    Invitation,
    Membership,
    PublishingRights,
    ServiceVersion,
)
from tarjotin.staff.roles import is_moderator

INVITATION_DAYS = 14
CONFIRM_SALT = "tarjotin.publishing.confirm"
State = ServiceVersion.State


class NotAllowedError(PermissionError):
    pass


# -- invitations ----------------------------------------------------------------------------
def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    email: str,
    organization: m.Organization,
    invited_by,
    role=Membership.Role.EDITOR,
    language: str = "fi",
) -> str:
    """Create an invitation and email its one-time link; returns the token (for tests)."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        email=email.strip().lower(),
        organization=organization,
        role=role,
        language=language,
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    mail.invitation(email, organization, token, language)
    return token


def open_invitation(token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token_hash=_hash(token), accepted_at=None).first()
    if invitation is None or invitation.expires_at < timezone.now():
        return None
    return invitation


def invited_account(invitation: Invitation):
    """The account that already has the invitation's e-mail address, if any."""
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def accept_invitation(invitation: Invitation, password: str = "", user=None):
    """A new account with ``password``, or membership for ``user``, who has logged in.

    The link alone never opens an existing account: whoever holds it (a forwarded e-mail, a log)
    would otherwise get that account's session without its password (security audit #1).
    """
    existing = invited_account(invitation)
    if existing is not None and existing != user:
        raise NotAllowedError("Log in to the invited account to accept the invitation.")
    if existing is None:
        if not password:
            raise NotAllowedError("A new account needs a password.")
        user = get_user_model().objects.create_user(
            username=invitation.email, email=invitation.email, password=password
        )
    Membership.objects.update_or_create(
        user=user,
        organization=invitation.organization,
        defaults={"role": invitation.role, "language": invitation.language},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


# -- who may do what ------------------------------------------------------------------------
def can_edit(user, service: m.Service) -> bool:
    return (
        is_moderator(user)
        or Membership.objects.filter(user=user, organization_id=service.organization_id).exists()
    )


def _trusted(organization_id) -> bool:
    return PublishingRights.objects.filter(organization_id=organization_id, trusted=True).exists()


# -- versions -------------------------------------------------------------------------------
def new_service(organization: m.Organization) -> m.Service:
    """An empty draft service of the organization, edited in Tarjotin."""
    return m.Service.objects.create(
        organization=organization,
        name={},
        status="active",
        publication_status=m.PublicationStatus.DRAFT,
        source_system=m.SourceSystem.TARJOTIN,
    )


@transaction.atomic
def save_version(service: m.Service, content: dict, user, submit: bool) -> ServiceVersion:
    """Keep the editor's content as a version: a draft, or sent for review (or published
    at once, for a trusted organization or a moderator)."""
    if not can_edit(user, service):
        raise NotAllowedError("not an editor of this organization")
    number = (service.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    service.versions.filter(state__in=[State.DRAFT, State.PENDING_REVIEW]).update(
        state=State.SUPERSEDED
    )
    version = ServiceVersion.objects.create(
        service=service,
        number=number,
        content=content,
        author=user,
        state=State.PENDING_REVIEW if submit else State.DRAFT,
    )
    if submit and (is_moderator(user) or _trusted(service.organization_id)):
        publish(version, user)
    elif submit and service.publication_status == m.PublicationStatus.DRAFT:
        service.publication_status = m.PublicationStatus.PENDING_REVIEW
        service.save(update_fields=["publication_status"])
    return version


@transaction.atomic
def publish(version: ServiceVersion, reviewer, note: str = "") -> None:
    if not (is_moderator(reviewer) or _trusted(version.service.organization_id)):
        raise NotAllowedError("only a moderator publishes this organization's changes")
    service = version.service
    service_content.apply(service, version.content)
    service.publication_status = m.PublicationStatus.PUBLISHED
    service.last_verified_at = timezone.now()
    service.last_modified = timezone.now()
    service.extra = {k: v for k, v in service.extra.items() if k not in {"stale", "reminded_at"}}
    service.save()
    service.versions.filter(state=State.PUBLISHED).update(state=State.SUPERSEDED)
    version.state = State.PUBLISHED
    version.reviewed_by, version.reviewed_at, version.review_note = reviewer, timezone.now(), note
    version.save()


def archive(service: m.Service, user) -> None:
    """The service has ended: residents no longer see it (it can be published again)."""
    if not can_edit(user, service):
        raise NotAllowedError("not an editor of this organization")
    service.publication_status = m.PublicationStatus.ARCHIVED
    service.save(update_fields=["publication_status"])


def reject(version: ServiceVersion, reviewer, note: str) -> None:
    if not is_moderator(reviewer):
        raise NotAllowedError("only a moderator reviews")
    version.state = State.REJECTED
    version.reviewed_by, version.reviewed_at, version.review_note = reviewer, timezone.now(), note
    version.save()
    mail.rejected(version)


def revert(version: ServiceVersion, user) -> ServiceVersion:
    """Bring an earlier version back: a new version with its content, reviewed as usual."""
    return save_version(version.service, version.content, user, submit=True)


# -- freshness ------------------------------------------------------------------------------
def confirm_token(service: m.Service) -> str:
    return signing.dumps(str(service.id), salt=CONFIRM_SALT)


def service_from_confirm_token(token: str) -> m.Service | None:
    max_age = settings.FRESHNESS_CONFIRM_LINK_DAYS * 24 * 3600
    try:
        service_id = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return m.Service.objects.filter(id=service_id).first()


def confirm_current(service: m.Service) -> None:
    """ "Still current": confirmed now, and shown again if it was hidden as outdated."""
    service.last_verified_at = timezone.now()
    if service.extra.get("stale"):
        service.publication_status = m.PublicationStatus.PUBLISHED
    service.extra = {k: v for k, v in service.extra.items() if k not in {"stale", "reminded_at"}}
    service.save()


def owned_services():
    """Services kept in Tarjotin by their organizations (harvested ones follow their source)."""
    return m.Service.objects.filter(
        source_system__in=[m.SourceSystem.TARJOTIN, m.SourceSystem.HSDS_PACKAGE]
    )


def run_freshness(now: dt.datetime | None = None) -> dict[str, int]:
    """Remind after FRESHNESS_REMIND_DAYS, hide after FRESHNESS_HIDE_DAYS (daily job)."""
    now = now or timezone.now()
    remind_before = now - dt.timedelta(days=settings.FRESHNESS_REMIND_DAYS)
    hide_before = now - dt.timedelta(days=settings.FRESHNESS_HIDE_DAYS)
    published = owned_services().filter(publication_status=m.PublicationStatus.PUBLISHED)
    hidden = 0
    for service in published.filter(last_verified_at__lt=hide_before):
        service.publication_status = m.PublicationStatus.ARCHIVED
        service.extra = {**service.extra, "stale": True}
        service.save()
        hidden += 1
    reminded = 0
    for service in published.filter(last_verified_at__lt=remind_before).select_related(
        "organization"
    ):
        if service.extra.get("reminded_at"):
            continue
        mail.reminder(service, confirm_token(service))
        service.extra = {**service.extra, "reminded_at": now.isoformat()}
        service.save(update_fields=["extra"])
        reminded += 1
    return {"reminded": reminded, "hidden": hidden}


# -- residents' reports ---------------------------------------------------------------------
def report_error(service, message: str, reply_email: str, language: str) -> ErrorReport:
    """Stored for the organization's inbox; editors hear of it in the daily digest, never by
    an e-mail per report carrying the reporter's text (security audit #13: an open relay)."""
    return ErrorReport.objects.create(
        service=service, message=message.strip(), reply_email=reply_email, language=language
    )
