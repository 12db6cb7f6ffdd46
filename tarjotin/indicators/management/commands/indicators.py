import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tarjotin.indicators import retention, snapshots


class Command(BaseCommand):
    help = (
        "Monthly indicator snapshots: snapshot [--month YYYY-MM] (monthly), rebuild; "
        "forget (daily): rare search texts and old feedback comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["snapshot", "rebuild", "forget"])
        parser.add_argument("--month", help="YYYY-MM; default: the last complete month")

    def handle(self, *args, action, month, **options):
        if action == "forget":
            queries = retention.forget_rare_queries()
            comments = retention.forget_feedback_comments()
            self.stdout.write(f"rare query rows folded: {queries}; comments blanked: {comments}")
            return
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
