"""Each domain contributes its figures through one small function here.

Insight reads the other apps' models; they never import insight. A contribution marked
`liveability` is about the public space ("voor de voordeur") and is the only kind an area
partner sees; every other contribution is care data, for professionals only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..charts.geo import Grid
from . import community, matching, people, places, socialmap
from .base import Area, Contributor
from .places import CellCounts

LayerCounts = Callable[[Area, Grid], CellCounts]


@dataclass(frozen=True)
class Contribution:
    section: Contributor
    liveability: bool = False


@dataclass(frozen=True)
class Layer:
    key: str
    title: str
    counts: LayerCounts
    liveability: bool = False


SECTIONS: list[Contribution] = [
    Contribution(matching.section),
    Contribution(people.section),
    Contribution(community.section),
    Contribution(socialmap.section),
]

LAYERS: list[Layer] = [
    Layer("hulpvragen", "Open hulpvragen", places.open_needs),
    Layer("aanbod", "Beschikbaar aanbod", places.active_offers),
]
