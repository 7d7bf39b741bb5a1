import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.socialmap.queries import Answer, answer


def _results(answers: list[Answer]) -> list[dict[str, Any]]:
    return [{"service": a.service_id, "score": round(a.score, 4), "why": a.why} for a in answers]


class Command(BaseCommand):
    help = "Vraagbaak: zoek de juiste diensten op de sociale kaart bij een vraag van een bewoner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("vraag", nargs="?", help="De vraag in gewone woorden")
        parser.add_argument("--json", action="store_true", help="Antwoord als JSON")
        parser.add_argument(
            "--batch", type=Path, help='JSONL-bestand met per regel {"id": ..., "vraag": ...}'
        )
        parser.add_argument("-k", type=int, default=10, help="Aantal resultaten (standaard 10)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            self._batch(options["batch"], options["k"])
            return
        if not options["vraag"]:
            raise CommandError('Geef een vraag, bijvoorbeeld: buurtwerk ask "hulp bij schulden"')
        answers = answer(options["vraag"], k=options["k"])
        if options["json"]:
            self.stdout.write(json.dumps({"results": _results(answers)}, ensure_ascii=False))
            return
        if not answers:
            self.stdout.write("Geen passende dienst gevonden. Vraag het de buurtwerker.")
        for position, found in enumerate(answers, start=1):
            name = found.service.get("name", found.service_id)
            self.stdout.write(f"{position}. {name} [{found.service_id}] ({found.score:.1f})")
            self.stdout.write(f"   {found.why}")

    def _batch(self, path: Path, k: int) -> None:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan {path} niet lezen: {error}") from error
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                question = row["vraag"]
            except (json.JSONDecodeError, KeyError, TypeError):
                print(f"Regel {number}: geen geldige regel met 'vraag'.", file=sys.stderr)
                continue
            results = _results(answer(str(question), k=k))
            self.stdout.write(
                json.dumps({"id": row.get("id"), "results": results}, ensure_ascii=False)
            )
