from django.core.management.base import BaseCommand, CommandError

from tarjotin.catalogue.demo.generate import load_demo
from tarjotin.catalogue.models import Service


class Command(BaseCommand):
    help = "Load the deterministic demo catalogue into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) if services exist."
        )

    def handle(self, *args, if_empty=False, **options):
        if Service.objects.exists():
            if if_empty:
                self.stdout.write("The catalogue already has services; demo data not loaded.")
                return
            raise CommandError("The catalogue is not empty: demo data goes into an empty database.")
        counts = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}"))
