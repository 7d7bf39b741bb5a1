"""Field-weighted BM25 (BM25F) index over social-map services with concept expansion."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .danger import DANGER_ORDER, NOTES, lines_for
from .text import (
    CompoundSplitter,
    TypoCorrector,
    common_dutch_words,
    dutch_word_counts,
    is_known_word,
    is_stopword,
    normalize,
    stem,
    tokenize,
)
from .thesaurus import Concept, ConceptHit, ConceptMatcher, load_concepts

# Name and themes say what a service *is*; eligibility, application and fees mostly say
# who may use it and how, which overlaps between many services.
FIELD_WEIGHTS: dict[str, float] = {
    "name": 3.0,
    "alternate_name": 2.0,
    "taxonomy": 2.0,
    "keywords": 2.0,
    "description": 1.0,
    "organization": 0.6,
    "eligibility": 0.6,
    "application_process": 0.3,
    "fees": 0.2,
}
FIELD_B: dict[str, float] = {"name": 0.5, "alternate_name": 0.5, "taxonomy": 0.3, "keywords": 0.3}
DEFAULT_B = 0.75
K1 = 1.2
# A concept gathers many synonyms, so how often a service names it (in its name, themes
# and text) tells how central that need is to the service; saturate it much more slowly
# than a single word, whose repetition says little.
K1_CONCEPT = 6.0

# Query term weights relative to an original word of the question.
WEIGHT_WORD = 1.0
WEIGHT_PART = 0.6
WEIGHT_TYPO = 0.8
WEIGHT_CONCEPT = 0.9
# A concept revealed by several question words weighs more than one revealed by a single,
# possibly incidental word; like BM25's query-term frequency this saturates (k3).
CONCEPT_K3 = 1.0
# A compound part in a service text is weaker evidence than a whole word: the "post" in
# "huisartsenpost" is not the post on the doormat.
DOC_PART_TF = 0.5
# A general access point (the wijkteam) is a fair answer to any question about a
# resident's situation, though never better than a service for the need itself: a
# service reached only through it is ranked after every service that matches the question.
GENERAL_ACCESS_CONCEPT = "wijkteam"
GENERAL_ACCESS_LABEL = "algemeen aanspreekpunt"
WEIGHT_GENERAL_ACCESS = 0.4
MAX_QUERY_WORDS = 200
CONCEPT_PREFIX = "#"
LEARNED_PREFIX = "+"
# A danger counts when at least a quarter of a question word points at it: a compound part
# ("zelfmoord|gedachten") shared with one other concept still counts, a word shared with
# many does not.
MIN_DANGER_EVIDENCE = 0.25
URGENT_SHARE = 0.5
# What volunteers learned from referrals: a term of a question that led to a service that
# helped raises that service for later questions with the term. Like BM25 it saturates: the
# tenth good referral adds less than the second.
LEARNED_WEIGHT = 2.0
# Learned terms come from the question words that the map or the concept scheme know, never
# names or numbers, and only so many per referral.
MAX_LEARNED_TERMS = 12


@dataclass(frozen=True)
class ServiceDoc:
    """The searchable text of one service."""

    id: str
    name: str
    alternate_name: str = ""
    description: str = ""
    organization: str = ""
    eligibility: str = ""
    application_process: str = ""
    fees: str = ""
    taxonomy: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def fields(self) -> dict[str, str]:
        """Field name -> text, for every weighted field."""
        return {
            "name": self.name,
            "alternate_name": self.alternate_name,
            "taxonomy": " . ".join(self.taxonomy),
            "keywords": " . ".join(self.keywords),
            "description": self.description,
            "organization": self.organization,
            "eligibility": self.eligibility,
            "application_process": self.application_process,
            "fees": self.fees,
        }


@dataclass(frozen=True)
class SearchResult:
    """One ranked service with a short Dutch explanation of why it matched."""

    service_id: str
    score: float
    why: str


@dataclass(frozen=True)
class Alert:
    """A signal of danger in a question, with the note the volunteer sees."""

    danger: str
    note: str


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def docs_from_hsds(services: Iterable[Mapping]) -> list[ServiceDoc]:
    """Build ServiceDocs from HSDS 3.0 service dicts (nested organization and attributes)."""
    docs = []
    for service in services:
        if not isinstance(service, Mapping) or not service.get("id"):
            continue
        organization = _mapping(service.get("organization"))
        org_names = [_text(organization.get("name")), _text(organization.get("alternate_name"))]
        taxonomy: list[str] = []
        keywords: list[str] = []
        for attribute in _list(service.get("attributes")):
            attribute = _mapping(attribute)
            term = _mapping(attribute.get("taxonomy_term"))
            if _text(term.get("name")):
                taxonomy.append(_text(term["name"]))
            value = _text(attribute.get("value"))
            if value:
                keywords.append(value)
        for keyword in _list(service.get("keywords")):
            if _text(keyword):
                keywords.append(_text(keyword))
        docs.append(
            ServiceDoc(
                id=str(service["id"]),
                name=_text(service.get("name")),
                alternate_name=_text(service.get("alternate_name")),
                description=_text(service.get("description")),
                organization=" . ".join(n for n in org_names if n),
                eligibility=_text(service.get("eligibility_description")),
                application_process=_text(service.get("application_process")),
                fees=_text(service.get("fees_description")),
                taxonomy=tuple(dict.fromkeys(taxonomy)),
                keywords=tuple(dict.fromkeys(keywords)),
            )
        )
    return docs


@dataclass
class _QueryTerm:
    weight: float
    label: str
    source: tuple[str, ...] = ()


@dataclass
class AnalysedQuery:
    """The weighted terms of a question and the concepts recognised in it."""

    terms: dict[str, _QueryTerm] = field(default_factory=dict)
    concepts: list[ConceptHit] = field(default_factory=list)
    # part stem -> stem of the question's compound it was taken from
    part_of: dict[str, str] = field(default_factory=dict)

    def add(self, term: str, weight: float, label: str, source: tuple[str, ...] = ()) -> None:
        """Keep the strongest weight when a term is reached in several ways."""
        current = self.terms.get(term)
        if current is None or weight > current.weight:
            self.terms[term] = _QueryTerm(weight, label, source)


def _thesaurus_words(concepts: Mapping[str, Concept]) -> tuple[set[str], set[str]]:
    """Whole words of the thesaurus, and its prefixes (useful as compound parts only)."""
    words: set[str] = set()
    prefixes: set[str] = set()
    for concept in concepts.values():
        for term in concept.triggers + concept.markers:
            if term.prefix:
                prefixes.add(term.prefix)
            else:
                words.update(w for w in re.findall(r"[a-z]+", normalize(term.text)) if len(w) > 2)
    return words, prefixes


class SearchIndex:
    """Ranks services for an everyday Dutch question.

    Build once with :meth:`build`; searching only walks the postings of the query terms.
    """

    def __init__(self) -> None:
        self.doc_ids: list[str] = []
        self.doc_names: list[str] = []
        self.postings: dict[str, dict[int, float]] = {}
        self.concepts: dict[str, Concept] = {}
        self._splitter: CompoundSplitter | None = None
        self._typos: TypoCorrector | None = None
        self._known: frozenset[str] = frozenset()
        self._query_matcher: ConceptMatcher | None = None
        self._last: tuple[str, AnalysedQuery] | None = None

    @classmethod
    def build(
        cls,
        docs: Sequence[ServiceDoc],
        concepts: Mapping[str, Concept] | None = None,
        field_weights: Mapping[str, float] | None = None,
    ) -> SearchIndex:
        """Index the documents; ``concepts`` defaults to the packaged thesaurus."""
        self = cls()
        weights = dict(FIELD_WEIGHTS if field_weights is None else field_weights)
        self.concepts = dict(load_concepts() if concepts is None else concepts)
        self.doc_ids = [d.id for d in docs]
        self.doc_names = [d.name for d in docs]

        doc_words: Counter[str] = Counter()
        tokenised: list[dict[str, list[str]]] = []
        for doc in docs:
            fields = {name: tokenize(text) for name, text in doc.fields().items() if text}
            tokenised.append(fields)
            for words in fields.values():
                doc_words.update(words)
        thesaurus_words, thesaurus_prefixes = _thesaurus_words(self.concepts)
        self._known = frozenset(doc_words) | frozenset(thesaurus_words)
        # Compounds split against the Dutch word list too: "casinosites" is on no map.
        self._splitter = CompoundSplitter(
            self._known | thesaurus_prefixes | common_dutch_words(),
            frequencies=dutch_word_counts(),
        )
        frequencies = dict(doc_words)
        for word in thesaurus_words:
            frequencies.setdefault(word, 1)
        self._typos = TypoCorrector(frequencies)
        doc_matcher = ConceptMatcher(self.concepts, side="document")
        self._query_matcher = ConceptMatcher(self.concepts, side="query")

        field_tfs: list[dict[str, dict[str, float]]] = []
        lengths: dict[str, list[int]] = {name: [] for name in weights}
        for fields in tokenised:
            per_field: dict[str, dict[str, float]] = {}
            for name in weights:
                words = fields.get(name, [])
                per_field[name] = self._document_terms(words, doc_matcher)
                lengths[name].append(len(words))
            field_tfs.append(per_field)

        n_docs = len(docs)
        avg_len = {name: (sum(v) / n_docs if n_docs else 0.0) or 1.0 for name, v in lengths.items()}
        pseudo_tf: dict[str, dict[int, float]] = {}
        for doc_idx, per_field in enumerate(field_tfs):
            for name, counts in per_field.items():
                if not counts:
                    continue
                b = FIELD_B.get(name, DEFAULT_B)
                norm = 1 - b + b * lengths[name][doc_idx] / avg_len[name]
                for term, tf in counts.items():
                    bucket = pseudo_tf.setdefault(term, {})
                    bucket[doc_idx] = bucket.get(doc_idx, 0.0) + weights[name] * tf / norm
        for term, docs_tf in pseudo_tf.items():
            df = len(docs_tf)
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            k1 = K1_CONCEPT if term.startswith(CONCEPT_PREFIX) else K1
            self.postings[term] = {d: idf * tf * (k1 + 1) / (k1 + tf) for d, tf in docs_tf.items()}
        return self

    def _document_terms(self, words: list[str], matcher: ConceptMatcher) -> dict[str, float]:
        """Term frequencies of one field: words, weaker compound parts and concepts."""
        assert self._splitter is not None
        stems = [stem(w) for w in words]
        tf: dict[str, float] = {}
        for word, word_stem in zip(words, stems, strict=True):
            if is_stopword(word):
                continue
            tf[word_stem] = tf.get(word_stem, 0.0) + 1.0
            for part in self._splitter.split(word):
                if not is_stopword(part):
                    part_stem = stem(part)
                    tf[part_stem] = tf.get(part_stem, 0.0) + DOC_PART_TF
        # Concepts are recognised on whole words only; parts of provider jargon are too
        # ambiguous to reveal a concept on their own.
        # A concept counts as often as its markers occur, like a word.
        for hit in matcher.match(words, stems):
            key = CONCEPT_PREFIX + hit.concept
            tf[key] = tf.get(key, 0.0) + hit.evidence
        return tf

    def analyse(self, query: str) -> AnalysedQuery:
        """Turn a question into weighted stems, compound parts, typo fixes and concepts."""
        assert self._splitter is not None and self._typos is not None
        assert self._query_matcher is not None
        analysed = AnalysedQuery()
        words = tokenize(query)[:MAX_QUERY_WORDS]
        fixed_words: list[str] = []
        parts: list[tuple[str, ...]] = []
        for word in words:
            word_parts = self._splitter.split(word)
            fixed = word
            if word not in self._known and not word_parts and not is_known_word(word):
                fixed = self._typos.correct(word) or word
                if fixed != word:
                    word_parts = self._splitter.split(fixed)
            fixed_words.append(fixed)
            parts.append(word_parts)
            if is_stopword(fixed):
                continue
            weight = WEIGHT_WORD if fixed == word else WEIGHT_TYPO
            analysed.add(stem(fixed), weight, word)
            for part in word_parts:
                if not is_stopword(part):
                    analysed.add(stem(part), WEIGHT_PART * weight, word)
        for word, fixed, word_parts in zip(words, fixed_words, parts, strict=True):
            for part in word_parts:
                part_stem = stem(part)
                term = analysed.terms.get(part_stem)
                if term is not None and term.label == word and part_stem != stem(fixed):
                    analysed.part_of[part_stem] = stem(fixed)
        stems = [stem(w) for w in fixed_words]
        analysed.concepts = self._query_matcher.match(fixed_words, stems, parts)
        for hit in analysed.concepts:
            weight = WEIGHT_CONCEPT * _saturated(hit.evidence, CONCEPT_K3)
            analysed.add(CONCEPT_PREFIX + hit.concept, weight, hit.concept, hit.words)
        general = CONCEPT_PREFIX + GENERAL_ACCESS_CONCEPT
        if analysed.concepts and general not in analysed.terms:
            analysed.add(general, WEIGHT_GENERAL_ACCESS, GENERAL_ACCESS_LABEL)
        return analysed

    def _analysed(self, query: str) -> AnalysedQuery:
        # The vraagbaak asks for the ranking and the alerts of one question in a row.
        last = self._last
        if last is not None and last[0] == query:
            return last[1]
        analysed = self.analyse(query)
        self._last = (query, analysed)
        return analysed

    def query_terms(self, query: str) -> list[str]:
        """The terms a question is searched with (stems and concepts), e.g. to look up learning."""
        if not isinstance(query, str):
            return []
        return list(self._analysed(query).terms)

    def dangers(self, query: str) -> set[str]:
        """The dangers a question shows, from concepts marked with one in the scheme."""
        if not isinstance(query, str):
            return set()
        found = set()
        for hit in self._analysed(query).concepts:
            concept = self.concepts.get(hit.concept)
            if concept is not None and concept.danger and hit.evidence >= MIN_DANGER_EVIDENCE:
                found.add(concept.danger)
        return found

    def alerts(self, query: str) -> list[Alert]:
        """Notes for the volunteer on the dangers a question shows, most urgent first."""
        dangers = self.dangers(query)
        return [Alert(d, NOTES[d]) for d in DANGER_ORDER if d in dangers]

    def learnable_terms(self, query: str) -> list[str]:
        """Terms of a question worth remembering with a referral: no sentences, no names.

        Only words the map or the concept scheme know are kept (a resident's name or street
        is neither), never a word written with a capital inside the question, never a number,
        and the concepts the question revealed.
        """
        if not isinstance(query, str):
            return []
        capitalised = {w.lower() for w in re.findall(r"(?<=\w )[A-Z]\w*", query)}
        words = [
            w
            for w in tokenize(query)[:MAX_QUERY_WORDS]
            if w in self._known and w not in capitalised and w.isalpha() and not is_stopword(w)
        ]
        terms = list(dict.fromkeys(stem(w) for w in words))
        concepts = [CONCEPT_PREFIX + hit.concept for hit in self._analysed(query).concepts]
        return (concepts + terms)[:MAX_LEARNED_TERMS]

    def search(
        self,
        query: str,
        k: int = 10,
        learned: Mapping[str, Mapping[str, float]] | None = None,
    ) -> list[SearchResult]:
        """Return the k best services for a question, each with a Dutch explanation.

        ``learned`` maps a term (see :meth:`learnable_terms`) to the services referrals with
        that term helped, with how much; such services rise for questions with the term.
        Signals of danger put the national lines and the map's services for the danger first.
        """
        if not isinstance(query, str) or k <= 0 or not self.doc_ids:
            return []
        analysed = self._analysed(query)
        general = CONCEPT_PREFIX + GENERAL_ACCESS_CONCEPT
        scores: dict[int, float] = {}
        # Services matched by more than the general access point.
        specific: set[int] = set()
        for term, qterm in analysed.terms.items():
            whole = self.postings.get(analysed.part_of.get(term, ""), {})
            for doc_idx, impact in self.postings.get(term, {}).items():
                # A service that has the question's whole compound is not rewarded
                # again for its parts; the parts serve services that word it differently.
                if doc_idx in whole:
                    continue
                scores[doc_idx] = scores.get(doc_idx, 0.0) + qterm.weight * impact
                if term != general:
                    specific.add(doc_idx)
        learned_matches = self._add_learned(analysed, learned, scores) if learned else {}
        specific |= set(learned_matches)
        dangers = self.dangers(query)
        urgent = self._danger_services(dangers)
        # The general access point is a fallback: it comes after every service that
        # matches the question itself, however rare general access points are on a map.
        ranked = heapq.nsmallest(
            k,
            scores.items(),
            key=lambda item: (
                item[0] not in urgent,
                -urgent.get(item[0], 0.0),
                item[0] not in specific,
                -item[1],
                self.doc_ids[item[0]],
            ),
        )
        results = [
            SearchResult(
                self.doc_ids[d],
                round(score, 4),
                _explain(self._matches(analysed, d) + learned_matches.get(d, [])),
            )
            for d, score in ranked
        ]
        top = max(scores.values(), default=0.0)
        national = [
            SearchResult(line.id, round(top + 1.0, 4), "landelijke hulplijn bij gevaar")
            for line in lines_for(dangers)
            if not any(line.is_on_map(self.doc_names[d]) for d in urgent)
        ]
        return (national + results)[:k]

    def _danger_services(self, dangers: set[str]) -> dict[int, float]:
        """Services of the map about these dangers, with how central the danger is to each.

        A service whose text names the danger's concept only in passing (a shelter that
        mentions violence once) is no answer to the danger; one that weighs at least half of
        the strongest service for the concept is.
        """
        urgent: dict[int, float] = {}
        for concept in self.concepts.values():
            if not concept.danger or concept.danger not in dangers:
                continue
            impacts = self.postings.get(CONCEPT_PREFIX + concept.name, {})
            strongest = max(impacts.values(), default=0.0)
            for doc_idx, impact in impacts.items():
                if impact >= URGENT_SHARE * strongest:
                    urgent[doc_idx] = max(urgent.get(doc_idx, 0.0), impact)
        return urgent

    def _matches(
        self, analysed: AnalysedQuery, doc_idx: int
    ) -> list[tuple[float, str, _QueryTerm]]:
        """What each question term added to one service's score, for the explanation."""
        found = []
        for term, qterm in analysed.terms.items():
            impact = self.postings.get(term, {}).get(doc_idx)
            whole = self.postings.get(analysed.part_of.get(term, ""), {})
            if impact is not None and doc_idx not in whole:
                found.append((qterm.weight * impact, term, qterm))
        return found

    def _add_learned(
        self,
        analysed: AnalysedQuery,
        learned: Mapping[str, Mapping[str, float]],
        scores: dict[int, float],
    ) -> dict[int, list[tuple[float, str, _QueryTerm]]]:
        """Add what referrals taught to the scores; returns it per service for the why."""
        position = {service_id: i for i, service_id in enumerate(self.doc_ids)}
        matches: dict[int, list[tuple[float, str, _QueryTerm]]] = {}
        for term, qterm in analysed.terms.items():
            for service_id, strength in learned.get(term, {}).items():
                doc_idx = position.get(service_id)
                if doc_idx is None or strength <= 0:
                    continue
                contribution = qterm.weight * LEARNED_WEIGHT * math.log1p(strength)
                scores[doc_idx] = scores.get(doc_idx, 0.0) + contribution
                label = _QueryTerm(qterm.weight, "eerder geholpen", (qterm.label,))
                matches.setdefault(doc_idx, []).append((contribution, LEARNED_PREFIX + term, label))
        return matches


def _saturated(frequency: float, k: float) -> float:
    """BM25's saturation of a query-term frequency: 1 at frequency 1, never above k + 1."""
    if k <= 0:
        return 1.0
    return (k + 1) * frequency / (k + frequency)


def _quote(words: Iterable[str]) -> str:
    return ", ".join(f"'{w}'" for w in dict.fromkeys(words))


def _explain(matches: list[tuple[float, str, _QueryTerm]]) -> str:
    """Short Dutch reason: which concepts and which question words matched."""
    matches = sorted(matches, key=lambda m: -m[0])
    concepts = [(q.label, q.source) for _, t, q in matches if t.startswith(CONCEPT_PREFIX)]
    learned = [w for _, t, q in matches if t.startswith(LEARNED_PREFIX) for w in q.source]
    words = [q.label for _, t, q in matches if t[0] not in (CONCEPT_PREFIX, LEARNED_PREFIX)]
    parts = []
    if concepts:
        names = ", ".join(name for name, _ in concepts[:4])
        sources = [w for _, src in concepts[:4] for w in src]
        parts.append(f"past bij: {names} (uit {_quote(sources)})" if sources else f"{names}")
    if words:
        parts.append(f"zelfde woorden: {_quote(words[:5])}")
    if learned:
        parts.append(f"hielp eerder bij: {_quote(learned[:3])}")
    return "; ".join(parts) if parts else "zwakke overeenkomst"


class PlainBM25:
    """Plain BM25 on lowercase words of all fields: no stemming, thesaurus or compounds."""

    def __init__(self, docs: Sequence[ServiceDoc], k1: float = K1, b: float = DEFAULT_B) -> None:
        self.doc_ids = [d.id for d in docs]
        self.postings: dict[str, dict[int, float]] = {}
        tfs = [Counter(_plain_words(" ".join(d.fields().values()))) for d in docs]
        n_docs = len(docs)
        avg = (sum(sum(c.values()) for c in tfs) / n_docs) if n_docs else 1.0
        df = Counter(term for c in tfs for term in c)
        for doc_idx, counts in enumerate(tfs):
            norm = 1 - b + b * sum(counts.values()) / (avg or 1.0)
            for term, tf in counts.items():
                idf = math.log(1 + (n_docs - df[term] + 0.5) / (df[term] + 0.5))
                weight = idf * tf * (k1 + 1) / (tf + k1 * norm)
                self.postings.setdefault(term, {})[doc_idx] = weight

    def search(self, query: str, k: int = 10) -> list[SearchResult]:
        """Rank services by plain BM25 on the question's words."""
        if not isinstance(query, str) or k <= 0:
            return []
        scores: dict[int, float] = {}
        for term in set(_plain_words(query)):
            for doc_idx, weight in self.postings.get(term, {}).items():
                scores[doc_idx] = scores.get(doc_idx, 0.0) + weight
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self.doc_ids[item[0]]))[:k]
        return [SearchResult(self.doc_ids[d], round(s, 4), "zelfde woorden") for d, s in ranked]


def _plain_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def plain_bm25_baseline(docs: Sequence[ServiceDoc]) -> PlainBM25:
    """Build the plain BM25 baseline used for comparison in the evaluation."""
    return PlainBM25(docs)
