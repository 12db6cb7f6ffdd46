"""Bookkeeping of imports: every run, and every record that could not be imported."""

from django.db import models


class ImportRun(models.Model):
    source_system = models.CharField(max_length=40)
    source_name = models.CharField(max_length=500, help_text="File, URL or package imported.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    quarantined_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)

    def __str__(self):
        return f"{self.source_system} {self.source_name} {self.started_at:%Y-%m-%d %H:%M}"


class QuarantinedRecord(models.Model):
    """A record that failed validation: kept whole, with where it was and why it failed."""

    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="quarantine")
    table = models.CharField(max_length=50)
    row_number = models.PositiveIntegerField(help_text="1-based data row (CSV: header excluded).")
    record_id = models.CharField(max_length=255, blank=True)
    reason = models.TextField()
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["import_run", "table", "row_number"]

    def __str__(self):
        return f"{self.table} row {self.row_number}: {self.reason}"


class DuplicatePair(models.Model):
    """Two services from different sources that look like the same activity.

    A sure match is merged at once (the other record is kept, unpublished, pointing at the
    one shown); a likely one waits here for a person to confirm or reject it.
    """

    class Status(models.TextChoices):
        MERGED = "merged", "Merged"
        PROPOSED = "proposed", "Waiting for a person"
        REJECTED = "rejected", "Not the same"

    kept = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="+")
    duplicate = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kept", "duplicate"], name="one_pair_per_services")
        ]
        ordering = ["-score"]

    def __str__(self):
        return f"{self.kept_id} ~ {self.duplicate_id} ({self.score:.2f}, {self.status})"


class ScopeRelease(models.Model):
    """A moderator's decision that a record left outside the tray's scope belongs in it.

    The next full harvest of the source converts the record with the source's ``released``
    categories (sources/data/<source>.json) instead of quarantining it.
    """

    source_system = models.CharField(max_length=40)
    record_id = models.CharField(max_length=255)
    released_by = models.CharField(max_length=150, help_text="The moderator's user name.")
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_system", "record_id"], name="one_release")
        ]

    def __str__(self):
        return f"{self.source_system} {self.record_id}"
