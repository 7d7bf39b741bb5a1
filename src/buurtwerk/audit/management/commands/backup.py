from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtwerk.audit.backup import write_backup


class Command(BaseCommand):
    help = "Maak een backup van de hele database in één bestand (SQLite en PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Bijvoorbeeld backup-2026-11-25.jsonl.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = write_backup(path)
        self.stdout.write(f"Backup geschreven naar {path}: {sum(counts.values())} rijen.")
        self.stdout.write(
            "Let op: het bestand bevat alle persoonsgegevens. Bewaar het versleuteld en "
            "alleen zolang het nodig is."
        )
