"""`make eval`: the vraagbaak and two baselines, on a fresh database filled by the HSDS importer.

Usage (from the repository root):

    .venv/bin/python bench/eval_socialmap.py [--postgres URL] [--map MAP.json]
                                             [--questions Q.jsonl] [--scale 1000]

The map is imported with `buurtwerk socialmap import` into a new database: a fresh PostgreSQL
database next to the one in URL when that server answers (so PostgreSQL full-text search can
be measured too), else a temporary SQLite file. Three systems are measured on the questions:

- vraagbaak: the application's own search (buurtwerk.socialmap.queries.answer);
- plain BM25: BM25 over the unprocessed words of the same services;
- PostgreSQL FTS: the `dutch` text search configuration, ts_rank over name (A), alternate name
  and themes (B), description (C), organisation, eligibility, how to apply and fees (D), with
  the question's words joined by OR (joined by AND, a long question matches nothing).

Latency is the time per question on a map of `--scale` services (the real map plus variants).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import dj_database_url
import psycopg
from eval_vraagbaak import (
    DEFAULT_MAP,
    DEFAULT_QUESTIONS,
    Metrics,
    eval_set_present,
    evaluate,
    halves,
    latency_ms,
    load_questions,
    scaled_map,
)

K = 10

RankFn = Callable[[str], Sequence[str]]

FTS_DOCUMENTS = """
CREATE TEMPORARY TABLE eval_fts AS
SELECT s.id,
       setweight(to_tsvector('dutch', coalesce(s.name, '')), 'A')
    || setweight(to_tsvector('dutch', coalesce(s.alternate_name, '') || ' ' || coalesce(
           (SELECT string_agg(t.name, ' ') FROM socialmap_attribute a
            JOIN socialmap_taxonomyterm t ON t.id = a.taxonomy_term_id
            WHERE a.link_id = s.id), '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(s.description, '')), 'C')
    || setweight(to_tsvector('dutch', coalesce(o.name, '') || ' '
           || coalesce(s.eligibility_description, '') || ' '
           || coalesce(s.application_process, '') || ' '
           || coalesce(s.fees_description, '')), 'D') AS document
FROM socialmap_service s
LEFT JOIN socialmap_organization o ON o.id = s.organization_id
WHERE s.status = 'active'
"""

FTS_QUERY = """
WITH question AS (
    SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) AS query
    FROM unnest(to_tsvector('dutch', %s))
)
SELECT eval_fts.id FROM eval_fts, question
WHERE question.query IS NOT NULL AND eval_fts.document @@ question.query
ORDER BY ts_rank(eval_fts.document, question.query) DESC, eval_fts.id
LIMIT %s
"""


def _admin_connection(url: str) -> psycopg.Connection | None:
    config = dj_database_url.parse(url)
    try:
        return psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
            autocommit=True,
        )
    except psycopg.OperationalError:
        return None


def _fresh_database(postgres_url: str) -> tuple[str, Callable[[], None]]:
    """A DATABASE_URL of an empty database, and how to remove it afterwards."""
    admin = _admin_connection(postgres_url) if postgres_url else None
    if admin is None:
        folder = tempfile.mkdtemp(prefix="buurtwerk-eval-")
        path = Path(folder) / "eval.sqlite3"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    config = dj_database_url.parse(postgres_url)
    name = f"{config['NAME'] or 'buurtwerk'}_eval"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return postgres_url.rsplit("/", 1)[0] + f"/{name}", drop


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "buurtwerk.settings.dev"
    os.environ.setdefault("BUURTWERK_VAR_DIR", tempfile.mkdtemp(prefix="buurtwerk-eval-var-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _import(path: Path) -> None:
    from django.core.management import call_command

    call_command("socialmap", "import", str(path), "--kind", "service")


def _systems() -> dict[str, RankFn]:
    from django.db import connection

    from buurtwerk.socialmap.engine import docs_from_hsds, plain_bm25_baseline
    from buurtwerk.socialmap.interchange import MapSnapshot
    from buurtwerk.socialmap.queries import answer

    plain = plain_bm25_baseline(docs_from_hsds(MapSnapshot().services(active_only=True)))
    systems: dict[str, RankFn] = {
        "vraagbaak": lambda q: [a.service_id for a in answer(q, k=K)],
        "plain BM25": lambda q: [r.service_id for r in plain.search(q, K)],
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS eval_fts")
            cursor.execute(FTS_DOCUMENTS)

        def postgres_fts(question: str) -> list[str]:
            with connection.cursor() as cursor:
                cursor.execute(FTS_QUERY, [question, K])
                return [row[0] for row in cursor.fetchall()]

        systems["PostgreSQL FTS"] = postgres_fts
    return systems


def _table(rows: dict[str, Metrics], latency: dict[str, float], services: int) -> str:
    header = f"{'systeem':<20}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'MRR':>8}{'p95 ms':>10}"
    lines = [header, "-" * len(header)]
    for name, metrics in rows.items():
        p95 = f"{latency[name]:.2f}" if name in latency else "-"
        lines.append(
            f"{name:<20}{metrics.n:>4}{metrics.hit_at_1:>8.3f}{metrics.hit_at_3:>8.3f}"
            f"{metrics.mrr:>8.3f}{p95:>10}"
        )
    lines.append(f"(p95: tijd per vraag op een kaart van {services} diensten)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("POSTGRES_URL", ""))
    parser.add_argument("--map", type=Path, default=DEFAULT_MAP)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--scale", type=int, default=1000)
    args = parser.parse_args(argv)
    if not eval_set_present(args.map, args.questions):
        return 0

    database_url, remove_database = _fresh_database(args.postgres)
    try:
        _setup_django(database_url)
        from django.db import connection

        print(f"Database: {connection.vendor} (nieuw, alleen voor deze meting)")
        _import(args.map)
        questions = load_questions(args.questions)
        systems = _systems()
        rows = {name: evaluate(rank, questions) for name, rank in systems.items()}
        # Even and odd questions apart: a change should help both halves, not a few questions.
        first, second = halves(questions)
        half_rows = {
            f"{name} {label}": evaluate(systems[name], part)
            for name in ("vraagbaak",)
            for label, part in (("helft A", first), ("helft B", second))
        }
        if "PostgreSQL FTS" not in systems:
            print("PostgreSQL niet bereikbaar: de PostgreSQL FTS-meting is overgeslagen.")

        services = json.loads(args.map.read_text(encoding="utf-8"))
        variants = scaled_map(services, args.scale)[len(services) :]
        with tempfile.TemporaryDirectory() as folder:
            scaled = Path(folder) / "kaart-groot.json"
            scaled.write_text(json.dumps(variants, ensure_ascii=False), encoding="utf-8")
            _import(scaled)
        large_systems = _systems()
        texts = [question.text for question in questions]
        started = time.perf_counter()
        large_systems["vraagbaak"](texts[0])
        build_ms = (time.perf_counter() - started) * 1000
        latency = {name: latency_ms(rank, texts)["p95_ms"] for name, rank in large_systems.items()}
        print()
        print(_table({**rows, **half_rows}, latency, len(services) + len(variants)))
        print(f"(index van {len(services) + len(variants)} diensten bouwen: {build_ms:.0f} ms)")
    finally:
        remove_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
