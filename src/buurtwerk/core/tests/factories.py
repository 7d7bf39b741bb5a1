"""Bulk test data for the scale and tenancy tests, built on the shared personas' factories."""

from __future__ import annotations

from django.utils import timezone

from buurtwerk.accounts.models import User
from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.testing import ResidentFactory, give_consent
from buurtwerk.people.models import Neighbourhood, ProcessingBasis, Relation, Resident


def residents_with_networks(
    neighbourhood: Neighbourhood, count: int, *, volunteer: User | None = None
) -> list[Resident]:
    """`count` residents with consent, a legal basis and relations of every kind: each knows
    the previous one, has a named outside contact and, when given, the volunteer."""
    residents: list[Resident] = []
    for _ in range(count):
        resident = ResidentFactory(neighbourhood=neighbourhood)
        give_consent(resident)
        ProcessingBasis.objects.create(
            resident=resident,
            purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT,
            lawful_basis=ProcessingBasis.LawfulBasis.PUBLIC_TASK,
            recorded_at=timezone.now(),
        )
        if residents:
            Relation.objects.create(
                resident=resident, other_resident=residents[-1], kind=Relation.Kind.NEIGHBOUR
            )
        Relation.objects.create(
            resident=resident,
            contact_name="Huisarts Bos",
            contact_role="huisarts",
            kind=Relation.Kind.PROFESSIONAL,
        )
        if volunteer is not None:
            Relation.objects.create(resident=resident, user=volunteer, kind=Relation.Kind.VOLUNTEER)
        residents.append(resident)
    return residents


def relations_around(resident: Resident, others: list[Resident]) -> None:
    """Give `resident` a relation with each of `others`, half recorded from their side."""
    for index, other in enumerate(others):
        if index % 2:
            Relation.objects.create(resident=other, other_resident=resident, kind="friend")
        else:
            Relation.objects.create(resident=resident, other_resident=other, kind="family")


def audit_entries(actor: User, residents: list[Resident]) -> None:
    for resident in residents:
        record(actor, AuditVerb.VIEW, resident, purpose="test")
