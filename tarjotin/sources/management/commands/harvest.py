import datetime as dt
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from tarjotin.sources.harvest.run import harvest
from tarjotin.sources.harvest.sources import SOURCES


class Command(BaseCommand):
    help = (
        "Harvest a source (ptv, linkedevents, lipas, tpr) from its API, or from saved responses "
        "with --from-file. Without --since a run is a full reconciliation: services the source "
        "no longer lists are unpublished. Bad records are quarantined with their reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=sorted([*SOURCES, "hsds"]))
        parser.add_argument("--since", help="Only what changed since (ISO date or date-time), "
                            "or 'last': since the last complete run of this source.")  # fmt: skip
        parser.add_argument("--from-file", type=Path, action="append", dest="files",
                            help="A saved response (JSON); repeat for several files.")  # fmt: skip
        parser.add_argument("--full", action="store_true",
                            help="Unpublish what the files no longer list.")  # fmt: skip

    def handle(self, source, since, files, full, **options):
        if source == "hsds":  # a data package: the HSDS importer does it, file by file
            if not files:
                raise CommandError("hsds: give the package with --from-file")
            for path in files:
                call_command("import_hsds", str(path), stdout=self.stdout)
            return
        since_moment = _last_run(source) if since == "last" else _moment(since) if since else None
        harvester = SOURCES[source]()
        if files:
            missing = [str(p) for p in files if not p.is_file()]
            if missing:
                raise CommandError(f"No such file: {', '.join(missing)}")
            records = harvester.read_files(files)
            name = ", ".join(p.name for p in files)
        else:
            records = harvester.fetch(since_moment)
            name = f"{source} API" + (
                f" since {since_moment:%Y-%m-%d %H:%M}" if since_moment else ""
            )
        reconcile = full or (not files and since_moment is None)
        result = harvest(harvester, records, name, reconcile, progress=options["verbosity"] > 0)
        for key, count in sorted(result.counts.items()):
            self.stdout.write(f"  {key}: {count}")
        for error in result.fetch_errors:
            self.stdout.write(self.style.WARNING(f"  fetch failed: {error}"))
        self.stdout.write(f"Harvest run {result.run.pk} of {source} finished.")


OVERLAP = dt.timedelta(minutes=30)  # a record changed while the last run was reading


def _last_run(source: str) -> dt.datetime | None:
    """When the last run of ``source`` that fetched everything it asked for started (less a
    margin); None, a full run, when there has been none."""
    from tarjotin.sources.models import ImportRun

    runs = ImportRun.objects.filter(source_system=source, finished_at__isnull=False)
    for run in runs.order_by("-started_at")[:20]:
        if not any(str(w).startswith("fetch failed") for w in run.warnings):
            return run.started_at - OVERLAP
    return None


def _moment(text: str) -> dt.datetime:
    parsed = parse_datetime(text) or (
        dt.datetime.combine(day, dt.time.min) if (day := parse_date(text)) else None
    )
    if parsed is None:
        raise CommandError(f"--since: not a date {text!r}")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
