from django.core.management.base import BaseCommand

from tarjotin.referrals.demo import DEMO_PASSWORD, load_demo_staff


class Command(BaseCommand):
    help = "Demo staff accounts (one per role) and services that accept referrals."

    def handle(self, *args, **options):
        accounts = load_demo_staff()
        names = ", ".join(f"{name} ({role})" for name, role in accounts.items())
        self.stdout.write(f"Demo staff at /pro/: {names}; password {DEMO_PASSWORD}")
