"""The audit log's retention: old entries go, the hash chain stays verifiable, tampering shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from buurtwerk.audit import log
from buurtwerk.audit.log import check_audit_log, record, verify_chain
from buurtwerk.audit.models import AuditEntry, AuditPrune
from buurtwerk.audit.retention import RETENTION_RULE, prune_audit_log

pytestmark = pytest.mark.django_db


def _entries_at(monkeypatch, moments) -> list[AuditEntry]:
    entries = []
    for moment in moments:
        monkeypatch.setattr(log.timezone, "now", lambda moment=moment: moment)
        entries.append(record(None, "view", purpose="test"))
    monkeypatch.undo()
    return entries


def test_old_entries_are_removed_and_the_chain_still_verifies(monkeypatch, settings) -> None:
    now = timezone.now()
    keep_for = settings.BUURTWERK_RETENTION[RETENTION_RULE]
    old = _entries_at(monkeypatch, [now - keep_for - timedelta(days=d) for d in (30, 20, 10)])
    recent = _entries_at(monkeypatch, [now - timedelta(days=1), now])
    assert prune_audit_log(now, dry_run=True) == 3
    assert AuditEntry.objects.count() == 5
    assert prune_audit_log(now, dry_run=False) == 3
    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert remaining == {entry.pk for entry in recent}
    cut = AuditPrune.objects.get()
    assert cut.through_id == old[-1].pk and cut.boundary_hash == old[-1].entry_hash
    assert verify_chain() == []
    assert prune_audit_log(now, dry_run=False) == 0


def test_nothing_is_pruned_when_every_entry_is_recent() -> None:
    record(None, "view", purpose="test")
    assert prune_audit_log(timezone.now(), dry_run=False) == 0
    assert not AuditPrune.objects.exists()


def test_a_forged_cut_breaks_the_chain(monkeypatch, settings) -> None:
    now = timezone.now()
    keep_for = settings.BUURTWERK_RETENTION[RETENTION_RULE]
    _entries_at(monkeypatch, [now - keep_for - timedelta(days=5)])
    recent = _entries_at(monkeypatch, [now - timedelta(days=2), now - timedelta(days=1), now])
    prune_audit_log(now, dry_run=False)
    AuditPrune.objects.create(at=now, through_id=recent[0].pk, boundary_hash="0" * 64, removed=1)
    assert verify_chain() == []
    assert any("niet door Buurtwerk gemaakt" in problem for problem in check_audit_log())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger exists on PostgreSQL only")
def test_the_database_refuses_deletes_outside_the_retention_job() -> None:
    entry = record(None, "view", purpose="test")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
