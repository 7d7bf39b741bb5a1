"""Dutch text processing for the vraagbaak: normalisation, stemming, compounds and typos.

Everything here is deterministic and works offline; the language data used is what ships
inside the ``simplemma``, ``snowballstemmer`` and ``pyspellchecker`` packages (the last one
holds a Dutch word-frequency list, so typos and compounds are judged against real Dutch and
not only against the words of the imported map).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

import simplemma
import snowballstemmer

# Everyday spellings that volunteers type as they are spoken.
_ELISIONS = {
    "m'n": "mijn",
    "mn": "mijn",
    "z'n": "zijn",
    "zn": "zijn",
    "d'r": "haar",
    "'t": "het",
    "'k": "ik",
    "'m": "hem",
    "'n": "een",
    "da's": "dat is",
    "ff": "even",
    "effe": "even",
    "ipv": "in plaats van",
    "svp": "alstublieft",
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_ELISION_RE = re.compile(r"(?<![\w'])(" + "|".join(re.escape(e) for e in _ELISIONS) + r")(?![\w'])")
# "'s nachts", "'s ochtends": the archaic genitive carries no meaning of its own.
_GENITIVE_S_RE = re.compile(r"(?<![\w])'s\b")
# "euro's", "foto's": the apostrophe-s plural should fold onto the singular.
_PLURAL_S_RE = re.compile(r"(?<=[a-z])'s\b")
_TOKEN_RE = re.compile(r"[a-z0-9]+")


def _word_list(text: str) -> list[str]:
    return text.split()


STOPWORDS: frozenset[str] = frozenset(
    _word_list(
        """
        aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen
        door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe
        hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na
        naar niet niets nog nu of om omdat ons ook op over reeds te tegen toch toen tot u uit
        uw van veel voor want waren was wat we wel werd wezen wie wil worden wordt zal ze zelf
        zich zij zijn zo zonder zou jij jou jouw jullie onze hen wij zullen kunt wilt moeten
        mag mogen gaat gaan ga komt komen word heel erg echt gewoon even ff hoor nou eigenlijk
        steeds soms dingen ding zoals waar waarom wanneer welke zeker beetje best graag daarna
        daarvoor ervan weer allemaal nee oke ok zit zitten staat stond ligt lag krijg krijgt
        kreeg gekregen krijgen heb hebt had deed gedaan gaat ging gegaan kom kwam gekomen snap weet
        een twee drie vier vijf zes zeven acht negen tien elf twaalf twintig honderd duizend
        eerste tweede derde vierde tiende laatst laatste vorig vorige volgend volgende elke elk
        keer keren maand maanden week weken jaar jaren uur uren minuut minuten dag dagen
        vandaag gisteren morgen straks sinds nadat terwijl pas alweer ineens opeens
        per eens bijna onder zelfs nogal ongeveer ieder iedere iedereen niks welk zulke zulk
        zoiets ergens overal verder meteen inmiddels misschien natuurlijk waarschijnlijk
        blijkbaar trouwens tenminste namelijk helaas alsof hoewel daarom daardoor hierdoor
        waardoor waarmee daarmee ermee erbij erin erop erover ervoor hiervoor zoveel hoeveel
        maak maakt maken gemaakt zeg zegt zeggen zei gezegd denk denkt denken dacht vind
        vindt vinden vond weten wist ken kent kende begin begint beginnen begon probeer probeert
        proberen
        """
    )
)

# Snowball folds "ouderen" (elderly) and "ouders" (parents) together; keep them apart.
_STEM_EXCEPTIONS = {
    "ouderen": "ouderen",
    "oudere": "ouderen",
    "ouders": "ouder",
    "ouder": "ouder",
    # "-ing" stripping would make a bill ("rekening") the same as arithmetic ("rekenen").
    "rekening": "rekening",
    "rekeningen": "rekening",
}

# simplemma maps these to unrelated lemmas (rijden -> rijen, leden -> lijden, ...).
_LEMMA_BLOCKLIST = frozenset(
    _word_list(
        """
        rijden kapper kappers zonde deelnemer deelnemers vakman gelden bingo
        jongeren app apps leden gewezen gedragen
        """
    )
)

# snowballstemmer 3 renamed the classic Dutch stemmer to "dutch_porter"; its new "dutch"
# algorithm strips "ge-" and turns "gezin" into "zin" and "geweld" into "wel".
_snowball = snowballstemmer.stemmer(
    "dutch_porter" if "dutch_porter" in snowballstemmer.algorithms() else "dutch"
)


# "-baar" adjectives and their inflections and nouns: openbaar, openbare, leefbaarheid.
_ABLE_RE = re.compile(r"^([a-z]{3,})ba(?:ar|re|arder|ardere|arheid)$")


def strip_diacritics(text: str) -> str:
    """Remove accents so that "coördinatie" and "coordinatie" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """Lowercase, fold diacritics and expand Dutch elisions ("m'n" -> "mijn")."""
    text = strip_diacritics(text.translate(_APOSTROPHES)).lower()
    text = _GENITIVE_S_RE.sub(" ", text)
    text = _PLURAL_S_RE.sub("", text)
    return _ELISION_RE.sub(lambda m: _ELISIONS[m.group(1)], text)


def tokenize(text: str) -> list[str]:
    """Split normalised text into words; single letters carry no meaning and are dropped."""
    return [t for t in _TOKEN_RE.findall(normalize(text)) if len(t) > 1]


def is_stopword(word: str) -> bool:
    """Tell whether a normalised word is too common to be a search term on its own."""
    return word in STOPWORDS


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Dictionary lemma of a normalised Dutch word (falls back to the word itself)."""
    if word.isdigit() or word in _LEMMA_BLOCKLIST:
        return word
    found = strip_diacritics(simplemma.lemmatize(word, lang="nl")).lower().replace("_", "")
    # A lemma that starts differently is a different word, not an inflection.
    if not found.isalpha() or found[:2] != word[:2]:
        return word
    return found


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem key for matching: lemma first (irregular forms), then Snowball Dutch."""
    if word in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[word]
    if word.isdigit() or len(word) < 3:
        return word
    base = lemma(word)
    if base in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[base]
    adjective = _ABLE_RE.match(base)
    if adjective:
        # Snowball strips "-baar", so "openbaar" became "open" and "bereikbaar" became
        # "bereik"; the adjective keeps its own stem.
        return adjective.group(1) + "bar"
    return _snowball.stemWord(base)


# The frequency list counts every word it holds at least this often; a word at the floor may
# be a typo in the subtitles the list was made from, so it counts as known but not common.
WORD_LIST_FLOOR = 50
# Parts of a compound must be common words: "deur|warder" is a typo, not a compound.
COMMON_WORD = 100
# A word used often on its own is a word of its own ("verslaving", "ziekenhuis"), not a
# compound to take apart, unless its parts are far more common than the whole.
LEXICALISED = 1000
SPLIT_MARGIN = 4.0


@lru_cache(maxsize=1)
def dutch_word_counts() -> Mapping[str, int]:
    """Dutch word frequencies from the list inside pyspellchecker, read once per process."""
    raw = resources.files("spellchecker").joinpath("resources/nl.json.gz").read_bytes()
    counts: dict[str, int] = {}
    for word, count in json.loads(gzip.decompress(raw)).items():
        key = strip_diacritics(word).lower()
        if key.isalpha() and count > counts.get(key, 0):
            counts[key] = int(count)
    return counts


@lru_cache(maxsize=1)
def common_dutch_words() -> frozenset[str]:
    """Words common enough to be parts of a compound."""
    return frozenset(w for w, c in dutch_word_counts().items() if c >= COMMON_WORD and len(w) > 2)


@lru_cache(maxsize=200_000)
def is_known_word(word: str) -> bool:
    """Whether a Dutch dictionary or the word list knows the word, so it is no typo."""
    return simplemma.is_known(word, lang="nl") or dutch_word_counts().get(word, 0) > WORD_LIST_FLOOR


_LINKING_MORPHEMES = ("", "s", "e", "en")


class CompoundSplitter:
    """Split Dutch compounds into known words, e.g. tuinonderhoud -> tuin + onderhoud.

    The splitter is dictionary driven: every part must be a known word. Linking morphemes
    (-s-, -e-, -en-) between parts are allowed, so "gezinsteam" gives "gezin" + "team".

    With word ``frequencies`` the split follows Koehn and Knight (2003): of all splits, the
    one whose parts have the highest geometric mean frequency wins, and only when its parts
    are clearly more common than the word itself ("gemeente|huis", not "gemeen|tehuis";
    "verslaving" stays whole). Without frequencies, fewer and longer parts win.
    """

    def __init__(
        self,
        vocabulary: Iterable[str],
        *,
        frequencies: Mapping[str, int] | None = None,
        min_word: int = 7,
        min_part: int = 4,
        min_head: int = 3,
    ) -> None:
        self.min_word = min_word
        self.min_part = min_part
        self.min_head = min_head
        self.frequencies = frequencies
        self.vocabulary = frozenset(
            w for w in vocabulary if len(w) >= min_head and w not in STOPWORDS and w.isalpha()
        )
        self._cache: dict[str, tuple[str, ...]] = {}

    def split(self, word: str) -> tuple[str, ...]:
        """Return the parts of a compound, or an empty tuple when the word is not one."""
        if len(word) < self.min_word or not word.isalpha():
            return ()
        cached = self._cache.get(word)
        if cached is None:
            if self.frequencies is None:
                best = self._best_split(word, 0, {})
                cached = best[1] if best and len(best[1]) > 1 else ()
            else:
                cached = self._most_common_split(word, self.frequencies)
            self._cache[word] = cached
        return cached

    def _most_common_split(self, word: str, frequencies: Mapping[str, int]) -> tuple[str, ...]:
        def log_count(part: str) -> float:
            return math.log(max(frequencies.get(part, 0), COMMON_WORD))

        best: tuple[float, tuple[str, ...]] | None = None
        for parts in self._all_splits(word, 0, {}):
            if len(parts) < 2:
                continue
            score = sum(log_count(p) for p in parts) / len(parts)
            if best is None or score > best[0]:
                best = (score, parts)
        if best is None:
            return ()
        whole = frequencies.get(word, 0)
        if whole >= LEXICALISED and math.exp(best[0]) < SPLIT_MARGIN * whole:
            return ()
        return best[1]

    def _all_splits(
        self, word: str, start: int, memo: dict[int, list[tuple[str, ...]]]
    ) -> list[tuple[str, ...]]:
        if start in memo:
            return memo[start]
        found: list[tuple[str, ...]] = []
        rest = word[start:]
        if start > 0 and len(rest) >= self.min_head and rest in self.vocabulary:
            found.append((rest,))
        for end in range(start + self.min_part, len(word) - self.min_head + 1):
            piece = word[start:end]
            if piece not in self.vocabulary:
                continue
            for link in _LINKING_MORPHEMES:
                if word.startswith(link, end):
                    found.extend(
                        (piece, *tail) for tail in self._all_splits(word, end + len(link), memo)
                    )
        memo[start] = found
        return found

    def _best_split(
        self, word: str, start: int, memo: dict[int, tuple[tuple[int, int], tuple[str, ...]] | None]
    ) -> tuple[tuple[int, int], tuple[str, ...]] | None:
        # Fewer parts first, then the longest shortest part: "schuld+hulp+verlening" beats
        # a split into many short accidental words.
        if start in memo:
            return memo[start]
        best: tuple[tuple[int, int], tuple[str, ...]] | None = None
        rest = word[start:]
        if start > 0 and len(rest) >= self.min_head and rest in self.vocabulary:
            best = ((1, -len(rest)), (rest,))
        for end in range(start + self.min_part, len(word) - self.min_head + 1):
            piece = word[start:end]
            if piece not in self.vocabulary or piece == word:
                continue
            for link in _LINKING_MORPHEMES:
                if not word.startswith(link, end):
                    continue
                tail = self._best_split(word, end + len(link), memo)
                if tail is None:
                    continue
                (count, neg_shortest), parts = tail
                key = (count + 1, max(neg_shortest, -len(piece)))
                if best is None or key < best[0]:
                    best = (key, (piece, *parts))
        memo[start] = best
        return best


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (adjacent swaps count once), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        row_min = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            val = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                val = min(val, prev2[j - 2] + 1)
            cur[j] = val
            row_min = min(row_min, val)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoCorrector:
    """Correct misspelt words against a vocabulary with a symmetric-delete lookup.

    Words of 5+ letters may be one edit away, words of 9+ letters two edits. Only one
    deletion per vocabulary word is precomputed, which keeps the index small; the query
    side generates up to two deletions, which covers the common typos (missing, doubled,
    swapped or one wrong letter, two extra letters). Anything else within two edits of a
    long word is found by a scan of the words with the same first letter.
    """

    def __init__(self, frequencies: Mapping[str, int], *, min_length: int = 5) -> None:
        self.min_length = min_length
        self.frequencies = {w: f for w, f in frequencies.items() if w.isalpha() and len(w) >= 4}
        self._deletes: dict[str, list[str]] = {}
        self._by_initial: dict[str, list[str]] = {}
        for word in self.frequencies:
            for variant in _deletes(word):
                self._deletes.setdefault(variant, []).append(word)
            self._by_initial.setdefault(word[0], []).append(word)

    def max_distance(self, word: str) -> int:
        """Allowed number of edits for a word of this length."""
        if len(word) >= 9:
            return 2
        if len(word) >= self.min_length:
            return 1
        return 0

    def correct(self, word: str) -> str | None:
        """Best vocabulary word within the allowed distance, or None."""
        limit = self.max_distance(word)
        if limit == 0 or word in self.frequencies or not word.isalpha():
            return None
        variants = {word} | _deletes(word)
        if limit >= 2:
            variants |= {d for v in list(variants) for d in _deletes(v)}
        candidates: set[str] = set()
        for variant in variants:
            if variant in self.frequencies:
                candidates.add(variant)
            candidates.update(self._deletes.get(variant, ()))
        if not candidates and limit >= 2:
            # Two letters missing from a long word is not covered by the delete index; a
            # scan of same-initial words of similar length is rare and still cheap.
            candidates = {
                w for w in self._by_initial.get(word[0], ()) if abs(len(w) - len(word)) <= limit
            }
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            dist = edit_distance(word, cand, limit)
            if dist > limit:
                continue
            key = (dist, -self.frequencies[cand], cand)
            if best is None or key < best:
                best = key
        return best[2] if best else None
