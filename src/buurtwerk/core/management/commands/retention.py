from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.retention import retention_rules, run_retention


class Command(BaseCommand):
    help = (
        "Pas de bewaartermijnen toe: anonimiseer of verwijder wat niet langer bewaard mag worden."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Alleen tellen, niets wijzigen")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = run_retention(timezone.now(), dry_run=options["dry_run"])
        descriptions = {rule.name: rule.description for rule in retention_rules()}
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} ({descriptions[name]})")
        if not options["dry_run"]:
            record(
                None,
                AuditVerb.ERASE,
                None,
                purpose="bewaartermijnen toegepast",
                fields=list(counts),
            )
