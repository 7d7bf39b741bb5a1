"""Each domain contributes its figures through one small function here.

Insight reads the other apps' models; they never import insight. Each contribution says for
whom it is: `care` ones for professionals, `partners` ones for area partners, who may see
only aggregates about the public space ("voor de voordeur"), never care data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from buurtwerk.core.charts.geo import Grid

from . import casework, community, matching, people, places, socialmap
from .base import Area, Contributor
from .places import CellCounts

LayerCounts = Callable[[Area, Grid], CellCounts]


@dataclass(frozen=True)
class Contribution:
    section: Contributor
    care: bool = True
    partners: bool = False

    def for_viewer(self, care: bool) -> bool:
        return self.care if care else self.partners


@dataclass(frozen=True)
class Layer:
    key: str
    title: str
    counts: LayerCounts
    care: bool = True
    partners: bool = False

    def for_viewer(self, care: bool) -> bool:
        return self.care if care else self.partners


SECTIONS: list[Contribution] = [
    Contribution(matching.section),
    Contribution(people.section),
    Contribution(casework.signals_section),
    Contribution(casework.liveability_section, care=False, partners=True),
    Contribution(casework.contacts_section),
    Contribution(community.section),
    Contribution(socialmap.section),
]

LAYERS: list[Layer] = [
    Layer("hulpvragen", "Open hulpvragen", places.open_needs),
    Layer("aanbod", "Beschikbaar aanbod", places.active_offers),
    Layer("signalen", "Open signalen", casework.open_signals),
    Layer(
        "meldingen",
        "Open meldingen voor de voordeur",
        casework.open_liveability_signals,
        care=False,
        partners=True,
    ),
]
