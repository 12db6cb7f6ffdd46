import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tarjotin.indicators import snapshots


class Command(BaseCommand):
    help = "Monthly indicator snapshots: snapshot [--month YYYY-MM] (monthly), rebuild."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["snapshot", "rebuild"])
        parser.add_argument("--month", help="YYYY-MM; default: the last complete month")

    def handle(self, *args, action, month, **options):
        if action == "rebuild":
            months = snapshots.rebuild()
            self.stdout.write(f"rebuilt {len(months)} months of event indicators")
            return
        try:
            first = (
                dt.date.fromisoformat(f"{month}-01") if month else snapshots.last_complete_month()
            )
        except ValueError:
            raise CommandError("give --month as YYYY-MM") from None
        count = snapshots.take(first)
        self.stdout.write(f"{first:%Y-%m}: {count} indicators stored")
