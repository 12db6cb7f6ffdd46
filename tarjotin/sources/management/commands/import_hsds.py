from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tarjotin.search.changes import catch_up
from tarjotin.sources.hsds.importer import import_tables
from tarjotin.sources.hsds.reader import PackageError, read_package


class Command(BaseCommand):
    help = (
        "Import an HSDS 3.1 data package: a folder or zip of CSV files, tabular JSON, or nested "
        "JSON. Bad rows are quarantined with their row number and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--language", default="fi", help="Language of the package's texts (default fi)."
        )

    def handle(self, path, language, **options):
        if language not in settings.CONTENT_LANGUAGES:
            raise CommandError(f"Unsupported language {language!r}")
        try:
            tables = read_package(path)
        except (OSError, PackageError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        result = import_tables(tables, language, str(path))
        self.stdout.write(f"Imported {result.imported_count} records from {path}:")
        for table, count in result.imported.items():
            self.stdout.write(f"  {table}: {count}")
        for record in result.quarantined:
            self.stdout.write(self.style.WARNING(f"  quarantined {record}"))
        for warning in result.run.warnings:
            self.stdout.write(f"  warning: {warning}")
        self.stdout.write(
            f"{result.imported_count} imported, {len(result.quarantined)} quarantined "
            f"(import run {result.run.pk})."
        )
        # This node's search index; other nodes, and a node serving from it, catch up from the
        # change log. Last, so that the summary is printed whatever happens here.
        if not catch_up():
            self.stdout.write("The search index is busy: the serving node applies the changes.")
