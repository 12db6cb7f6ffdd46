"""Liveness and readiness for the load balancer and the orchestrator.

``/healthz``: the process answers. ``/readyz``: this node can serve — the database answers,
the node's search index exists and follows the change log (its sync has not failed several
times in a row; it is rebuilt then). Both are JSON, cheap, and carry no data.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from tarjotin.search.index import index_exists, sync_healthy


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {
        "database": _database(),
        "search_index": index_exists(),
        "search_sync": sync_healthy(),
    }
    ready = all(checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status=200 if ready else 503)  # fmt: skip


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure means not ready; the reason is in the database's own log
        return False
