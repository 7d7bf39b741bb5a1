"""Load benchmark: a 100,000-resident municipality on PostgreSQL behind gunicorn, under locust.

1. Seeds municipality "Benchstad" (residents, offers, needs, the demo social map) in the
   PostgreSQL database of BENCH_LOAD_DATABASE_URL (kept between runs: a database already
   holding the same number of residents is reused).
2. Starts gunicorn with production settings (buurtwerk.settings.bench: DEBUG off, rate limits
   off) on a free port of 127.0.0.1 and logs a buurtwerker in by writing a session directly,
   marked as confirmed with a second factor (the benchmark measures pages, not the login).
3. Saturation: per endpoint, locust runs 20 users back to back (no think time) and reports
   p50/p95/max, requests per second, errors, and the ratio of each endpoint's throughput to
   that of a minimal Django view (the ceiling of this machine and server setup).
4. Working day: 20 users with think time spread over all endpoints at once; the latency
   targets (p95 < 150 ms, no errors) are judged on this run.

Endpoints are the ENDPOINTS table: add a row when a page exists (a row whose URL does not
resolve yet is skipped with a note). Run: `python bench/bench_load.py [--json]`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/buurtwerk_bench"
MUNICIPALITY = "Benchstad"
USERS = 20


@dataclass(frozen=True)
class Endpoint:
    """One thing to load. `path` may hold {placeholders} filled from SAMPLES."""

    name: str
    path: str
    target_p95_ms: float | None = None
    ceiling: bool = False
    anonymous: bool = False
    note: str = ""


ENDPOINTS = [
    # What a load balancer asks, without a session: the full middleware stack, no database.
    Endpoint("minimal view", "/gezond/live/", ceiling=True, anonymous=True),
    Endpoint("health", "/gezond/", anonymous=True, note="one SELECT 1"),
    Endpoint("dashboard", "/", target_p95_ms=150),
    Endpoint("resident list", "/bewoners/?pagina={page}", target_p95_ms=150),
    Endpoint("resident search", "/bewoners/?q={surname}"),
    Endpoint("resident detail", "/bewoners/{resident}/", target_p95_ms=150),
    Endpoint("API residents", "/api/v1/residents?offset={offset}"),
    Endpoint("need suggestions", "/api/v1/needs/{need}/suggestions", target_p95_ms=150),
    Endpoint("vraagbaak", "/sociale-kaart/?vraag={question}", target_p95_ms=150),
]

QUESTIONS = [
    "hulp bij formulieren invullen",
    "eenzaam en wil mensen ontmoeten",
    "schulden en rekeningen niet betalen",
    "vervoer naar het ziekenhuis",
    "taalles Nederlands",
]
SURNAMES = ["jansen", "de vries", "visser", "yilmaz", "bakker", "nowak"]


@dataclass
class Run:
    """Timings of one locust run, per endpoint name."""

    samples: dict[str, list[tuple[float, float, bool]]] = field(default_factory=dict)
    seconds: float = 0.0


# --- database and data --------------------------------------------------------------------


def _connect_maintenance(url: str) -> Any:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=3,
    ), config["NAME"]


def _seeded_residents(url: str) -> int:
    """Residents of the benchmark city, or 0 when its needs or services are missing."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            row = connection.execute(
                "SELECT count(*) FROM people_resident r "
                "JOIN people_neighbourhood n ON n.id = r.neighbourhood_id "
                "JOIN people_district d ON d.id = n.district_id "
                "JOIN people_municipality m ON m.id = d.municipality_id WHERE m.name = %s",
                [MUNICIPALITY],
            ).fetchone()
            extras = connection.execute(
                "SELECT (SELECT count(*) FROM matching_need), "
                "(SELECT count(*) FROM socialmap_service)"
            ).fetchone()
            complete = extras is not None and all(extras)
            return int(row[0]) if row and complete else 0
    except psycopg.Error:
        return 0


def prepare_database(url: str, residents: int) -> bool:
    """Make sure the database holds exactly the benchmark city; True when it was reused."""
    if _seeded_residents(url) == residents:
        return True
    maintenance, name = _connect_maintenance(url)
    if "bench" not in name:
        maintenance.close()
        raise RuntimeError(f"refusing to drop database {name!r}: its name must contain 'bench'")
    with maintenance:
        # Only ever the benchmark's own database: a fresh one beats cleaning up a half-seeded one.
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.execute(f'CREATE DATABASE "{name}"')
    return False


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "buurtwerk.settings.bench"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def seed(residents: int, reused: bool, log: Callable[[str], None]) -> float:
    from django.core.management import call_command

    from buurtwerk.people.seeding import seed_city

    call_command("migrate", verbosity=0)
    if reused:
        return 0.0
    started = time.perf_counter()
    seed_city(residents, name=MUNICIPALITY, progress=lambda made: log(f"  seeded {made}"))
    seed_matching_and_social_map(residents)
    return time.perf_counter() - started


def seed_matching_and_social_map(residents: int) -> None:
    """Offers and needs as bench_matching_db seeds them (one offer per 10 residents, one need
    per 20), and the demo social map for the vraagbaak."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_matching_db import seed_offers_and_needs

    from buurtwerk.socialmap.actions import do_import_hsds
    from buurtwerk.socialmap.demo import demo_services
    from buurtwerk.socialmap.hsds.reader import read_json_data

    seed_offers_and_needs(random.Random(2024), residents // 10, residents // 20)
    do_import_hsds(read_json_data(demo_services()), None)
    # Marking residents as certified rewrote a third of the rows: fresh statistics and
    # visibility, as autovacuum would leave them, or counts read the table instead of the index.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def bench_session() -> str:
    """A logged-in buurtwerker whose team works in the whole municipality: "name=value".

    Written straight into the session store, as Django's test client does: the benchmark
    measures pages, not the login, and the session is marked as confirmed with a second
    factor (a device made for the purpose), as after a real two-step login.
    """
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from buurtwerk.accounts.models import User
    from buurtwerk.core.permissions import Role
    from buurtwerk.people.models import Municipality, Neighbourhood, Team

    municipality = Municipality.objects.get(name=MUNICIPALITY)
    team, _ = Team.objects.get_or_create(
        name="Benchteam", defaults={"kind": Team.Kind.WIJKTEAM, "municipality": municipality}
    )
    team.neighbourhoods.set(Neighbourhood.objects.filter(district__municipality=municipality))
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"role": Role.BUURTWERKER, "first_name": "Bench"}
    )
    user.teams.set([team])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Professionals confirm a second factor after the password; this session has done so.
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _need_ids() -> list[Any] | None:
    from django.apps import apps

    try:
        need = apps.get_model("matching", "Need")
    except LookupError:
        return None
    return list(need.objects.values_list("pk", flat=True)[:200]) or None


def _resident_ids() -> list[Any]:
    from buurtwerk.people.models import Resident

    ids = list(
        Resident.objects.filter(neighbourhood__district__municipality__name=MUNICIPALITY)
        .order_by("?")
        .values_list("pk", flat=True)[:500]
    )
    return ids


SAMPLES: dict[str, Callable[[], list[Any] | None]] = {
    "page": lambda: list(range(1, 41)),
    "offset": lambda: [50 * page for page in range(40)],
    "resident": _resident_ids,
    "surname": lambda: SURNAMES,
    "question": lambda: QUESTIONS,
    "need": _need_ids,
}


def resolve_paths(endpoint: Endpoint) -> tuple[list[str], str]:
    """The concrete URLs to request, or ([], reason) when the endpoint cannot be loaded yet."""
    from string import Formatter
    from urllib.parse import quote_plus, urlsplit

    from django.urls import Resolver404, resolve

    names = [name for _, name, _, _ in Formatter().parse(endpoint.path) if name]
    try:
        resolve(urlsplit(endpoint.path.format(**dict.fromkeys(names, "1"))).path)
    except Resolver404:
        return [], f"{urlsplit(endpoint.path).path} does not exist yet"
    values: dict[str, list[Any]] = {}
    for name in names:
        sample = SAMPLES[name]()
        if not sample:
            return [], f"no data for {{{name}}} yet"
        values[name] = sample
    rng = random.Random(7)
    paths = []
    for _ in range(200 if names else 1):
        filled = {name: quote_plus(str(rng.choice(values[name]))) for name in names}
        paths.append(endpoint.path.format(**filled))
    return sorted(set(paths)), ""


# --- server and load ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, workers: int, threads: int, url: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "buurtwerk.settings.bench",
        "BUURTWERK_CONN_MAX_AGE": "600",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "buurtwerk.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--log-level=warning",
            "--pythonpath",
            str(ROOT / "src"),
        ],
        env=environment,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/gezond/", timeout=5):  # noqa: S310
                return server
        except OSError:  # refused while binding, or a timeout while the workers boot
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError("gunicorn did not start within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def run_locust(
    port: int, targets: list[dict[str, Any]], cookie: str, seconds: int, think: str
) -> Run:
    with tempfile.TemporaryDirectory() as scratch:
        samples_file = Path(scratch) / "samples.json"
        environment = {
            **os.environ,
            "BENCH_TARGETS": json.dumps(targets),
            "BENCH_SESSION_COOKIE": cookie,
            "BENCH_THINK": think,
            "BENCH_SAMPLES": str(samples_file),
        }
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile_load.py"),
                "--headless",
                f"--users={USERS}",
                f"--spawn-rate={USERS}",
                f"--run-time={seconds}s",
                f"--host=http://127.0.0.1:{port}",
                "--only-summary",
                "--loglevel=ERROR",
                "--stop-timeout=5",
            ],
            env=environment,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=seconds + 60,
        )
        run = Run(seconds=time.monotonic() - started)
        for name, began, duration_ms, ok in json.loads(samples_file.read_text()):
            run.samples.setdefault(name, []).append((began, duration_ms, ok))
    return run


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summarise(samples: list[tuple[float, float, bool]], warmup: float) -> dict[str, Any]:
    """Figures over the steady part of a run (after `warmup` seconds of users starting)."""
    first = min(began for began, _, _ in samples)
    steady = [sample for sample in samples if sample[0] >= first + warmup] or samples
    durations = [duration for _, duration, _ in steady]
    span = max(began + duration / 1000 for began, duration, _ in steady) - min(
        began for began, _, _ in steady
    )
    return {
        "requests": len(steady),
        "errors": sum(not ok for _, _, ok in steady),
        "p50_ms": round(percentile(durations, 0.50), 1),
        "p95_ms": round(percentile(durations, 0.95), 1),
        "max_ms": round(max(durations), 1),
        "req_per_s": round(len(steady) / span, 1) if span > 0 else 0.0,
    }


# --- report -------------------------------------------------------------------------------


def render(report: dict[str, Any]) -> str:
    lines = [
        f"{report['residents']:,} residents in {report['municipality']} on PostgreSQL "
        f"({'reused' if report['reused'] else f'seeded in {report["seed_seconds"]:.0f} s'}); "
        f"gunicorn {report['workers']} workers x {report['threads']} threads; "
        f"{USERS} users; buurtwerker with the whole municipality in reach",
        "",
        f"Saturation: {USERS} users back to back, {report['saturation_seconds']} s per endpoint",
        f"{'endpoint':<18}{'req':>7}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'req/s':>9}{'x ceiling':>11}",
    ]
    for name, row in report["saturation"].items():
        lines.append(
            f"{name:<18}{row['requests']:>7}{row['errors']:>5}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['max_ms']:>9.1f}{row['req_per_s']:>9.1f}"
            f"{row['ratio_to_ceiling']:>11.2f}"
        )
    lines += [
        "",
        f"Working day: {USERS} users, {report['think']} s between clicks, all endpoints mixed, "
        f"{report['working_day_seconds']} s",
        f"{'endpoint':<18}{'req':>7}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'target':>9}  verdict",
    ]
    for name, row in report["working_day"].items():
        target = row.get("target_p95_ms")
        verdict = "" if target is None else ("ok" if row["meets_target"] else "MISSES TARGET")
        lines.append(
            f"{name:<18}{row['requests']:>7}{row['errors']:>5}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['max_ms']:>9.1f}"
            f"{'' if target is None else f'<{target:.0f}':>9}  {verdict}"
        )
    for name, reason in report["skipped"].items():
        lines.append(f"skipped {name}: {reason}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=8, help="saturation run per endpoint")
    parser.add_argument("--day-seconds", type=int, default=40, help="working-day run")
    parser.add_argument("--think", default="0.5,1.5", help="seconds between clicks: low,high")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated endpoint names to load")
    args, _unknown = parser.parse_known_args()
    url = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)

    def log(message: str) -> None:
        if not args.json:
            print(message, flush=True)

    try:
        reused = prepare_database(url, args.residents)
    except Exception as error:  # noqa: BLE001 - no usable PostgreSQL database means: skip
        print(f"bench_load skipped: no benchmark database at {url} ({error})")
        return 0
    setup_django(url)
    seed_seconds = seed(args.residents, reused, log)
    cookie = bench_session()

    targets, skipped = [], {}
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    for endpoint in ENDPOINTS:
        if wanted and endpoint.name not in wanted and not endpoint.ceiling:
            continue
        paths, reason = resolve_paths(endpoint)
        if paths:
            targets.append(
                (
                    endpoint,
                    {"name": endpoint.name, "paths": paths, "anonymous": endpoint.anonymous},
                )
            )
        else:
            skipped[endpoint.name] = reason
            log(f"skipping {endpoint.name}: {reason}")

    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(port, args.workers, args.threads, url)
    try:
        saturation = {}
        for endpoint, target in targets:
            log(f"saturating {endpoint.name} ...")
            run = run_locust(port, [target], cookie, args.seconds, "0")
            saturation[endpoint.name] = summarise(run.samples.get(endpoint.name, []), 1.0)
        log("working day, all endpoints ...")
        day = run_locust(
            port, [target for _, target in targets], cookie, args.day_seconds, args.think
        )
    finally:
        stop_server(server)

    ceiling = next(saturation[e.name]["req_per_s"] for e, _ in targets if e.ceiling)
    for row in saturation.values():
        row["ratio_to_ceiling"] = round(row["req_per_s"] / ceiling, 3) if ceiling else 0.0
    working_day = {}
    for endpoint, _ in targets:
        row = summarise(day.samples.get(endpoint.name, []), 2.0)
        row["target_p95_ms"] = endpoint.target_p95_ms
        row["meets_target"] = endpoint.target_p95_ms is None or (
            row["p95_ms"] < endpoint.target_p95_ms and row["errors"] == 0
        )
        working_day[endpoint.name] = row

    report = {
        "municipality": MUNICIPALITY,
        "residents": args.residents,
        "reused": reused,
        "seed_seconds": round(seed_seconds, 1),
        "workers": args.workers,
        "threads": args.threads,
        "users": USERS,
        "saturation_seconds": args.seconds,
        "working_day_seconds": args.day_seconds,
        "think": args.think,
        "saturation": saturation,
        "working_day": working_day,
        "skipped": skipped,
        "all_targets_met": all(row["meets_target"] for row in working_day.values()),
        "errors": sum(row["errors"] for row in [*saturation.values(), *working_day.values()]),
    }
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
