"""Pure-Python Dutch retrieval engine (vraagbaak) for the social map.

No Django imports here: the package works on plain HSDS dicts and can be used and tested
on its own.
"""

from .danger import NATIONAL_LINES, NationalLine
from .index import (
    Alert,
    PlainBM25,
    SearchIndex,
    SearchResult,
    ServiceDoc,
    docs_from_hsds,
    plain_bm25_baseline,
)
from .thesaurus import Concept, load_concepts

__all__ = [
    "NATIONAL_LINES",
    "Alert",
    "Concept",
    "NationalLine",
    "PlainBM25",
    "SearchIndex",
    "SearchResult",
    "ServiceDoc",
    "docs_from_hsds",
    "load_concepts",
    "plain_bm25_baseline",
]
