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
