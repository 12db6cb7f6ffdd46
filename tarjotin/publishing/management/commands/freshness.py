from django.core.management.base import BaseCommand

from tarjotin.publishing.mail import access_request_digest, error_report_digest
from tarjotin.publishing.retention import forget_access_requests, forget_error_reports
from tarjotin.publishing.services import run_freshness


class Command(BaseCommand):
    help = (
        "Daily: remind editors of services not confirmed for six months (one-click confirm "
        "link), hide from residents those not confirmed for a year, send editors the digest of "
        "new error reports and blank the e-mail and words of those older than ERROR_REPORT_DAYS."
    )

    def handle(self, **options):
        counts = run_freshness()
        forgotten = forget_error_reports()
        announced = error_report_digest()
        access_request_digest()
        forget_access_requests()
        self.stdout.write(
            f"{counts['reminded']} reminded, {counts['hidden']} hidden, "
            f"{announced} new error reports in the digest, {forgotten} old ones blanked."
        )
