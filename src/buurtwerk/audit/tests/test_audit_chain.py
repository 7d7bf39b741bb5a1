"""The keyed chain and its anchors: what someone with write access to the database cannot hide."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from buurtwerk.audit.chain import UNKEYED, read_checkpoint, write_checkpoint
from buurtwerk.audit.log import chain_head, check_audit_log, record, verify_chain
from buurtwerk.audit.models import AuditEntry, AuditPrune
from buurtwerk.audit.tasks import write_audit_checkpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpoint(settings, tmp_path) -> Path:
    settings.BUURTWERK_AUDIT_CHECKPOINT = str(tmp_path / "audit-checkpoint.json")
    return Path(settings.BUURTWERK_AUDIT_CHECKPOINT)


@contextmanager
def behind_the_applications_back() -> Iterator[object]:
    """Raw SQL as someone with the database password would run it, triggers switched off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def _entries(count: int) -> list[AuditEntry]:
    return [record(None, "view", purpose=f"test {n}") for n in range(count)]


def _unkeyed(entry: AuditEntry) -> str:
    return hashlib.sha256((entry.previous_hash + entry.canonical_content()).encode()).hexdigest()


@pytest.mark.parametrize("version", [2, UNKEYED], ids=["same-version", "downgraded"])
def test_a_chain_recomputed_without_the_key_is_caught(checkpoint, version) -> None:
    entries = _entries(4)
    with behind_the_applications_back() as cursor:
        previous = entries[0].entry_hash
        for entry in AuditEntry.objects.order_by("id")[1:]:
            if entry.pk == entries[1].pk:
                entry.purpose = "verborgen"
            entry.previous_hash = previous
            entry.entry_hash = _unkeyed(entry)
            cursor.execute(
                "UPDATE audit_auditentry SET purpose = %s, previous_hash = %s, entry_hash = %s, "
                "chain_version = %s WHERE id = %s",
                [entry.purpose, entry.previous_hash, entry.entry_hash, version, entry.pk],
            )
            previous = entry.entry_hash
    assert entries[1].pk in verify_chain()
    assert check_audit_log()


def test_deleting_the_tail_is_caught_against_the_checkpoint(checkpoint) -> None:
    entries = _entries(5)
    call_command("audit_verify", "--checkpoint")
    assert stat.S_IMODE(checkpoint.stat().st_mode) == 0o600
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id >= %s", [entries[3].pk])
    # What is left still links up: only the anchor outside the table shows the loss.
    assert verify_chain() == []
    problems = check_audit_log()
    assert any("ontbreken 2 regel(s)" in problem for problem in problems)
    assert any(f"Regel {entries[4].pk}" in problem for problem in problems)
    with pytest.raises(CommandError, match="aangetast"):
        call_command("audit_verify")


def test_a_made_up_cut_cannot_hide_deleted_entries(checkpoint) -> None:
    entries = _entries(5)
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id <= %s", [entries[1].pk])
    AuditPrune.objects.create(
        at=timezone.now(), through_id=entries[1].pk, boundary_hash=entries[1].entry_hash, removed=2
    )
    assert verify_chain() == [entries[2].pk]
    problems = check_audit_log()
    assert any("niet door Buurtwerk gemaakt" in problem for problem in problems)


def test_a_checkpoint_file_not_signed_with_the_key_is_reported(checkpoint) -> None:
    _entries(2)
    write_checkpoint(chain_head())
    data = json.loads(checkpoint.read_text())
    data["written"] -= 1
    checkpoint.write_text(json.dumps(data))
    assert read_checkpoint() == (None, True)
    assert any("niet geldig ondertekend" in problem for problem in check_audit_log())


def test_the_periodic_task_moves_the_checkpoint_only_over_an_intact_log(checkpoint) -> None:
    entries = _entries(3)
    assert write_audit_checkpoint.call() == []
    assert read_checkpoint()[0] == chain_head()
    anchored = chain_head()
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    assert write_audit_checkpoint.call() != []
    assert read_checkpoint()[0] == anchored


def test_entries_from_before_the_key_still_verify_and_are_sealed_by_the_first_keyed_one(
    checkpoint,
) -> None:
    previous = ""
    for n in range(2):
        legacy = AuditEntry(
            at=timezone.now(), verb="view", purpose=f"oud {n}", previous_hash=previous,
            chain_version=UNKEYED,
        )  # fmt: skip
        legacy.entry_hash = _unkeyed(legacy)
        legacy.save()
        previous = legacy.entry_hash
    keyed = record(None, "view", purpose="nieuw")
    assert keyed.chain_version == 2 and verify_chain() == []
    with behind_the_applications_back() as cursor:
        first = AuditEntry.objects.order_by("id")[0]
        first.purpose = "verborgen"
        second = AuditEntry.objects.order_by("id")[1]
        second.previous_hash = _unkeyed(first)
        cursor.execute(
            "UPDATE audit_auditentry SET purpose = %s, entry_hash = %s WHERE id = %s",
            [first.purpose, _unkeyed(first), first.pk],
        )
        cursor.execute(
            "UPDATE audit_auditentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
            [second.previous_hash, _unkeyed(second), second.pk],
        )
    assert verify_chain() == [keyed.pk]


postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the triggers exist on PostgreSQL only"
)


@postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditentry",
        "TRUNCATE audit_auditprune",
        "DELETE FROM audit_auditprune",
        "UPDATE audit_auditprune SET removed = 0",
    ],
)
def test_postgresql_refuses_to_empty_the_log(statement) -> None:
    _entries(2)
    AuditPrune.objects.create(at=timezone.now(), through_id=0, boundary_hash="", removed=0)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The test connections allow TRUNCATE for the flush between tests (settings.test).
        cursor.execute("SET LOCAL buurtwerk.audit_restore = 'off'")
        cursor.execute(statement)
    assert AuditEntry.objects.count() == 2 and AuditPrune.objects.count() == 1


@postgresql_only
def test_the_prune_switch_alone_deletes_nothing_a_cut_does_not_cover() -> None:
    entries = _entries(2)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL buurtwerk.audit_prune = 'on'")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    assert AuditEntry.objects.count() == 2
