"""`make eval`: the vraagbaak and two baselines, on a fresh database filled by the HSDS importer.

Usage (from the repository root):

    .venv/bin/python bench/eval_socialmap.py [--postgres URL] [--scale 1000]
                                             [--set NAME=MAP.json,QUESTIONS.jsonl ...]

Every set is a map and its questions. By default the held-out sets (bench/heldout/*/) come
first, then the dev set of ../shared/eval/ (or BUURTWERK_EVAL_DIR); only the dev set may be used
for tuning, and a set whose files are missing is skipped with a message. Each map
is imported with `buurtwerk socialmap import` into a new database (emptied between sets): a
fresh PostgreSQL database next to the one in URL when that server answers (so PostgreSQL
full-text search can be measured too), else a temporary SQLite file. Three systems are
measured on the questions:

- vraagbaak: the application's own search (buurtwerk.socialmap.queries.answer);
- plain BM25: BM25 over the unprocessed words of the same services;
- PostgreSQL FTS: the `dutch` text search configuration, ts_rank over name (A), alternate name
  and themes (B), description (C), organisation, eligibility, how to apply and fees (D), with
  the question's words joined by OR (joined by AND, a long question matches nothing).

Latency is the time per question of every set on a map of `--scale` services (the dev map, or
the first set's map without it, plus variants).
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
from vraagbaak_metrics import (
    Metrics,
    Question,
    evaluate,
    halves,
    latency_ms,
    load_questions,
    scaled_map,
)

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "bench" / "heldout"


def _shared_eval_folder() -> Path:
    """The dev set is kept outside the repository, so nobody tunes the search to it by accident:
    in BUURTWERK_EVAL_DIR, or in the shared folder beside the project (a git worktree sits one
    level deeper)."""
    if os.environ.get("BUURTWERK_EVAL_DIR"):
        return Path(os.environ["BUURTWERK_EVAL_DIR"])
    candidates = [folder / "shared" / "eval" for folder in (ROOT.parent, ROOT.parent.parent)]
    return next((folder for folder in candidates if folder.is_dir()), candidates[0])


SHARED = _shared_eval_folder()
DEV_MAP = SHARED / "sociale-kaart-polderland.hsds.json"
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
    return "\n".join(lines)


def _default_sets() -> list[tuple[str, Path, Path]]:
    heldout = [
        (f"held-out {folder.name}", folder / "sociale-kaart.hsds.json", folder / "vragen.jsonl")
        for folder in sorted(HELDOUT.iterdir())
        if (folder / "vragen.jsonl").is_file()
    ]
    return [*heldout, ("dev", DEV_MAP, SHARED / "vraagbaak-dev.jsonl")]


def _set_present(name: str, *paths: Path) -> bool:
    """Say which file of a set is missing, so a clone without the dev set measures the rest."""
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        print(f"Evaluatieset {name}: {path} niet gevonden. Deze set is overgeslagen.")
    return not missing


def _parse_set(value: str) -> tuple[str, Path, Path]:
    name, _, paths = value.partition("=")
    map_path, _, questions = paths.partition(",")
    if not name or not map_path or not questions:
        raise argparse.ArgumentTypeError("gebruik NAAM=KAART.json,VRAGEN.jsonl")
    return name, Path(map_path), Path(questions)


def _load_set(map_path: Path) -> None:
    """Empty the database and import one map, so every set is measured on its own map."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    _import(map_path)


def _measure(questions: list[Question]) -> dict[str, Metrics]:
    systems = _systems()
    rows = {name: evaluate(rank, questions) for name, rank in systems.items()}
    # Even and odd questions apart: a change should help both halves, not a few questions.
    first, second = halves(questions)
    rows["vraagbaak helft A"] = evaluate(systems["vraagbaak"], first)
    rows["vraagbaak helft B"] = evaluate(systems["vraagbaak"], second)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("POSTGRES_URL", ""))
    parser.add_argument("--set", dest="sets", type=_parse_set, action="append")
    parser.add_argument("--scale", type=int, default=1000)
    args = parser.parse_args(argv)
    sets = [s for s in args.sets or _default_sets() if _set_present(*s)]
    if not sets:
        return 0

    database_url, remove_database = _fresh_database(args.postgres)
    try:
        _setup_django(database_url)
        from django.db import connection

        print(f"Database: {connection.vendor} (nieuw, alleen voor deze meting)")
        if connection.vendor != "postgresql":
            print("PostgreSQL niet bereikbaar: de PostgreSQL FTS-meting is overgeslagen.")
        results: list[tuple[str, int, dict[str, Metrics]]] = []
        all_questions: list[Question] = []
        for name, map_path, questions_path in sets:
            _load_set(map_path)
            questions = load_questions(questions_path)
            all_questions += questions
            services = len(json.loads(map_path.read_text(encoding="utf-8")))
            results.append((name, services, _measure(questions)))

        latency_map = DEV_MAP if DEV_MAP.exists() else sets[0][1]
        services = json.loads(latency_map.read_text(encoding="utf-8"))
        _load_set(latency_map)
        variants = scaled_map(services, args.scale)[len(services) :]
        with tempfile.TemporaryDirectory() as folder:
            scaled = Path(folder) / "kaart-groot.json"
            scaled.write_text(json.dumps(variants, ensure_ascii=False), encoding="utf-8")
            _import(scaled)
        large_systems = _systems()
        texts = [question.text for question in all_questions]
        started = time.perf_counter()
        large_systems["vraagbaak"](texts[0])
        build_ms = (time.perf_counter() - started) * 1000
        latency = {name: latency_ms(rank, texts)["p95_ms"] for name, rank in large_systems.items()}
        total = len(services) + len(variants)
        for name, count, rows in results:
            print()
            print(f"== {name} ({count} diensten) ==")
            print(_table(rows, latency, total))
        print()
        print(f"(p95: tijd per vraag van alle sets op een kaart van {total} diensten)")
        print(f"(index van {total} diensten bouwen: {build_ms:.0f} ms)")
    finally:
        remove_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
