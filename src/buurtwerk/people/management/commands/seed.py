import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtwerk.people.seeding import seed_city


class Command(BaseCommand):
    help = "Genereer een grote fictieve gemeente met N bewoners (voor schaaltests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, required=True)
        parser.add_argument("--name", default="Seedstad")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        seed_city(
            options["residents"],
            name=options["name"],
            seed=options["seed"],
            progress=lambda made: self.stdout.write(f"  {made} bewoners ..."),
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{options['residents']} bewoners aangemaakt in {elapsed:.1f} s.")
