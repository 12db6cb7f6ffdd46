"""Scheduled referral upkeep: reminders of overdue referrals, pseudonymisation after retention,
and a client's data export on request."""

import json

from django.core.management.base import BaseCommand, CommandError

from tarjotin.referrals import audit, privacy, services


class Command(BaseCommand):
    help = "Referral upkeep: remind (daily), pseudonymise (daily), export-client (on request)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind", "pseudonymise", "export-client"])
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, action, phone, email, **options):
        if action == "remind":
            self.stdout.write(f"reminders sent: {services.send_reminders()}")
        elif action == "pseudonymise":
            count = privacy.pseudonymise(privacy.due_for_pseudonymisation())
            self.stdout.write(f"referrals pseudonymised: {count}")
            erased = privacy.erase_drafts(privacy.stale_drafts())
            self.stdout.write(f"drafts erased: {erased}")
        else:
            if not (phone or email):
                raise CommandError("give the client's --phone or --email")
            referrals = privacy.find_by_contact(phone, email)
            data = [privacy.client_data(referral) for referral in referrals]
            for referral in referrals:
                audit.record(None, "export_client_data", referral, "command")
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
