import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.audit.backup import BackupError, read_header, restore_backup
from buurtwerk.core.auditing import AuditVerb, Purpose, audit_trail


class Command(BaseCommand):
    help = "Zet een backup terug. Alles wat nu in de database staat, wordt vervangen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Niet om bevestiging vragen")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Bestand {path} bestaat niet.")
        try:
            header = read_header(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("Bevestig met --yes.")
            question = (
                f"Backup van {header['created_at']} terugzetten en de huidige gegevens "
                "vervangen? [ja/nee] "
            )
            if input(question).strip().lower() != "ja":
                raise CommandError("Niets teruggezet.")
        try:
            counts = restore_backup(path)
        except BackupError as error:
            raise CommandError(f"{error} Er is niets veranderd.") from error
        audit_trail().record(
            None, AuditVerb.CREATE, None, purpose=Purpose.BACKUP_RESTORED, fields=["database"]
        )
        self.stdout.write(f"Backup teruggezet: {sum(counts.values())} rijen.")
