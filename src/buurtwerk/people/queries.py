"""Reads of people data, always scoped to what the asking user may see.

Opening one resident's record is itself an event worth logging: `get_resident_for` writes the
audit entry, so views, API and CLI cannot forget to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, role_allows, scope
from buurtwerk.core.text import clean_search_text

from .models import Consent, Neighbourhood, Organisation, ProcessingBasis, Relation, Resident

SMALL_NETWORK_MAX = 1


def residents_visible_to(
    user: Any, *, search: str = "", neighbourhood: Neighbourhood | None = None
) -> QuerySet[Resident]:
    residents = search_residents(
        scope(user, Resident.objects.select_related("neighbourhood")), search
    )
    if neighbourhood is not None:
        residents = residents.filter(neighbourhood=neighbourhood)
    return residents


def search_residents(residents: QuerySet[Resident], search: str) -> QuerySet[Resident]:
    """Residents whose name, street or postcode contains the (cleaned) search text."""
    search = clean_search_text(search)
    if not search:
        return residents
    return residents.filter(
        Q(name__icontains=search) | Q(street__icontains=search) | Q(postcode__icontains=search)
    )


def get_resident_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> Resident:
    """One resident the user may see (or act on), with the read written to the audit log.

    A resident outside the user's reach gives 404, not 403: whether someone is known to the
    team must not leak. The attempt is logged all the same.
    """
    residents = scope(
        user,
        Resident.objects.select_related("neighbourhood").prefetch_related(
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch("bases", queryset=ProcessingBasis.objects.select_related("recorded_by")),
        ),
        action,
    )
    resident = residents.filter(pk=pk).first() if str(pk).isdigit() else None
    if resident is None:
        record(user, AuditVerb.DENIED, Resident, purpose=purpose, object_id=str(pk)[:64])
        raise Http404("Bewoner niet gevonden")
    if action == Action.VIEW:
        record(user, AuditVerb.VIEW, resident, purpose=purpose)
    return resident


def neighbourhoods_visible_to(user: Any) -> QuerySet[Neighbourhood]:
    return scope(user, Neighbourhood.objects.select_related("district"))


def neighbourhoods_workable_by(user: Any) -> QuerySet[Neighbourhood]:
    """Neighbourhoods in which the user may add residents: those of their teams."""
    if not role_allows(user, Action.ADD, Resident):
        return Neighbourhood.objects.none()
    return Neighbourhood.objects.filter(pk__in=user.neighbourhood_ids()).select_related("district")


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Partner organisations of the user's own municipalities."""
    return scope(user, Organisation.objects.all())


def relations_of(user: Any, resident: Resident) -> QuerySet[Relation]:
    """The resident's network in both directions, as far as the user may see it."""
    relations = Relation.objects.filter(Q(resident=resident) | Q(other_resident=resident))
    return scope(user, relations).select_related("resident", "other_resident", "user")


def network_size(resident: Resident) -> int:
    """Informal contacts (not professionals), counting relations recorded from either side."""
    return network_sizes([resident.pk]).get(resident.pk, 0)


def network_sizes(resident_ids: list[int]) -> dict[int, int]:
    """Network size for many residents in two queries (used by matching and the dashboard)."""
    informal = Relation.objects.filter(kind__in=Relation.INFORMAL_KINDS)
    sizes: dict[int, int] = dict.fromkeys(resident_ids, 0)
    outgoing = (
        informal.filter(resident_id__in=resident_ids).values("resident_id").annotate(n=Count("id"))
    )
    for row in outgoing:
        sizes[row["resident_id"]] += row["n"]
    incoming = (
        informal.filter(other_resident_id__in=resident_ids)
        .values("other_resident_id")
        .annotate(n=Count("id"))
    )
    for incoming_row in incoming:
        sizes[incoming_row["other_resident_id"]] += incoming_row["n"]
    return sizes


def has_small_network(resident: Resident) -> bool:
    return network_size(resident) <= SMALL_NETWORK_MAX


def small_network_residents_visible_to(user: Any, limit: int = 10) -> list[Resident]:
    """Residents in the user's reach with 0 or 1 informal contacts: people to act for."""
    informal = Relation.objects.filter(kind__in=Relation.INFORMAL_KINDS)

    def count_of(relations: QuerySet[Relation], field: str) -> Coalesce:
        counted = (
            relations.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(counted), 0)

    residents = residents_visible_to(user).annotate(
        network=count_of(informal, "resident") + count_of(informal, "other_resident")
    )
    return list(residents.filter(network__lte=SMALL_NETWORK_MAX).order_by("name")[:limit])
