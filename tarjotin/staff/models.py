"""Who a staff member is on the professional side: roles, each maybe tied to an organization.

The editors of an organization's services are its members (``publishing.Membership``) and the
moderators a group; ``roles.py`` answers every app's "may this person …" from all three.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.Model):
    """What a staff member does on the professional side; one person can hold several roles."""

    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        LINK_WORKER = "link_worker", _("Link worker")
        RECEIVER = "receiver", _("Contact of a receiving service")
        MANAGER = "manager", _("Manager")
        ADMINISTRATOR = "administrator", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # A receiver receives for this organization's services; for others it is their unit.
    organization = models.ForeignKey(
        "catalogue.Organization", null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        db_table = "referrals_staffrole"  # moved from the referrals app; the table stayed
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="one_role"),
            models.CheckConstraint(
                condition=~models.Q(role="receiver") | models.Q(organization__isnull=False),
                name="receiver_has_organization",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.role} {self.organization_id or ''}".strip()
