"""Geometry for the two server-drawn SVG diagrams: the netwerkkaart and the 50/50 split chart.

Templates only place what is computed here, so the drawing is tested without a browser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class SplitRow:
    """One bar: a worker in one period, split into casework and community building."""

    label: str
    casework_minutes: int
    community_minutes: int
    label_y: float
    y: float
    bar_bottom: float
    text_y: float
    casework_width: float
    community_width: float
    community_x: float

    @property
    def total_minutes(self) -> int:
        return self.casework_minutes + self.community_minutes

    @property
    def casework_percent(self) -> int:
        return round(100 * self.casework_minutes / self.total_minutes) if self.total_minutes else 0

    @property
    def community_percent(self) -> int:
        return 100 - self.casework_percent if self.total_minutes else 0


@dataclass(frozen=True)
class SplitChart:
    width: float
    height: float
    bar_x: float
    bar_width: float
    bar_height: float
    target_x: float
    line_bottom: float
    axis_label_y: float
    rows: tuple[SplitRow, ...]

    @property
    def casework_text_x(self) -> float:
        return self.bar_x + 6


def split_chart(
    rows: Sequence[tuple[str, int, int]],
    *,
    target_share: float = 0.5,
    width: float = 400.0,
    bar_height: float = 22.0,
    label_height: float = 20.0,
    gap: float = 12.0,
) -> SplitChart:
    """A 100% stacked bar per row (label, casework minutes, community minutes).

    Each bar shows the share of time, not the amount, so workers with few hours compare fairly;
    the vertical target line marks the model split (50/50 by default). Labels sit above their
    bar so the chart stays readable on a phone.
    """
    bar_x, bar_width = 0.0, width
    row_height = label_height + bar_height + gap
    placed = []
    for index, (label, casework, community) in enumerate(rows):
        total = casework + community
        casework_width = round(bar_width * casework / total, 1) if total else 0.0
        community_width = round(bar_width - casework_width, 1) if total else 0.0
        top = gap + index * row_height
        placed.append(
            SplitRow(
                label=label,
                casework_minutes=casework,
                community_minutes=community,
                label_y=round(top + label_height - 6, 1),
                y=round(top + label_height, 1),
                bar_bottom=round(top + label_height + bar_height, 1),
                text_y=round(top + label_height + bar_height * 0.7, 1),
                casework_width=casework_width,
                community_width=community_width,
                community_x=round(bar_x + casework_width, 1),
            )
        )
    bottom = gap + len(placed) * row_height
    return SplitChart(
        width=width,
        height=bottom + 18,
        bar_x=bar_x,
        bar_width=bar_width,
        bar_height=bar_height,
        target_x=round(bar_x + bar_width * target_share, 1),
        line_bottom=bottom,
        axis_label_y=bottom + 15,
        rows=tuple(placed),
    )
