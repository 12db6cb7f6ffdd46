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
    parser.add_argument("--threads", type=int, default=int(os.environ.get("TARJOTIN_THREADS", "8")))
    parser.add_argument(
        "--production",
        action="store_true",
        help="production settings: a secret key is required, HTTPS only, secure cookies, HSTS",
    )
    args = parser.parse_args(argv)
    if args.production:
        os.environ["TARJOTIN_PRODUCTION"] = "1"
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from waitress import create_server

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from tarjotin.search.index import current_index, start_sync_thread
    from tarjotin.wsgi import application  # after collectstatic: WhiteNoise indexes the files

    current_index()  # built from the database if this node has none yet
    start_sync_thread(settings.SEARCH_SYNC_SECONDS)

    proxy = os.environ.get("TARJOTIN_TRUSTED_PROXY")  # the load balancer's address
    behind_proxy = (
        {"trusted_proxy": proxy, "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}}
        if proxy
        else {}
    )  # trust its X-Forwarded-* headers, nobody else's
    server = create_server(
        application, host=args.host, port=args.port, threads=args.threads, **behind_proxy
    )
    _stop_gracefully_on_signals(server)
    print(f"Tarjotin is serving at http://{args.host}:{args.port}/", flush=True)  # noqa: T201
    server.run()


def _stop_gracefully_on_signals(server) -> None:
    """SIGTERM (orchestrators, systemd) and SIGINT close the listening socket and let requests
    being served finish, instead of dropping them mid-answer."""
    import signal

    def stop(signum, frame):
        print("Tarjotin is stopping", flush=True)  # noqa: T201
        server.close()  # no new connections
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=10)  # finish the started
        raise SystemExit(0)

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
