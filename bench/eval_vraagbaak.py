"""Evaluate the vraagbaak search against everyday questions with known good services.

Usage (from the repository root):

    PYTHONPATH=src python bench/eval_vraagbaak.py [--map MAP.json] [--questions Q.jsonl]
                                                  [--scale 1000] [--json]

Reports hit@1, hit@3 and MRR for every ranking system, the same metrics per half of the
question set (a cheap check that a change helps in general and not just for some questions),
and p50/p95 latency per question on a map scaled up with synthetic service variants.

Any ``query -> list[service_id]`` callable can be evaluated with :func:`evaluate`, so a
database-backed ranking (e.g. PostgreSQL full-text search) can be added as another column.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from buurtwerk.socialmap.engine import SearchIndex, docs_from_hsds, plain_bm25_baseline

HERE = Path(__file__).resolve().parent
# The evaluation set is kept outside the repository (beside it, or where BUURTWERK_EVAL_DIR
# says), so nobody tunes the search to it by accident.
EVAL_DIR = Path(os.environ.get("BUURTWERK_EVAL_DIR", HERE.parent.parent / "shared" / "eval"))
DEFAULT_MAP = EVAL_DIR / "sociale-kaart-polderland.hsds.json"
DEFAULT_QUESTIONS = EVAL_DIR / "vraagbaak-dev.jsonl"

RankFn = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class Question:
    """A question with the service ids a trained volunteer would pick."""

    id: str
    text: str
    expected: frozenset[str]


@dataclass(frozen=True)
class Metrics:
    """Ranking quality over a set of questions."""

    n: int
    hit_at_1: float
    hit_at_3: float
    mrr: float


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL file of {"id", "vraag", "verwacht"} lines."""
    questions = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                questions.append(Question(row["id"], row["vraag"], frozenset(row["verwacht"])))
    return questions


def first_relevant_rank(ranked: Sequence[str], expected: frozenset[str]) -> int | None:
    """1-based rank of the first expected service, or None when none was returned."""
    for position, service_id in enumerate(ranked, start=1):
        if service_id in expected:
            return position
    return None


def evaluate(rank_fn: RankFn, questions: Sequence[Question]) -> Metrics:
    """Compute hit@1, hit@3 and MRR of any ``query -> ranked service ids`` function."""
    hits1 = hits3 = 0
    reciprocal = 0.0
    for question in questions:
        rank = first_relevant_rank(list(rank_fn(question.text)), question.expected)
        if rank is None:
            continue
        hits1 += rank == 1
        hits3 += rank <= 3
        reciprocal += 1.0 / rank
    n = len(questions)
    if n == 0:
        return Metrics(0, 0.0, 0.0, 0.0)
    return Metrics(n, round(hits1 / n, 3), round(hits3 / n, 3), round(reciprocal / n, 3))


def halves(questions: Sequence[Question]) -> tuple[list[Question], list[Question]]:
    """Split into even and odd positions, so both halves cover every theme of the file."""
    return list(questions[0::2]), list(questions[1::2])


_SWAPS = {
    "inwoners": "bewoners",
    "ondersteuning": "hulp",
    "kosteloos": "gratis",
    "telefonisch": "per telefoon",
    "aanmelden": "inschrijven",
    "vrijwilligers": "vrijwillige medewerkers",
    "biedt": "verzorgt",
}
_TOWNS = ["Waterdam", "Linderveen", "Oostermeer", "Zandhoven", "Kreekdorp", "Heiloo-West"]


def _perturb(text: str, rng: random.Random, town: str) -> str:
    sentences = [s.strip() for s in text.replace("Polderland", town).split(". ") if s.strip()]
    if len(sentences) > 2:
        sentences.pop(rng.randrange(len(sentences)))
        rng.shuffle(sentences)
    words = ". ".join(sentences).split()
    for i, word in enumerate(words):
        if word in _SWAPS and rng.random() < 0.5:
            words[i] = _SWAPS[word]
        elif len(word) > 6 and rng.random() < 0.02:
            j = rng.randrange(1, len(word) - 1)
            words[i] = word[:j] + word[j + 1 :]
    return " ".join(words)


def scaled_map(services: Sequence[dict], size: int, seed: int = 7) -> list[dict]:
    """The real map plus synthetic variants (new ids, perturbed text) up to ``size``."""
    rng = random.Random(seed)
    result = [dict(s) for s in services]
    counter = 0
    while len(result) < size and services:
        base = services[counter % len(services)]
        counter += 1
        town = rng.choice(_TOWNS)
        variant = dict(base)
        variant["id"] = f"{base['id']}-v{counter}"
        for key in ("name", "description", "eligibility_description", "application_process"):
            if isinstance(base.get(key), str):
                variant[key] = _perturb(base[key], rng, town)
        result.append(variant)
    return result


def latency_ms(rank_fn: RankFn, queries: Sequence[str], rounds: int = 3) -> dict[str, float]:
    """p50 and p95 wall-clock latency per question in milliseconds."""
    timings = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            rank_fn(query)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return {"p50_ms": round(statistics.median(timings), 2), "p95_ms": round(p95, 2)}


def _format_table(rows: dict[str, dict[str, Metrics]]) -> str:
    header = f"{'systeem':<18}{'set':<8}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'MRR':>8}"
    lines = [header, "-" * len(header)]
    for system, parts in rows.items():
        for part, m in parts.items():
            lines.append(
                f"{system:<18}{part:<8}{m.n:>4}{m.hit_at_1:>8.3f}{m.hit_at_3:>8.3f}{m.mrr:>8.3f}"
            )
    return "\n".join(lines)


def eval_set_present(*paths: Path) -> bool:
    """Say which evaluation file is missing, so a clone without the set skips the evaluation."""
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        print(f"Evaluatieset niet gevonden: {path}. De meting is overgeslagen.")
    if not missing:
        print(f"Evaluatieset: {', '.join(str(path) for path in paths)}")
    return not missing


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, default=DEFAULT_MAP, help="HSDS JSON services")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSONL")
    parser.add_argument("--scale", type=int, default=1000, help="map size for latency")
    parser.add_argument("--k", type=int, default=10, help="results per question")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if not eval_set_present(args.map, args.questions):
        return 0

    services = json.loads(args.map.read_text(encoding="utf-8"))
    questions = load_questions(args.questions)
    docs = docs_from_hsds(services)

    start = time.perf_counter()
    index = SearchIndex.build(docs)
    build_ms = (time.perf_counter() - start) * 1000
    baseline = plain_bm25_baseline(docs)
    systems: dict[str, RankFn] = {
        "vraagbaak": lambda q: [r.service_id for r in index.search(q, args.k)],
        "plain_bm25": lambda q: [r.service_id for r in baseline.search(q, args.k)],
    }
    first, second = halves(questions)
    rows = {
        name: {
            "alle": evaluate(fn, questions),
            "helft A": evaluate(fn, first),
            "helft B": evaluate(fn, second),
        }
        for name, fn in systems.items()
    }

    big_docs = docs_from_hsds(scaled_map(services, args.scale))
    start = time.perf_counter()
    big_index = SearchIndex.build(big_docs)
    big_build_ms = (time.perf_counter() - start) * 1000
    queries = [q.text for q in questions]
    latency = latency_ms(lambda q: [r.service_id for r in big_index.search(q, args.k)], queries)

    report = {
        "map": str(args.map),
        "questions": str(args.questions),
        "metrics": {s: {p: asdict(m) for p, m in parts.items()} for s, parts in rows.items()},
        "latency": {
            "services": len(big_docs),
            "build_ms": round(big_build_ms, 1),
            **latency,
        },
        "build_ms": round(build_ms, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(_format_table(rows))
        print()
        print(
            f"latentie op {len(big_docs)} diensten: p50 {latency['p50_ms']} ms, "
            f"p95 {latency['p95_ms']} ms (index bouwen {big_build_ms:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
