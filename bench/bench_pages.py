"""Page render benchmark: the resident list, search and detail page on a seeded municipality.

Runs against a fresh database: SQLite under var/bench/ by default, or the PostgreSQL server of
BENCH_DATABASE_URL. Reports seeding time and p50/p95 latency per page (server-side render,
Django test client, no network).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args, _unknown = parser.parse_known_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = bench_dir / "pages.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "buurtwerk.settings.test"
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    from buurtwerk.accounts.models import User
    from buurtwerk.core.permissions import Role
    from buurtwerk.people.models import Neighbourhood, Resident, Team
    from buurtwerk.people.seeding import seed_city

    started = time.perf_counter()
    municipality = seed_city(args.residents, name="Benchstad")
    seed_seconds = time.perf_counter() - started

    team = Team.objects.create(
        name="Bench-team", kind=Team.Kind.WIJKTEAM, municipality=municipality
    )
    team.neighbourhoods.set(Neighbourhood.objects.all())
    worker = User.objects.create(username="bench", role=Role.BUURTWERKER)
    worker.teams.set([team])
    client = Client()
    client.force_login(worker)
    sample_ids = list(Resident.objects.values_list("id", flat=True)[: args.repeat])

    def measure(url_for_round) -> dict[str, float]:  # type: ignore[no-untyped-def]
        timings = []
        for index in range(args.repeat):
            began = time.perf_counter()
            response = client.get(url_for_round(index))
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
        return {"p50_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95)}

    results = {
        "database": connection.vendor,
        "residents": args.residents,
        "seed_seconds": round(seed_seconds, 2),
        "resident_list": measure(lambda i: f"/bewoners/?pagina={1 + i % 20}"),
        "resident_search": measure(lambda i: "/bewoners/?q=jansen"),
        "resident_detail": measure(lambda i: f"/bewoners/{sample_ids[i % len(sample_ids)]}/"),
        "dashboard": measure(lambda i: "/"),
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(
            f"{results['residents']} residents on {results['database']}, "
            f"seeded in {results['seed_seconds']} s"
        )
        print(f"{'page':<18}{'p50 ms':>10}{'p95 ms':>10}")
        for page in ("resident_list", "resident_search", "resident_detail", "dashboard"):
            row = results[page]
            print(f"{page:<18}{row['p50_ms']:>10.1f}{row['p95_ms']:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
