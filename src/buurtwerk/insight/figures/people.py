"""Residents with a small network: how many the work reached, through a match or an activity."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from buurtwerk.community.models import SignUp
from buurtwerk.core.charts.numbers import format_number
from buurtwerk.matching.models import Match, MatchEvent
from buurtwerk.people.models import Relation, Resident
from buurtwerk.people.queries import SMALL_NETWORK_MAX

from .base import Area, KeyFigure, Period, Section, Table

# A resident's own network: the people they knew before the work introduced anyone. Counting
# the contacts a match brought would make everyone reached drop out of the group reached.
# The exclusions in small_network_residents spell out "more than one contact".
assert SMALL_NETWORK_MAX == 1, "small_network_residents needs rewriting for another maximum"
OWN_NETWORK_KINDS = tuple(
    kind for kind in Relation.INFORMAL_KINDS if kind != Relation.Kind.INTRODUCED
)


def _with_own_contacts(area: Area, field: str, at_least: int) -> QuerySet[Relation]:
    """Ids of the area's residents with at least `at_least` own contacts on the `field` side."""
    relations = Relation.objects.filter(
        kind__in=OWN_NETWORK_KINDS, **{f"{field}__neighbourhood_id__in": area.neighbourhood_ids}
    )
    if at_least <= 1:
        return relations.values(field)
    return (
        relations.order_by()
        .values(field)
        .annotate(n=Count("id"))
        .filter(n__gte=at_least)
        .values(field)
    )


def small_network_residents(area: Area) -> QuerySet[Resident]:
    """Residents with at most one own contact (SMALL_NETWORK_MAX), counted from either side.

    Written as exclusions of uncorrelated subqueries, which the database hashes once, rather
    than a count per resident: a 100,000-resident city takes a fraction of a second.
    """
    two_recorded_here = _with_own_contacts(area, "resident", 2)
    two_recorded_there = _with_own_contacts(area, "other_resident", 2)
    one_on_each_side = Q(pk__in=_with_own_contacts(area, "resident", 1)) & Q(
        pk__in=_with_own_contacts(area, "other_resident", 1)
    )
    return (
        Resident.objects.filter(neighbourhood_id__in=area.neighbourhood_ids, erased_at__isnull=True)
        .exclude(pk__in=two_recorded_here)
        .exclude(pk__in=two_recorded_there)
        .exclude(one_on_each_side)
    )


def reach(area: Area, period: Period) -> dict[str, int]:
    """Small-network residents, and those who in the period met someone through a match (on
    either side) or came to an activity; one query."""
    introduced = MatchEvent.objects.filter(
        to_state__in=(Match.State.INTRODUCED, Match.State.ACTIVE),
        at__gte=period.start,
        at__lt=period.end,
    )
    ids = area.neighbourhood_ids
    via_match = Q(
        pk__in=introduced.filter(match__need__resident__neighbourhood_id__in=ids).values(
            "match__need__resident_id"
        )
    ) | Q(
        pk__in=introduced.filter(match__offer__resident__neighbourhood_id__in=ids).values(
            "match__offer__resident_id"
        )
    )
    via_activity = Q(
        pk__in=SignUp.objects.filter(
            attendance=SignUp.Attendance.ATTENDED,
            occurrence__starts_at__gte=period.start,
            occurrence__starts_at__lt=period.end,
        ).values("resident_id")
    )
    return small_network_residents(area).aggregate(
        total=Count("id"),
        via_match=Count("id", filter=via_match),
        via_activity=Count("id", filter=via_activity),
        reached=Count("id", filter=via_match | via_activity),
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
