"""Metrics and test maps for `make eval` (bench/eval_socialmap.py).

Any ``query -> list[service_id]`` callable can be measured with :func:`evaluate`; the
vraagbaak, plain BM25 and PostgreSQL full-text search are all measured that way.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

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
