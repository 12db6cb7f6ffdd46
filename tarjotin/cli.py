"""`python -m tarjotin COMMAND`: serve, demo, and every Django management command."""

import argparse
import os
import sys


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="tarjotin serve", description="Migrate and serve.")
    parser.add_argument("--host", default=os.environ.get("TARJOTIN_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("TARJOTIN_PORT", "8000")))
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("TARJOTIN_THREADS", "0")),
        help="threads per process (default: 8 in one process, 4 per worker)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("TARJOTIN_WORKERS", "0")),
        help="processes (default: one per core with --production, else one)",
    )
    parser.add_argument(
        "--production",
        action="store_true",
        help="production settings: a secret key is required, HTTPS only, secure cookies, HSTS",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.production:
        os.environ["TARJOTIN_PRODUCTION"] = "1"
    workers = args.workers or ((os.cpu_count() or 1) if args.production else 1)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from tarjotin.search.index import current_index

    current_index()  # built from the database if this node has none yet
    if workers > 1:
        _serve_prefork(args.host, args.port, workers, args.threads or 4)
    else:
        _serve_threaded(args.host, args.port, args.threads or 8, settings.SEARCH_SYNC_SECONDS)


def _serve_threaded(host: str, port: int, threads: int, sync_seconds: float) -> None:
    """One process (waitress): the laptop's and the small site's server."""
    from waitress import create_server

    from tarjotin.search.index import start_sync_thread
    from tarjotin.wsgi import application  # after collectstatic: WhiteNoise indexes the files

    start_sync_thread(sync_seconds)
    proxy = os.environ.get("TARJOTIN_TRUSTED_PROXY")  # the load balancer's address
    behind_proxy = (
        {"trusted_proxy": proxy, "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}}
        if proxy
        else {}
    )  # trust its X-Forwarded-* headers, nobody else's
    server = create_server(application, host=host, port=port, threads=threads, **behind_proxy)
    _stop_gracefully_on_signals(server)
    print(f"Tarjotin is serving at http://{host}:{port}/", flush=True)  # noqa: T201
    server.run()


def _serve_prefork(host: str, port: int, workers: int, threads: int) -> None:
    """Worker processes (gunicorn), so every core serves: the GIL holds one process to one."""
    from django.db import connections

    from tarjotin.search.index import forget_open_index
    from tarjotin.server import Node

    connections.close_all()  # the workers are forked: none may share this process's connections
    forget_open_index()
    Node(host, port, workers, threads).run()


def _stop_gracefully_on_signals(server) -> None:
    """SIGTERM (orchestrators, systemd) and SIGINT close the listening socket and let requests
    being served finish, instead of dropping them mid-answer; then the process ends, even if
    requests are still queued (under load waitress would otherwise keep serving them)."""
    import logging
    import signal

    def stop(signum, frame):
        print("Tarjotin is stopping", flush=True)  # noqa: T201
        server.close()  # no new connections
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=10)  # finish the started
        from tarjotin.indicators.demand import flush

        flush()  # the demand counts gathered since they were last written
        logging.shutdown()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def demo(argv: list[str]) -> None:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", *argv)
    call_command("load_demo_staff")
    call_command("rebuild_search_index", verbosity=0)


COMMANDS = {"serve": serve, "demo": demo}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        COMMANDS[argv[0]](argv[1:])
        return
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tarjotin", *argv])
