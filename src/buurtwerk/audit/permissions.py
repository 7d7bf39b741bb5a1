from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from buurtwerk.core.permissions import Action, Policy, Role, register

from .models import AuditEntry


def _own_municipalities(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """An administrator of one municipality (a member of its teams) reads what that
    municipality's users did; an administrator without a team manages the whole installation
    and also reads entries without a user (logins that failed, scheduled tasks)."""
    municipalities = set(user.teams.values_list("municipality_id", flat=True))
    if not municipalities:
        return queryset
    actors = get_user_model().objects.filter(teams__municipality_id__in=municipalities).values("pk")
    return queryset.filter(actor_id__in=actors)


register(Policy(AuditEntry, {Action.VIEW: frozenset({Role.ADMIN})}, scope=_own_municipalities))
