"""The search app's seam for other apps: tell it what changed, and bring this node's index up
to date. Other apps import only this module of the search app's index machinery.

``record`` writes change-log rows in the caller's transaction, for writers that bypass model
signals (bulk inserts and updates); ``bulk()`` silences the signals meanwhile, so a harvest logs
each service once, not once per row it touches.

A command (an import, a harvest, deduplication) may run beside a serving node that uses the
same index folder. That node holds the index's writer lock while it applies the change log, and
it will apply these changes too; the command must then neither wait nor crash after its own work
is committed (security audit #21).
"""

import logging

from tarjotin.search.index import current_index, index_exists, sync
from tarjotin.search.models import IndexChange
from tarjotin.search.signals import muted as bulk

__all__ = ["bulk", "catch_up", "record"]

log = logging.getLogger(__name__)
LOCK_BUSY = "LockBusy"  # tantivy's error when another writer holds the index folder


def record(service_ids) -> None:
    """The services whose index entries must be rewritten (in the caller's transaction)."""
    ids = sorted(set(service_ids), key=str)
    for start in range(0, len(ids), 1000):  # bounded inserts
        IndexChange.objects.bulk_create(
            [IndexChange(service_id=i) for i in ids[start : start + 1000]]
        )


def catch_up() -> bool:
    """Apply the change log here, or build the node's first index; False when the serving
    node holds the writer (it applies the same log within seconds)."""
    try:
        if index_exists():
            sync()
        else:
            current_index()
    except ValueError as error:
        if LOCK_BUSY not in str(error):
            raise
        log.info("search index busy: the serving node applies these changes")
        return False
    return True
