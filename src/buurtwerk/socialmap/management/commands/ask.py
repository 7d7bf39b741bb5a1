import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.socialmap.queries import Answer, alerts, answer


def _results(answers: list[Answer]) -> list[dict[str, Any]]:
    return [{"service": a.service_id, "score": round(a.score, 4), "why": a.why} for a in answers]


def _alerts(question: str) -> list[dict[str, str]]:
    return [{"danger": a.danger, "note": a.note} for a in alerts(question)]


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
        question = options["vraag"]
        answers = answer(question, k=options["k"])
        if options["json"]:
            found = {"results": _results(answers), "alerts": _alerts(question)}
            self.stdout.write(json.dumps(found, ensure_ascii=False))
            return
        for alert in alerts(question):
            self.stdout.write(f"! {alert.note}")
        if not answers:
            self.stdout.write("Geen passende dienst gevonden. Vraag het de buurtwerker.")
        for position, hit in enumerate(answers, start=1):
            name = hit.service.get("name", hit.service_id)
            self.stdout.write(f"{position}. {name} [{hit.service_id}] ({hit.score:.1f})")
            self.stdout.write(f"   {hit.why}")

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
            question = str(question)
            found = {
                "id": row.get("id"),
                "results": _results(answer(question, k=k)),
                "alerts": _alerts(question),
            }
            self.stdout.write(json.dumps(found, ensure_ascii=False))
