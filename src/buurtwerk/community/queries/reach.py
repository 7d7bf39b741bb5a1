"""One record within the user's reach, or a logged 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope


def get_in_reach(
    user: Any, queryset: QuerySet[Any], pk: Any, *, purpose: Purpose, action: Action
) -> Any:
    """One record in the user's reach, or 404 (the attempt is logged) when it is not."""
    found = scope(user, queryset, action).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        record(user, AuditVerb.DENIED, queryset.model, purpose=purpose, object_id=str(pk)[:64])
        raise Http404("Niet gevonden")
    return found
