from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtwerk.core.demo import DEMO_PASSWORD, build_demo, remove_demo
from buurtwerk.people.demo import DEMO_USERS, demo_exists


class Command(BaseCommand):
    help = "Maak de demobuurt Espelerhof aan (of maak hem opnieuw met --reset)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reset", action="store_true", help="Bestaande demodata vervangen")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            if not options["reset"]:
                self.stdout.write("De demobuurt bestaat al (gebruik --reset om te vernieuwen).")
                self._print_accounts()
                return
            remove_demo()
        context = build_demo(options["seed"])
        residents = context.objects.get("residents", [])
        self.stdout.write(f"Demobuurt aangemaakt: {len(residents)} bewoners.")
        self._print_accounts()

    def _print_accounts(self) -> None:
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for username, role, _name, job_title, _teams in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {role:<13} {job_title}")
        self.stdout.write(
            "Alle rollen behalve vrijwilliger vragen na het wachtwoord een code "
            "(tweestapsverificatie). Toon de code met: buurtwerk democode"
        )
