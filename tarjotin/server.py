"""A node's worker processes (gunicorn), started by ``python -m tarjotin serve --workers N``.

gunicorn is what Django sites commonly serve with: a master process that forks workers, restarts
a worker that dies, reloads them one by one on SIGHUP and, on SIGTERM, stops taking connections
and lets the requests under way finish (``graceful_timeout``). Each worker opens the node's
search index itself and reads it; one of them, whichever holds the node's sync lock, also
writes the change log into it (``search.index.start_sync_thread``).
"""

import os

from django.conf import settings
from gunicorn.app.base import BaseApplication

GRACEFUL_SECONDS = 10


def _worker_ready(worker) -> None:
    from tarjotin.search.index import start_sync_thread

    start_sync_thread(settings.SEARCH_SYNC_SECONDS)


def _worker_stopping(server, worker) -> None:
    from tarjotin.indicators.demand import flush

    flush()  # the demand counts this worker gathered since it last wrote them


def _ready(server) -> None:
    host, port = server.cfg.bind[0].rsplit(":", 1)
    print(f"Tarjotin is serving at http://{host}:{port}/", flush=True)  # noqa: T201


def _stopping(server) -> None:
    print("Tarjotin is stopping", flush=True)  # noqa: T201


class Node(BaseApplication):
    def __init__(self, host: str, port: int, workers: int, threads: int):
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",  # threads wait for the database and the index
            "threads": threads,
            "graceful_timeout": GRACEFUL_SECONDS,
            "timeout": 60,
            "keepalive": 5,
            # X-Forwarded-Proto only from the load balancer, as the single-process server
            "forwarded_allow_ips": os.environ.get("TARJOTIN_TRUSTED_PROXY", ""),
            "proc_name": "tarjotin",
            "post_worker_init": _worker_ready,
            "worker_exit": _worker_stopping,
            "when_ready": _ready,
            "on_exit": _stopping,
            "accesslog": None,  # the application logs what it must, without personal data
            "errorlog": "-",
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from tarjotin.wsgi import application

        return application
