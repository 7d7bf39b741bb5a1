from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from buurtwerk.core.retention import apply_retention, retention_rules


class Command(BaseCommand):
    help = (
        "Pas de bewaartermijnen toe: anonimiseer of verwijder wat niet langer bewaard mag worden."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Alleen tellen, niets wijzigen")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = apply_retention(timezone.now(), dry_run=options["dry_run"])
        descriptions = {rule.name: rule.description for rule in retention_rules()}
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} ({descriptions[name]})")
