"""Matching through the database: top-10 suggestions for one need as a buurtwerker sees them
(`matching.queries.suggestions_for_need`: scoping, the adapter's queries and the engine), and
the whole-city run behind `buurtwerk match` (`matching.city.run_city_matching`).

Runs against a fresh database: SQLite under var/bench/ by default, or the PostgreSQL server of
BENCH_DATABASE_URL. The municipality is seeded with `people.seeding.seed_city`; offers and needs
are generated deterministically on top of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from reference_solve import reference_solve  # noqa: E402

BATCH = 5000


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def setup_database() -> None:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = bench_dir / "matching.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "buurtwerk.settings.test"
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def seed_offers_and_needs(rng: random.Random, offers: int, needs: int) -> None:
    from buurtwerk.matching.engine import CATEGORIES, SLOTS, requires_certificate_by_default
    from buurtwerk.matching.models import Need, Offer
    from buurtwerk.people.models import Resident

    ids = list(Resident.objects.values_list("id", flat=True))
    certified = rng.sample(ids, len(ids) * 35 // 100)
    for start in range(0, len(certified), BATCH):
        Resident.objects.filter(pk__in=certified[start : start + BATCH]).update(
            certificate_of_conduct_on=date(2025, 6, 1)
        )

    def slots(low: int, high: int) -> list[str]:
        return sorted(rng.sample(SLOTS, rng.randint(low, high)), key=SLOTS.index)

    Offer.objects.bulk_create(
        (
            Offer(
                resident_id=rng.choice(ids),
                category=rng.choice(CATEGORIES),
                description="Helpt graag",
                availability=slots(2, 6),
                per_week=rng.choice([1, 1, 1, 2, 3]),
                max_distance_km=rng.choice([0.5, 1.0, 2.0, 2.0, 3.0, 5.0]),
            )
            for _ in range(offers)
        ),
        batch_size=BATCH,
    )
    need_list = []
    for _ in range(needs):
        category = rng.choice(CATEGORIES)
        need_list.append(
            Need(
                resident_id=rng.choice(ids),
                category=category,
                description="Zoekt hulp",
                availability=slots(2, 5),
                urgency=rng.choice([1, 1, 2, 3]),
                requires_certificate=requires_certificate_by_default(category),
            )
        )
    Need.objects.bulk_create(need_list, batch_size=BATCH)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args, _unknown = parser.parse_known_args()

    setup_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from buurtwerk.accounts.models import User
    from buurtwerk.core.permissions import Role
    from buurtwerk.matching import queries
    from buurtwerk.matching.city import run_city_matching
    from buurtwerk.matching.models import Match, Need
    from buurtwerk.people.models import Neighbourhood, Team
    from buurtwerk.people.seeding import seed_city

    rng = random.Random(args.seed)
    started = time.perf_counter()
    municipality = seed_city(args.residents, name="Benchstad", seed=args.seed)
    seed_offers_and_needs(rng, args.offers, args.needs)
    seed_seconds = time.perf_counter() - started

    team = Team.objects.create(
        name="Bench-team", kind=Team.Kind.WIJKTEAM, municipality=municipality
    )
    team.neighbourhoods.set(Neighbourhood.objects.all())
    worker = User.objects.create(username="bench", role=Role.BUURTWERKER)
    worker.teams.set([team])

    sample_ids = rng.sample(list(Need.objects.values_list("id", flat=True)), args.samples)
    needs = Need.objects.select_related("resident").in_bulk(sample_ids)
    queries.suggestions_for_need(worker, needs[sample_ids[0]])
    timings, found, query_counts = [], [], []
    for need_id in sample_ids:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            suggestions = queries.suggestions_for_need(worker, needs[need_id])
            timings.append((time.perf_counter() - began) * 1000)
        found.append(len(suggestions))
        query_counts.append(len(captured.captured_queries))

    # The anchor of the suggestions: the smallest query the same page makes, in the same window.
    anchor = []
    for need_id in sample_ids:
        began = time.perf_counter()
        Need.objects.filter(pk=need_id).exists()
        anchor.append((time.perf_counter() - began) * 1000)

    city_seconds, reference_seconds, ratios = [], [], []
    for _ in range(args.repeats):
        began = time.process_time()
        city = run_city_matching()
        city_seconds.append(time.process_time() - began)
        # The same needs and offers, as read from the database, solved the plainest way.
        began = time.process_time()
        reference_total, _pairs = reference_solve(city.needs, city.offers)
        reference_seconds.append(time.process_time() - began)
        ratios.append(city_seconds[-1] / reference_seconds[-1])
    # The bench city has no matches yet, so capacity and declined pairs do not differ.
    untouched = not Match.objects.exists()
    if untouched and abs(city.assignment.total_score - reference_total) > 1e-6:
        raise AssertionError("the database run and the reference solve disagree on the optimum")

    results = {
        "database": connection.vendor,
        "residents": args.residents,
        "offers": args.offers,
        "needs": args.needs,
        "seed_seconds": round(seed_seconds, 1),
        "suggestions_for_need": {
            "samples": len(timings),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "p95_over_one_query": round(percentile(timings, 0.95) / statistics.median(anchor), 1),
            "queries_max": max(query_counts),
            "mean_suggestions": round(statistics.mean(found), 1),
            "target_p95_ms": 10.0,
        },
        "whole_city": {
            "cpu_seconds_min": round(min(city_seconds), 2),
            "cpu_seconds_median": round(statistics.median(city_seconds), 2),
            "over_reference_min": round(min(ratios), 2),
            "over_reference_median": round(statistics.median(ratios), 2),
            "candidates": len(city.candidates),
            "needs_matched": len(city.assignment.matches),
            "open_needs": len(city.needs),
        },
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        s = results["suggestions_for_need"]
        c = results["whole_city"]
        print(
            f"{args.residents:,} residents, {args.offers:,} offers, {args.needs:,} needs "
            f"on {results['database']}, seeded in {results['seed_seconds']} s"
        )
        verdict = "ok" if s["p95_ms"] < s["target_p95_ms"] else "MISSED"
        print(
            f"top-10 suggestions via the database: p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms "
            f"(target < 10 ms: {verdict}; {s['p95_over_one_query']}x a one-row query), "
            f"at most {s['queries_max']} queries, "
            f"{s['mean_suggestions']} suggestions on average"
        )
        print(
            f"whole city from the database (adapter + candidates + exact assignment), "
            f"{args.repeats} runs: {c['over_reference_min']}x (min) and "
            f"{c['over_reference_median']}x (median) the reference solve of the same data; "
            f"CPU {c['cpu_seconds_min']} s (min), {c['candidates']:,} candidates, "
            f"{c['needs_matched']:,} of {c['open_needs']:,} needs matched"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
