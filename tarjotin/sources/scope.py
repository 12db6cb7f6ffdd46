"""Moderators' releases of records left outside the tray's scope.

The scope itself is data (the mappings in sources/data/); a person who sees that a quarantined
record belongs in the tray releases it with one click, and the next full harvest takes it in.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from tarjotin.sources.models import ImportRun, QuarantinedRecord, ScopeRelease

OUT_OF_SCOPE = "outside the tray's scope"


def release(quarantined, moderator: str) -> int:
    """Release the out-of-scope records among ``quarantined``; returns how many."""
    count = 0
    chosen = quarantined.filter(reason__startswith=OUT_OF_SCOPE).select_related("import_run")
    for record in chosen:
        try:
            with transaction.atomic():
                ScopeRelease.objects.create(
                    source_system=record.import_run.source_system,
                    record_id=record.record_id,
                    released_by=moderator,
                )
        except IntegrityError:
            pass  # released before
        record.resolved_at = timezone.now()
        record.save(update_fields=["resolved_at"])
        count += 1
    return count


def released_ids(source: str) -> set[str]:
    return set(
        ScopeRelease.objects.filter(source_system=source).values_list("record_id", flat=True)
    )


def left_out(limit: int = 200):
    """The out-of-scope records of each source's latest run, not yet released: what a
    moderator reviews."""
    latest = {}
    for source, run_id in ImportRun.objects.order_by("source_system", "-started_at").values_list(
        "source_system", "id"
    ):
        latest.setdefault(source, run_id)
    return (
        QuarantinedRecord.objects.filter(
            import_run_id__in=latest.values(),
            reason__startswith=OUT_OF_SCOPE,
            resolved_at__isnull=True,
        )
        .select_related("import_run")
        .order_by("import_run__source_system", "reason", "record_id")[:limit]
    )


def record_name(record: QuarantinedRecord) -> str:
    """A readable name from the raw payload (PTV serviceNames, LIPAS name, TPR name_fi ...)."""
    payload = record.payload if isinstance(record.payload, dict) else {}
    for item in payload.get("serviceNames") or []:
        if isinstance(item, dict) and item.get("type") == "Name" and item.get("value"):
            return str(item["value"])[:200]
    for key in ("name_fi", "name", "title"):
        value = payload.get(key)
        if isinstance(value, dict):
            value = value.get("fi") or next(iter(value.values()), "")
        if value:
            return str(value)[:200]
    return record.record_id
