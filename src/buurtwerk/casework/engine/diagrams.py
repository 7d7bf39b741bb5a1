"""The two server-drawn SVG diagrams: the netwerkkaart and the 50/50 split chart.

The netwerkkaart is geometry a template places; the split chart is drawn by `core/charts/`.
Both are tested without a browser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from buurtwerk.core.charts.svg import Series, horizontal_bar_chart

RING_COUNT = 3


@dataclass(frozen=True)
class NetworkMember:
    name: str
    kind: str
    closeness: int


@dataclass(frozen=True)
class PlacedMember:
    name: str
    kind: str
    closeness: int
    x: float
    y: float


@dataclass(frozen=True)
class Ring:
    closeness: int
    radius: float


@dataclass(frozen=True)
class NetworkMap:
    size: float
    centre: float
    rings: tuple[Ring, ...]
    members: tuple[PlacedMember, ...]


def layout_network(members: Sequence[NetworkMember], size: float = 360.0) -> NetworkMap:
    """Place the resident in the centre and each contact on the ring of its closeness.

    Contacts on one ring are spread evenly, each ring turned a little so names on neighbouring
    rings do not line up. Closeness outside 1..3 is clamped to the nearest ring.
    """
    centre = size / 2
    step = (size / 2 - 20) / RING_COUNT
    rings = tuple(Ring(closeness=n, radius=step * n) for n in range(1, RING_COUNT + 1))
    by_ring: dict[int, list[NetworkMember]] = {n: [] for n in range(1, RING_COUNT + 1)}
    for member in members:
        by_ring[min(max(member.closeness, 1), RING_COUNT)].append(member)
    placed: list[PlacedMember] = []
    for ring in rings:
        on_ring = by_ring[ring.closeness]
        offset = -math.pi / 2 + ring.closeness * 0.35
        for index, member in enumerate(on_ring):
            angle = offset + 2 * math.pi * index / len(on_ring)
            placed.append(
                PlacedMember(
                    name=member.name,
                    kind=member.kind,
                    closeness=ring.closeness,
                    x=round(centre + ring.radius * math.cos(angle), 1),
                    y=round(centre + ring.radius * math.sin(angle), 1),
                )
            )
    return NetworkMap(size=size, centre=centre, rings=rings, members=tuple(placed))


def split_shares(casework_minutes: int, community_minutes: int) -> tuple[int, int]:
    """Whole percentages of casework and community building that add up to 100 (0, 0 if none)."""
    total = casework_minutes + community_minutes
    if not total:
        return 0, 0
    casework = round(100 * casework_minutes / total)
    return casework, 100 - casework


def split_chart(
    rows: Sequence[tuple[str, int, int]],
    *,
    names: tuple[str, str],
    title: str,
    description: str,
    target_share: float = 0.5,
) -> str:
    """A 100% stacked bar per row (label, casework minutes, community minutes), as SVG.

    Each bar shows the share of time, not the amount, so workers with few hours compare fairly;
    the dashed line marks the model split (50/50 by default).
    """
    shares = [split_shares(casework, community) for _, casework, community in rows]
    return horizontal_bar_chart(
        [label for label, _, _ in rows],
        [
            Series(names[0], tuple(casework for casework, _ in shares)),
            Series(names[1], tuple(community for _, community in shares)),
        ],
        chart_id="split",
        title=title,
        description=description,
        unit="%",
        reference=100 * target_share,
    )
