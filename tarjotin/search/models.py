"""The change log that keeps every node's search index current."""

from django.db import models


class IndexChange(models.Model):
    """A service changed (or was deleted); each node reindexes it when it syncs."""

    service_id = models.UUIDField(db_index=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["changed_at"])]

    def __str__(self):
        return f"{self.service_id} changed at {self.changed_at}"
