"""Concepts of residents' needs, and how they are found in questions and service texts.

The concept scheme lives in ``concepts.toml`` next to this module; its header explains the
format and the classification it follows. A concept is recognised in a question through its
*triggers* (the words residents use) and in a service text through its *markers* (the words
providers use). Both sides are mapped to the same concept, so "aanmaning" in a question
meets "schuldhulpverlening" in a service. The compact one-line form of :func:`parse_line`
("begrip: woord, woord => vakterm") builds small concept sets, for example in tests.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .text import is_stopword, normalize, stem

CONCEPTS_FILE = "concepts.toml"
# Words residents use for a concept; `provider` holds the words services use.
RESIDENT_WORDS = ("everyday", "informal", "regional", "misspellings")
DANGERS = frozenset({"violence", "child-abuse", "suicide", "acute-debt"})
# Words allowed between the words of a phrase: "achter met de huur" matches "achter huur".
MAX_PHRASE_GAP = 2
# Evidence of one question word: a whole word, phrase or prefix counts fully; a part of a
# compound is weaker, because the head of a compound can change its meaning ("sportschool"
# is no school).
EVIDENCE_WORD = 1.0
EVIDENCE_PART = 0.5


class ThesaurusError(ValueError):
    """Raised when a thesaurus line cannot be parsed."""


@dataclass(frozen=True)
class Term:
    """One thesaurus term: a word, a phrase or a prefix ("schuld*")."""

    text: str
    stems: tuple[str, ...]
    prefix: str | None = None


@dataclass
class Concept:
    """A named concept with the terms that reveal it in questions and in services."""

    name: str
    triggers: list[Term] = field(default_factory=list)
    markers: list[Term] = field(default_factory=list)
    domain: str = ""
    danger: str = ""


@dataclass(frozen=True)
class ConceptHit:
    """A concept found in a token sequence and the surface words that revealed it.

    ``evidence`` adds up, over the text positions that revealed the concept, how strongly
    each did: a word that reveals several concepts shares its evidence between them.
    """

    concept: str
    words: tuple[str, ...]
    evidence: float = EVIDENCE_WORD


def _words(text: str) -> list[str]:
    """The normalised words of a thesaurus term, without punctuation."""
    words = [w for w in normalize(text).replace("-", " ").split() if w]
    return [w for w in ("".join(ch for ch in w if ch.isalnum()) for w in words) if w]


def parse_term(raw: str) -> Term:
    """Turn one raw thesaurus term into a matchable Term."""
    text = raw.strip()
    if not text:
        raise ThesaurusError("leeg woord")
    if text.endswith("*"):
        prefix = normalize(text[:-1]).strip()
        if not prefix.isalpha() or len(prefix) < 3:
            raise ThesaurusError(f"voorvoegsel te kort of ongeldig: {raw!r}")
        return Term(text=text, stems=(), prefix=prefix)
    words = _words(text)
    if not words:
        raise ThesaurusError(f"geen woorden in {raw!r}")
    return Term(text=text, stems=tuple(stem(w) for w in words))


def parse_line(line: str, line_no: int = 0) -> Concept | None:
    """Parse a single thesaurus line; comments and blank lines give None."""
    content = line.split("#", 1)[0].strip()
    if not content:
        return None
    if ":" not in content:
        raise ThesaurusError(f"regel {line_no}: dubbele punt na de conceptnaam ontbreekt")
    name, _, rest = content.partition(":")
    name = name.strip()
    if not name or any(ch in name for ch in ",=>"):
        raise ThesaurusError(f"regel {line_no}: ongeldige conceptnaam {name!r}")
    if rest.count("=>") > 1:
        raise ThesaurusError(f"regel {line_no}: meer dan één '=>'")
    everyday, arrow, formal = rest.partition("=>")
    try:
        triggers = [parse_term(t) for t in everyday.split(",") if t.strip()]
        markers = [parse_term(t) for t in formal.split(",") if t.strip()]
    except ThesaurusError as exc:
        raise ThesaurusError(f"regel {line_no}: {exc}") from exc
    if not arrow:
        markers = list(triggers)
    if not triggers and not markers:
        raise ThesaurusError(f"regel {line_no}: concept {name!r} heeft geen woorden")
    return Concept(name=name, triggers=triggers, markers=markers)


def parse_thesaurus(lines: Iterable[str]) -> dict[str, Concept]:
    """Parse thesaurus lines; lines with the same concept name are merged."""
    concepts: dict[str, Concept] = {}
    for line_no, line in enumerate(lines, start=1):
        parsed = parse_line(line, line_no)
        if parsed is None:
            continue
        existing = concepts.setdefault(parsed.name, Concept(parsed.name))
        existing.triggers.extend(parsed.triggers)
        existing.markers.extend(parsed.markers)
    return concepts


def _terms(raw: object, where: str) -> list[Term]:
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise ThesaurusError(f"{where}: een lijst van woorden verwacht")
    try:
        return [parse_term(t) for t in raw]
    except ThesaurusError as exc:
        raise ThesaurusError(f"{where}: {exc}") from exc


def parse_concepts(data: Mapping[str, Any]) -> dict[str, Concept]:
    """Turn the parsed concept scheme (``[concept."naam"]`` tables) into Concepts."""
    table = data.get("concept")
    if not isinstance(table, Mapping) or not table:
        raise ThesaurusError("geen [concept.…]-tabellen gevonden")
    concepts: dict[str, Concept] = {}
    for name, entry in table.items():
        if not isinstance(entry, Mapping):
            raise ThesaurusError(f"concept {name!r}: geen tabel")
        danger = str(entry.get("danger", ""))
        if danger and danger not in DANGERS:
            raise ThesaurusError(f"concept {name!r}: onbekend gevaar {danger!r}")
        markers = _terms(entry.get("provider", []), f"concept {name!r}")
        triggers = [
            term
            for key in RESIDENT_WORDS
            for term in _terms(entry.get(key, []), f"concept {name!r}, {key}")
        ]
        if not triggers and not markers:
            raise ThesaurusError(f"concept {name!r} heeft geen woorden")
        concepts[name] = Concept(
            name=name,
            triggers=triggers,
            markers=markers,
            domain=str(entry.get("domain", "")),
            danger=danger,
        )
    return concepts


def load_concepts(path: str | Path | None = None) -> dict[str, Concept]:
    """Load the packaged concept scheme, or another file in the same format."""
    if path is None:
        raw = resources.files(__package__).joinpath(CONCEPTS_FILE).read_bytes()
    else:
        raw = Path(path).read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThesaurusError(f"het begrippenbestand is geen geldige TOML: {exc}") from exc
    return parse_concepts(data)


class ConceptMatcher:
    """Finds concepts in stemmed token sequences using either triggers or markers."""

    def __init__(self, concepts: dict[str, Concept], *, side: str) -> None:
        if side not in ("query", "document"):
            raise ValueError("side must be 'query' or 'document'")
        self.side = side
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._prefixes: dict[str, set[str]] = {}
        # Two content words may come in either order ("stapel rekeningen", "rekeningen
        # stapelen zich op"); a phrase with a function word ("geen geld") keeps its order.
        self._reversed: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for concept in concepts.values():
            terms = concept.markers if side == "document" else concept.triggers + concept.markers
            for term in terms:
                if term.prefix:
                    self._prefixes.setdefault(term.prefix, set()).add(concept.name)
                    continue
                entry = (term.stems, concept.name)
                bucket = self._phrases.setdefault(term.stems[0], [])
                if entry not in bucket:
                    bucket.append(entry)
                if len(term.stems) == 2 and not any(is_stopword(w) for w in _words(term.text)):
                    reverse = ((term.stems[1], term.stems[0]), concept.name)
                    swapped = self._reversed.setdefault(term.stems[1], [])
                    if reverse not in swapped:
                        swapped.append(reverse)
        self._prefix_lengths = sorted({len(p) for p in self._prefixes})

    def words(self) -> set[str]:
        """Prefixes known to the matcher (useful as compound-splitting vocabulary)."""
        return set(self._prefixes)

    def match(
        self, words: Sequence[str], stems: Sequence[str], parts: Sequence[Sequence[str]] = ()
    ) -> list[ConceptHit]:
        """Concepts in a text given its words, their stems and per-word compound parts.

        ``parts[i]`` holds the compound parts of word i; single-word terms also match a
        compound part, so "huurachterstand" reveals the concept of "huur".
        """
        found: dict[str, list[str]] = {}
        # position -> concept -> strength of the evidence that position gives
        evidence: dict[int, dict[str, float]] = {}

        def reveal(concept: str, surface: str, positions: Iterable[int], strength: float) -> None:
            found.setdefault(concept, []).append(surface)
            for position in positions:
                strengths = evidence.setdefault(position, {})
                strengths[concept] = max(strengths.get(concept, 0.0), strength)

        n = len(stems)
        for i in range(n):
            for phrase, concept in self._phrases.get(stems[i], ()):
                # A lone function word ("weet", "wel") never reveals a concept by itself.
                if len(phrase) == 1 and is_stopword(words[i]):
                    continue
                positions = self._phrase_positions(stems, i, phrase)
                if positions:
                    surface = " ".join(words[i : positions[-1] + 1])
                    reveal(concept, surface, positions, EVIDENCE_WORD)
            for phrase, concept in self._reversed.get(stems[i], ()):
                positions = self._phrase_positions(stems, i, phrase)
                if positions:
                    surface = " ".join(words[i : positions[-1] + 1])
                    reveal(concept, surface, positions, EVIDENCE_WORD)
            for concept in self._prefix_concepts(words[i]):
                reveal(concept, words[i], (i,), EVIDENCE_WORD)
            if i < len(parts):
                for part in parts[i]:
                    for phrase, concept in self._phrases.get(stem(part), ()):
                        if len(phrase) == 1:
                            reveal(concept, words[i], (i,), EVIDENCE_PART)
                    for concept in self._prefix_concepts(part):
                        reveal(concept, words[i], (i,), EVIDENCE_PART)
        totals: dict[str, float] = {}
        for strengths in evidence.values():
            for concept, strength in strengths.items():
                totals[concept] = totals.get(concept, 0.0) + strength / len(strengths)
        return [
            ConceptHit(c, tuple(dict.fromkeys(ws)), round(totals.get(c, 0.0), 4))
            for c, ws in found.items()
        ]

    @staticmethod
    def _phrase_positions(
        stems: Sequence[str], start: int, phrase: tuple[str, ...]
    ) -> tuple[int, ...]:
        """Positions of the phrase's words starting at ``start``, allowing short gaps."""
        positions = [start]
        pos = start + 1
        for wanted in phrase[1:]:
            limit = min(len(stems), pos + MAX_PHRASE_GAP + 1)
            while pos < limit and stems[pos] != wanted:
                pos += 1
            if pos >= limit:
                return ()
            positions.append(pos)
            pos += 1
        return tuple(positions)

    def _prefix_concepts(self, word: str) -> set[str]:
        hits: set[str] = set()
        for length in self._prefix_lengths:
            if length > len(word):
                break
            names = self._prefixes.get(word[:length])
            if names:
                hits |= names
        return hits
