from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from buurtwerk.core.permissions import scope

from .models import AuditEntry


def audit_entries_visible_to(
    user: Any,
    *,
    username: str = "",
    verb: str = "",
    object_type: str = "",
    object_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = scope(user, AuditEntry.objects.all())
    if username:
        entries = entries.filter(actor_username__iexact=username)
    if verb:
        entries = entries.filter(verb=verb)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries
