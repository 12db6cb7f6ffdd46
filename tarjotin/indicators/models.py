"""What the indicators count that the catalogue and referrals do not already hold.

Demand is kept as daily counters, never as events: no time of day, no cookie, no IP address,
no user — a search adds one to the row of (day, channel, language, query).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchCount(models.Model):
    day = models.DateField()
    channel = models.CharField(max_length=10)  # web, pro, api, compact, embed
    language = models.CharField(max_length=5)
    query = models.CharField(max_length=100)  # normalised; "" = browsing without words
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)  # service pages opened from these results

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "language", "query"], name="one_search_count"
            )
        ]
        indexes = [models.Index(fields=["query", "day"])]

    def __str__(self):
        return f"{self.day} {self.channel} {self.query!r}: {self.searches}"


class FacetUse(models.Model):
    day = models.DateField()
    facet = models.CharField(max_length=30)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "facet"], name="one_facet_use")]

    def __str__(self):
        return f"{self.day} {self.facet}: {self.uses}"


class ServiceViewCount(models.Model):
    day = models.DateField()
    service_id = models.UUIDField()  # not a key: the count outlives the service
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "service_id"], name="one_view_count")]

    def __str__(self):
        return f"{self.day} {self.service_id}: {self.views}"


class TrayFeedback(models.Model):
    """The short survey on the tray itself; anonymous."""

    class Audience(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        PROFESSIONAL = "professional", _("Professional")

    class Found(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    day = models.DateField()
    audience = models.CharField(max_length=12, choices=Audience.choices)
    found = models.CharField(_("Did you find what you looked for?"), max_length=8,
                             choices=Found.choices)  # fmt: skip
    again = models.CharField(_("Would you use Tarjotin again?"), max_length=8,
                             choices=Again.choices)  # fmt: skip
    comment = models.TextField(_("Anything else? (optional)"), blank=True, max_length=1000)

    def __str__(self):
        return f"{self.day} {self.audience} {self.found}/{self.again}"


class Snapshot(models.Model):
    """An indicator's table as it was at the end of a month, so trends survive later edits."""

    month = models.DateField()  # the first day of the month
    key = models.CharField(max_length=40)
    data = models.JSONField()  # {"columns": [...], "rows": [[...], ...]} before suppression
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "key"], name="one_snapshot")]
        ordering = ["month", "key"]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.key}"
