"""The answer to a read outside the user's reach: logged, and a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose


def denied(user: Any, model: Any, pk: Any, purpose: Purpose) -> Http404:
    record(user, AuditVerb.DENIED, model, purpose=purpose, object_id=str(pk)[:64])
    return Http404("Niet gevonden")
