"""Data owners keep their own information: accounts, versions under review, error reports."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """A person who edits an organization's services (invited; local account for now)."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        MAIN_USER = "main_user", _("Main user (can invite editors)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        "catalogue.Organization", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    language = models.CharField(max_length=5, default="fi")  # of the emails this person gets
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization_id} ({self.role})"


class Invitation(models.Model):
    """An email invitation with a one-time link; only a hash of the link's token is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField()
    organization = models.ForeignKey("catalogue.Organization", on_delete=models.CASCADE)
    role = models.CharField(
        max_length=10, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    language = models.CharField(max_length=5, default="fi")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.email} → {self.organization_id}"


class PublishingRights(models.Model):
    """A trusted organization's editors publish without a moderator's review."""

    organization = models.OneToOneField(
        "catalogue.Organization", on_delete=models.CASCADE, related_name="publishing_rights"
    )
    trusted = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.organization_id}: {'trusted' if self.trusted else 'reviewed'}"


class ServiceVersion(models.Model):
    """One saved state of a service's editable content: who, when, what, and its review."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING_REVIEW = "pending_review", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Returned to the editor")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField()
    state = models.CharField(max_length=20, choices=State.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="one_number_per_version")
        ]

    def __str__(self):
        return f"{self.service_id} v{self.number} ({self.state})"


class ErrorReport(models.Model):
    """A resident's report that a service's information is wrong: the data owner's inbox."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        FIXED = "fixed", _("Fixed")
        REJECTED = "rejected", _("Not an error")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        "catalogue.Service", related_name="error_reports", on_delete=models.CASCADE
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    # Optional, only so the data owner can ask back; never logged, shown to its editors only.
    reply_email = models.EmailField(_("email for a reply"), blank=True)
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    notified_at = models.DateTimeField(null=True, blank=True)  # in a daily digest

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("error report")

    def __str__(self):
        return f"{self.service_id} {self.created_at:%Y-%m-%d}"


class AccessRequest(models.Model):
    """An association or unit asking to keep its services in the tray (UX audit H8): a
    moderator answers with an invitation. The requester's e-mail is erased with the request
    after ACCESS_REQUEST_DAYS."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization_name = models.CharField(_("organization"), max_length=200)
    business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9, blank=True)
    email = models.EmailField(_("your email"))
    message = models.TextField(_("what you would publish (optional)"), max_length=1000, blank=True)
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)  # in the moderators' digest
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organization_name} {self.created_at:%Y-%m-%d}"
