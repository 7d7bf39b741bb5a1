from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.accounts.models import User
from buurtwerk.core.actions import SYSTEM, Actor
from buurtwerk.socialmap.actions import do_import_hsds
from buurtwerk.socialmap.hsds.reader import HsdsFileError, read_path
from buurtwerk.socialmap.hsds.spec import TABLE_LABELS, tables
from buurtwerk.socialmap.interchange import MapSnapshot, export_json, write_csv_package


class Command(BaseCommand):
    help = "Sociale kaart: HSDS 3.0 importeren (JSON, CSV-map of zip) en exporteren."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        importer = subcommands.add_parser("import", help="HSDS-bestand inlezen (alles of niets)")
        importer.add_argument("file", type=Path)
        importer.add_argument(
            "--kind",
            choices=sorted(tables()),
            help="Soort records in een JSON-bestand (standaard: uit de naam, anders service)",
        )
        importer.add_argument("--user", help="Gebruikersnaam van wie importeert (voor de auditlog)")
        exporter = subcommands.add_parser("export", help="De kaart als HSDS wegschrijven")
        exporter.add_argument("--format", choices=["json", "csv"], default="json")
        exporter.add_argument("out", type=Path, help="Bestand (json), map of .zip (csv)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "import":
            self._import(options)
        else:
            self._export(options)

    def _import(self, options: dict[str, Any]) -> None:
        acting_user: Actor = SYSTEM
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Onbekende gebruiker: {options['user']}")
            acting_user = user
        try:
            read = read_path(options["file"], options["kind"])
            counts = do_import_hsds(read, acting_user)
        except HsdsFileError as error:
            raise CommandError(
                "Er is niets ingelezen. Verbeter het bestand en probeer het opnieuw:\n"
                + "\n".join(f"- {message}" for message in error.messages)
            ) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        if not counts:
            self.stdout.write("Het bestand bevat geen HSDS-records; er is niets ingelezen.")
            return
        summary = ", ".join(f"{n} x {TABLE_LABELS.get(t, t)}" for t, n in sorted(counts.items()))
        self.stdout.write(f"Ingelezen: {summary}.")

    def _export(self, options: dict[str, Any]) -> None:
        snapshot = MapSnapshot()
        out: Path = options["out"]
        if options["format"] == "json":
            out.write_text(export_json(snapshot), encoding="utf-8")
            count = len(snapshot.rows["service"])
            self.stdout.write(f"{count} diensten geschreven naar {out}.")
        else:
            names = write_csv_package(snapshot, out)
            self.stdout.write(f"{len(names)} bestanden geschreven naar {out}.")
