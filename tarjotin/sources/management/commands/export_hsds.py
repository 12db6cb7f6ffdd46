from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tarjotin.sources.hsds.exporter import export_tables, write_package


class Command(BaseCommand):
    help = "Export the published catalogue as an HSDS 3.1 tabular data package (CSV or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, help="A folder, a .zip file or a .json file.")
        parser.add_argument("--language", default="fi")
        parser.add_argument(
            "--core-only",
            action="store_true",
            help="Plain HSDS 3.1, without the profile columns (translations, extensions).",
        )
        parser.add_argument("--source-system", help="Only records from this source system.")

    def handle(self, target, language, core_only, source_system, **options):
        if language not in settings.CONTENT_LANGUAGES:
            raise CommandError(f"Unsupported language {language!r}")
        tables = export_tables(language, source_system=source_system, profile=not core_only)
        form = "json" if target.suffix == ".json" else "csv"
        write_package(tables, target, form)
        total = sum(len(rows) for rows in tables.values())
        self.stdout.write(f"Exported {total} records in {len(tables)} tables to {target}.")
