"""Reports from residents that a service's information is wrong: the data owner's inbox."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErrorReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        FIXED = "fixed", _("Fixed")
        REJECTED = "rejected", _("Not an error")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        "catalogue.Service", related_name="error_reports", on_delete=models.CASCADE
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    # Optional, only so the data owner can ask back; never logged, shown to staff only.
    reply_email = models.EmailField(_("email for a reply"), blank=True)
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("error report")

    def __str__(self):
        return f"{self.service_id} {self.created_at:%Y-%m-%d}"
