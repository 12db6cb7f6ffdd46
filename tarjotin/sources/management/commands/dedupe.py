from django.core.management.base import BaseCommand

from tarjotin.search.changes import catch_up
from tarjotin.sources.harvest.dedupe import find_duplicates


class Command(BaseCommand):
    help = (
        "Find services that two sources describe twice: sure pairs are merged (one shown, "
        "both provenances kept), likely pairs wait in the admin for a person to decide."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, dry_run, **options):
        report = find_duplicates(apply=not dry_run)
        for title, pairs in (
            ("merged", report.merged),
            ("for a person to confirm", report.proposed),
        ):
            self.stdout.write(f"{len(pairs)} {title}:")
            for pair in pairs:
                self.stdout.write(
                    f"  {pair.score:.2f} {pair.kept.source_system}:{pair.kept.source_id} "
                    f"~ {pair.duplicate.source_system}:{pair.duplicate.source_id} "
                    f"({', '.join(pair.reasons)})"
                )
        if not dry_run:
            catch_up()
