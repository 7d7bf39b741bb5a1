from typing import Any

from django.core.management.base import BaseCommand

from buurtwerk.accounts.twofactor import DEMO_TOTP_SECRET, current_demo_code


class Command(BaseCommand):
    help = "Toon de inlogcode (tweestapsverificatie) van de demo-accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        # Only the published demo secret: this never reads a real user's device.
        self.stdout.write(f"Code voor de demo-accounts: {current_demo_code()}")
        self.stdout.write(f"(Of zet de sleutel {DEMO_TOTP_SECRET} in een authenticator-app.)")
