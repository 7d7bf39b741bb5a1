from typing import Any

from django.db.models import QuerySet

from buurtwerk.accounts.models import User
from buurtwerk.core.permissions import Action, Policy, Role, register
from buurtwerk.people.permissions import municipality_ids

from .models import AuditEntry


def _own_municipalities(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """An administrator of one municipality (a member of its teams) reads what that
    municipality's users did; an administrator without a team manages the whole installation
    and also reads entries without a user (logins that failed, scheduled tasks)."""
    municipalities = municipality_ids(user)
    if not municipalities:
        return queryset
    actors = User.objects.filter(teams__municipality_id__in=municipalities).values("pk")
    return queryset.filter(actor_id__in=actors)


register(Policy(AuditEntry, {Action.VIEW: frozenset({Role.ADMIN})}, scope=_own_municipalities))
