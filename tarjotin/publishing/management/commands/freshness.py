from django.core.management.base import BaseCommand

from tarjotin.publishing.services import run_freshness


class Command(BaseCommand):
    help = (
        "Daily: remind editors of services not confirmed for six months (one-click confirm "
        "link) and hide from residents those not confirmed for a year."
    )

    def handle(self, **options):
        counts = run_freshness()
        self.stdout.write(f"{counts['reminded']} reminded, {counts['hidden']} hidden.")
