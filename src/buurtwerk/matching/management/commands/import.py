from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.core.actions import SYSTEM
from buurtwerk.matching.importer import ImportFailed, ImportProblem, read_path
from buurtwerk.matching.importer.reading import TABLE_LABELS
from buurtwerk.matching.importing import do_import


class Command(BaseCommand):
    help = (
        "Lees bewoners, relaties, aanbod en hulpvragen in: een .json-bestand (buurtwerk-import/1), "
        "een map of .zip met CSV-bestanden, of een .xlsx-bestand. Alles of niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Bestand of map met het formaat uit docs/import-format.md")
        parser.add_argument(
            "--municipality",
            help="Gemeente voor nieuwe wijken (nodig als er meer dan één gemeente is)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = read_path(Path(options["file"]))
            report = do_import(
                document, SYSTEM, municipality=options["municipality"], progress=self.progress
            )
        except ImportProblem as problem:
            raise CommandError(f"Er is niets ingelezen. {problem}") from None
        except ImportFailed as failed:
            lines = "\n".join(f"- {problem}" for problem in failed.problems)
            raise CommandError(f"Er is niets ingelezen. Wat er mis is:\n{lines}") from None
        self.stdout.write(f"Ingelezen. {report.summary()}.")

    def progress(self, table: str, done: int, total: int) -> None:
        """One line per table on the terminal, redrawn as rows are checked and written."""
        label = TABLE_LABELS.get(table, table)
        end = "\n" if done == total else ""
        self.stderr.write(f"\r{label}: {done:,} van {total:,} rijen".replace(",", "."), ending=end)
        self.stderr.flush()
