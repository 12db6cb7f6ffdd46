from django.core.management.base import BaseCommand

from tarjotin.publishing.retention import forget_error_reports
from tarjotin.publishing.services import run_freshness


class Command(BaseCommand):
    help = (
        "Daily: remind editors of services not confirmed for six months (one-click confirm "
        "link), hide from residents those not confirmed for a year, and blank the e-mail and "
        "words of error reports older than ERROR_REPORT_DAYS."
    )

    def handle(self, **options):
        counts = run_freshness()
        forgotten = forget_error_reports()
        self.stdout.write(
            f"{counts['reminded']} reminded, {counts['hidden']} hidden, "
            f"{forgotten} old error reports blanked."
        )
