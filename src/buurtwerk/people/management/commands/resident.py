import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.core.actions import SYSTEM
from buurtwerk.core.auditing import Purpose
from buurtwerk.people.actions import do_erase_resident, do_export_resident
from buurtwerk.people.models import Resident


class Command(BaseCommand):
    help = "AVG-verzoeken van een bewoner: inzage (export) of wissen (erase)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="Alle gegevens van de bewoner als JSON")
        export.add_argument("resident_id", type=int)
        export.add_argument("--output", "-o", help="Bestand (anders naar het scherm)")
        erase = commands.add_parser("erase", help="Persoonsgegevens overal wissen")
        erase.add_argument("resident_id", type=int)
        erase.add_argument("--yes", action="store_true", help="Niet om bevestiging vragen")

    def handle(self, *args: Any, **options: Any) -> None:
        resident = Resident.objects.filter(pk=options["resident_id"]).first()
        if resident is None:
            raise CommandError(f"Bewoner {options['resident_id']} bestaat niet.")
        if options["command"] == "export":
            self._export(resident, options["output"])
        else:
            self._erase(resident, options["yes"])

    def _export(self, resident: Resident, output: str | None) -> None:
        document = do_export_resident(resident, SYSTEM)
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if output:
            path = Path(output)
            path.touch(mode=0o600)
            path.write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Inzage van bewoner {resident.pk} geschreven naar {path}.")
        else:
            self.stdout.write(text)

    def _erase(self, resident: Resident, confirmed: bool) -> None:
        if not confirmed:
            if not sys.stdin.isatty():
                raise CommandError("Bevestig met --yes.")
            answer = input(f"Gegevens van bewoner {resident.pk} definitief wissen? [ja/nee] ")
            if answer.strip().lower() != "ja":
                raise CommandError("Niets gewist.")
        try:
            counts = do_erase_resident(resident, SYSTEM, purpose=Purpose.GDPR_ERASE_CLI)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        summary = ", ".join(f"{section}: {count}" for section, count in counts.items())
        self.stdout.write(f"Bewoner {resident.pk} gewist ({summary}).")
