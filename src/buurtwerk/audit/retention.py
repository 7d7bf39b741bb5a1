"""How long the audit log is kept, and the one way its oldest entries are removed."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import connection, models, transaction

from .log import _lock_chain
from .models import AuditEntry, AuditPrune

RETENTION_RULE = "audit.entries"


def prune_audit_log(now: datetime, dry_run: bool) -> int:
    """Remove entries older than the retention period, keeping the chain verifiable.

    Only a prefix of the chain is removed (everything up to the last old entry), and the hash
    at the cut is kept in an AuditPrune row for `verify_chain`.
    """
    cutoff = now - settings.BUURTWERK_RETENTION[RETENTION_RULE]
    with transaction.atomic():
        _lock_chain()
        through = AuditEntry.objects.filter(at__lt=cutoff).aggregate(last=models.Max("id"))["last"]
        if through is None:
            return 0
        old = AuditEntry.objects.filter(id__lte=through)
        count = old.count()
        if dry_run:
            return count
        boundary = AuditEntry.objects.get(id=through)
        cut = AuditPrune(
            at=now, through_id=through, boundary_hash=boundary.entry_hash, removed=count
        )
        cut.sign()
        # First the cut: on PostgreSQL the trigger deletes only entries a cut covers.
        cut.save()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL buurtwerk.audit_prune = 'on'")
        # The queryset's own delete() refuses on purpose; this is the single sanctioned path.
        models.QuerySet.delete(old)
    return count
