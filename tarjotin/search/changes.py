"""The search app's seam for other apps' commands: bring this node's index up to date.

A command (an import, a harvest, deduplication) may run beside a serving node that uses the
same index folder. That node holds the index's writer lock while it applies the change log, and
it will apply these changes too; the command must then neither wait nor crash after its own work
is committed (security audit #21).
"""

import logging

from tarjotin.search.index import current_index, index_exists, sync

log = logging.getLogger(__name__)
LOCK_BUSY = "LockBusy"  # tantivy's error when another writer holds the index folder


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
