"""Residents with a small network: how many the work reached, through a match or an activity."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from buurtwerk.community.models import SignUp
from buurtwerk.matching.models import Match, MatchEvent
from buurtwerk.people.models import Relation, Resident
from buurtwerk.people.queries import SMALL_NETWORK_MAX

from ..charts.numbers import format_number
from .base import Area, KeyFigure, Period, Section, Table

# A resident's own network: the people they knew before the work introduced anyone. Counting
# the contacts a match brought would make everyone reached drop out of the group reached.
OWN_NETWORK_KINDS = tuple(
    kind for kind in Relation.INFORMAL_KINDS if kind != Relation.Kind.INTRODUCED
)


def _own_contacts(field: str) -> Coalesce:
    counted = (
        Relation.objects.filter(kind__in=OWN_NETWORK_KINDS, **{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def small_network_residents(area: Area) -> QuerySet[Resident]:
    return (
        Resident.objects.filter(neighbourhood_id__in=area.neighbourhood_ids, erased_at__isnull=True)
        .annotate(own_network=_own_contacts("resident") + _own_contacts("other_resident"))
        .filter(own_network__lte=SMALL_NETWORK_MAX)
    )


def reach(area: Area, period: Period) -> dict[str, int]:
    """Small-network residents, and those who in the period met someone through a match (on
    either side) or came to an activity; one query."""
    introduced = MatchEvent.objects.filter(
        to_state__in=(Match.State.INTRODUCED, Match.State.ACTIVE),
        at__gte=period.start,
        at__lt=period.end,
    )
    via_match = Exists(introduced.filter(match__need__resident=OuterRef("pk"))) | Exists(
        introduced.filter(match__offer__resident=OuterRef("pk"))
    )
    via_activity = Exists(
        SignUp.objects.filter(
            resident=OuterRef("pk"),
            attendance=SignUp.Attendance.ATTENDED,
            occurrence__starts_at__gte=period.start,
            occurrence__starts_at__lt=period.end,
        )
    )
    return small_network_residents(area).aggregate(
        total=Count("id"),
        via_match=Count("id", filter=Q(via_match)),
        via_activity=Count("id", filter=Q(via_activity)),
        reached=Count("id", filter=Q(via_match) | Q(via_activity)),
    )


def section(area: Area, period: Period) -> Section:
    """Klein netwerk: who of the residents with few contacts the work reached."""
    counts = reach(area, period)
    table = Table(
        "klein-netwerk-bereikt",
        "Bewoners met een klein netwerk die we bereikten",
        f"Bewoners met hooguit {SMALL_NETWORK_MAX} eigen contact, en hoeveel van hen in deze "
        "periode iemand leerden kennen via een koppeling of naar een activiteit kwamen.",
        ["Groep", "Bewoners"],
        [
            ["Met een klein netwerk", counts["total"]],
            ["Bereikt via een koppeling", counts["via_match"]],
            ["Bereikt via een activiteit", counts["via_activity"]],
            ["Bereikt (samen)", counts["reached"]],
        ],
        chart="hbar",
    )
    share = f"{round(100 * counts['reached'] / counts['total'])}%" if counts["total"] else "–"
    return Section(
        "klein-netwerk",
        "Bewoners met een klein netwerk",
        "Eenzaamheid voorkomen: hoeveel bewoners met weinig contacten we bereikten.",
        [table],
        [
            KeyFigure("Met een klein netwerk", format_number(counts["total"])),
            KeyFigure("Bereikt", format_number(counts["reached"]), f"{share} van hen"),
        ],
    )
