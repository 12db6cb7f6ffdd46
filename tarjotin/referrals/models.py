"""Wellbeing referrals (hyvinvointilähete): the only place where a client's personal data lives.

Personal data is kept in ``ClientContact`` (deleted when a closed referral is pseudonymised)
and in the free texts of ``Referral`` and ``LinkWorkerSession`` (blanked at the same time).
Everything else — states, times, measures, feedback — stays for the indicators.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tarjotin.catalogue.texts import pick_translation
from tarjotin.staff.models import StaffRole


class AcceptanceQuerySet(models.QuerySet):
    def staffed(self):
        """Acceptances somebody receives: the service's organization has an active receiver with
        an e-mail address. A referral to any other service would reach nobody (audit H2)."""
        receiving = StaffRole.objects.filter(
            role=StaffRole.Role.RECEIVER, user__is_active=True, organization__isnull=False
        ).exclude(user__email="")
        return self.filter(service__organization_id__in=receiving.values("organization_id"))


class ReferralAcceptance(models.Model):
    """A service that takes wellbeing referrals, and what a referrer should know about it.

    It counts only while the organization has a receiver (``staffed()``): everything that offers a
    service as a receiver asks that, so removing the last receiver stops new referrals at once.
    """

    service = models.OneToOneField(
        "catalogue.Service", on_delete=models.CASCADE, related_name="referral_acceptance"
    )
    instructions = models.TextField(_("instructions for referrers"), blank=True)

    objects = AcceptanceQuerySet.as_manager()

    def __str__(self):
        return str(self.service_id)


class Referral(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        CONTACTED = "contacted", _("Client contacted")
        STARTED = "started", _("Started")
        NOT_STARTED = "not_started", _("Did not start")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Route(models.TextChoices):
        SERVICE = "service", _("Directly to a service")
        LINK_WORKER = "link_worker", _("To a link worker")

    class Helped(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True)  # said on the phone, e.g. "HL-7K3Q9C"
    route = models.CharField(max_length=12, choices=Route.choices, default=Route.LINK_WORKER)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="referrals_made",
    )
    referrer_organization = models.ForeignKey(
        "catalogue.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receiver_service = models.ForeignKey(
        "catalogue.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_assigned",
    )
    reason = models.TextField(_("reason for the referral"), blank=True, max_length=2000)
    client_language = models.CharField(_("client's language"), max_length=8, default="fi")
    state_reason = models.TextField(blank=True, max_length=1000)  # why not started / declined
    # The state a closed referral was in when it was closed: how it ended, for the indicators.
    ended_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, max_length=2000)
    helped = models.CharField(max_length=8, choices=Helped.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    pseudonymised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock against silent overwrites

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "sent_at"]), models.Index(fields=["sent_at"])]

    def __str__(self):
        return self.reference


class ClientContact(models.Model):
    """The minimum the receiver needs to reach the client; deleted on pseudonymisation."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    best_time = models.CharField(_("best time to contact"), max_length=200, blank=True)

    def __str__(self):
        return f"contact of {self.referral_id}"


class Consent(models.Model):
    """The client's consent to share the referral: who recorded it, when, and for what."""

    class Method(models.TextChoices):
        VERBAL = "verbal", _("Told in person or by phone")
        WRITTEN = "written", _("Signed on paper")
        DIGITAL = "digital", _("Confirmed electronically")

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="consent")
    scope = models.TextField()  # what was consented to, in words, as shown to the client
    # To whom the data goes; if the referral is later pointed elsewhere, consent is asked again.
    route = models.CharField(max_length=12, choices=Referral.Route.choices)
    receiver_id = models.UUIDField(null=True, blank=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"consent for {self.referral_id}"


class ReferralService(models.Model):
    """A service chosen with the client; its name is kept in case the service later goes away."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="choices")
    service = models.ForeignKey(
        "catalogue.Service", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.JSONField(default=dict)  # the service's name in each language, as chosen
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return str(self.service_id)

    def text(self, language: str) -> str:
        return pick_translation(self.name, language) or ""


class StateChange(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=12, choices=Referral.State.choices)
    to_state = models.CharField(max_length=12, choices=Referral.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.referral_id}: {self.from_state} → {self.to_state}"


class LinkWorkerSession(models.Model):
    """One meeting of the link worker and the client, with a short structured note."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        VIDEO = "video", _("Video call")

    class Topic(models.TextChoices):
        EXERCISE = "exercise", _("Exercise")
        CULTURE = "culture", _("Culture")
        NATURE = "nature", _("Nature and outdoors")
        NUTRITION = "nutrition", _("Food and healthy habits")
        PARTICIPATION = "participation", _("Meeting people and taking part")
        MENTAL = "mental", _("Mental wellbeing")
        EVERYDAY = "everyday", _("Everyday life and money")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    topics = models.JSONField(_("topics"), default=list)
    next_step = models.CharField(_("agreed next step"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "number"], name="one_session_number")
        ]

    def __str__(self):
        return f"{self.referral_id} session {self.number}"

    @property
    def topic_labels(self) -> list[str]:
        """The topics in the reader's language, not their codes (UX audit M8)."""
        return [str(self.Topic(t).label) if t in self.Topic.values else t for t in self.topics]


def _score():
    return [MinValueValidator(0), MaxValueValidator(10)]


class WellbeingMeasure(models.Model):
    """ONS4 personal wellbeing (0–10), before and after; see docs/referrals.md for the source."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="measures")
    phase = models.CharField(max_length=6, choices=Phase.choices)
    life_satisfaction = models.PositiveSmallIntegerField(validators=_score())
    worthwhile = models.PositiveSmallIntegerField(validators=_score())
    happiness = models.PositiveSmallIntegerField(validators=_score())
    anxiety = models.PositiveSmallIntegerField(validators=_score())
    recorded_at = models.DateTimeField(auto_now_add=True)
    by_client = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "phase"], name="one_measure_per_phase")
        ]

    def __str__(self):
        return f"{self.referral_id} {self.phase}"


class ClientLink(models.Model):
    """The client's own page: an unguessable, expiring token; only its hash is stored."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="client_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"link to {self.referral_id}"


class ClientFeedback(models.Model):
    """What the client said through their link; anonymous — no name, no contact data."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="feedback")
    helped = models.CharField(max_length=8, choices=Referral.Helped.choices)
    comment = models.TextField(blank=True, max_length=1000)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"feedback on {self.referral_id}"


class GuideUse(models.Model):
    """A conversation guide was used: counted for the indicators, with nobody's identity."""

    guide = models.CharField(max_length=40)
    day = models.DateField()
    finished = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.guide} {self.day}"


class AuditEvent(models.Model):
    """Who viewed, changed or exported which referral, when. Written once, never edited."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)  # kept when the account is removed
    action = models.CharField(max_length=40)
    referral_id = models.UUIDField(null=True, db_index=True)  # not a key: outlives the referral
    detail = models.CharField(max_length=200, blank=True)  # never personal data

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.referral_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are never deleted")
