import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtwerk.core.actions import SYSTEM
from buurtwerk.matching.actions import do_save_suggestions
from buurtwerk.matching.city import run_city_matching
from buurtwerk.matching.models import Need, Offer


class Command(BaseCommand):
    # The checks take longer than a small city's whole run; `buurtwerk check` still runs them.
    requires_system_checks: list[str] = []
    help = (
        "Koppel alle open hulpvragen in één keer aan het aanbod (de beste totale verdeling). "
        "Met --save worden de koppelingen als voorstel bewaard."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Uitvoer als JSON")
        parser.add_argument(
            "--candidates",
            action="store_true",
            help="Alle mogelijke paren (hulpvraag, aanbod, score) in plaats van de verdeling",
        )
        parser.add_argument(
            "--save", action="store_true", help="Bewaar de verdeling als voorgestelde koppelingen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        city = run_city_matching()
        if options["candidates"]:
            rows = city.candidate_rows()
            self.stdout.write(json.dumps({"candidates": rows}, ensure_ascii=False))
        elif options["json"]:
            result = {
                "matches": [
                    {
                        "need": city.need_ref(match.need_ref),
                        "offer": city.offer_ref(match.offer_ref),
                        "score": match.score,
                        "reasons": list(match.reasons),
                    }
                    for match in city.assignment.matches
                ],
                "unmatched_needs": [city.need_ref(ref) for ref in city.assignment.unmatched_needs],
                "total_score": city.assignment.total_score,
            }
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            for match in city.assignment.matches:
                self.stdout.write(
                    f"{city.need_ref(match.need_ref)} -> {city.offer_ref(match.offer_ref)} "
                    f"({match.score:.2f}): {', '.join(match.reasons)}"
                )
            self.stdout.write(
                f"{len(city.assignment.matches)} van {len(city.needs)} open hulpvragen gekoppeld, "
                f"totale score {city.assignment.total_score:.2f}."
            )
        if options["save"]:
            needs = Need.objects.select_related("resident").in_bulk(
                [match.need_ref for match in city.assignment.matches]
            )
            offers = Offer.objects.select_related("resident").in_bulk(
                [match.offer_ref for match in city.assignment.matches]
            )
            created = do_save_suggestions(
                (
                    (needs[match.need_ref], offers[match.offer_ref], match)
                    for match in city.assignment.matches
                ),
                SYSTEM,
            )
            self.stderr.write(f"{created} nieuwe voorstellen bewaard.")
