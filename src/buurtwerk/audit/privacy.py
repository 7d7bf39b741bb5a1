"""The audit log's part of an AVG access request: who opened or changed the resident's record.

The log holds no personal data values, only who did what and why; it is not erased with the
resident (it is the proof of lawful processing) and is removed by its own retention rule.
"""

from __future__ import annotations

from typing import Any

from buurtwerk.core.permissions import Role

from .models import AuditEntry, AuditVerb


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else ""


def export_resident(resident: Any, viewer: Any) -> dict[str, Any]:
    entries = AuditEntry.objects.filter(
        object_type=resident._meta.label_lower, object_id=str(resident.pk)
    ).order_by("id")
    return {
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "action": str(AuditVerb(entry.verb).label)
                if entry.verb in AuditVerb.values
                else entry.verb,
                "role": _role_label(entry.actor_role),
                "purpose": entry.purpose,
            }
            for entry in entries
        ]
    }
