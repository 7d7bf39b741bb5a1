"""Writing to the audit log. Every read or change of personal data goes through `record`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from buurtwerk.core.auditing import Purpose, Why

from .chain import KEYED, UNKEYED, Head, read_checkpoint
from .models import AuditEntry, AuditPrune, AuditVerb

# Entries are chained by hash, so two writers must not both extend the same last entry.
_CHAIN_LOCK_ID = 7_341_002


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


def _describe(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, type) and issubclass(target, models.Model):
        return target._meta.label_lower, ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk or "")
    return str(target), ""


def _entry(
    actor: Any,
    verb: AuditVerb | str,
    target: Any,
    *,
    purpose: Why | None,
    fields: Iterable[str],
    object_id: str | int | None = None,
    previous_hash: str,
) -> AuditEntry:
    object_type, described_id = _describe(target)
    is_user = getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        actor_role=getattr(actor, "role", "") if is_user else "",
        verb=str(verb),
        object_type=object_type,
        object_id=str(object_id if object_id is not None else described_id),
        purpose=(purpose or "")[:200],
        fields=sorted(set(fields)),
        previous_hash=previous_hash,
    )
    entry.entry_hash = entry.compute_hash()
    return entry


def _last_hash() -> str:
    last = AuditEntry.objects.order_by("-id").only("entry_hash").first()
    return last.entry_hash if last else ""


def record(
    actor: Any,
    verb: AuditVerb | str,
    target: Any = None,
    *,
    purpose: Why | None = None,
    fields: Iterable[str] = (),
    object_id: str | int | None = None,
) -> AuditEntry:
    """Append one entry. `fields` are names of changed fields, never their values."""
    with transaction.atomic():
        _lock_chain()
        entry = _entry(
            actor,
            verb,
            target,
            purpose=purpose,
            fields=fields,
            object_id=object_id,
            previous_hash=_last_hash(),
        )
        entry.save()
    return entry


def record_many(
    actor: Any,
    changes: Iterable[tuple[AuditVerb | str, Any, Iterable[str]]],
    *,
    purpose: Why | None = None,
    batch_size: int = 2000,
) -> int:
    """Append one entry per (verb, target, fields), chained in order, in a few bulk inserts.

    For bulk work such as an import: the same entries as calling `record` for each change.
    """
    written = 0
    with transaction.atomic():
        _lock_chain()
        previous_hash = _last_hash()
        batch: list[AuditEntry] = []
        for verb, target, fields in changes:
            entry = _entry(
                actor, verb, target, purpose=purpose, fields=fields, previous_hash=previous_hash
            )
            previous_hash = entry.entry_hash
            batch.append(entry)
            if len(batch) >= batch_size:
                written += len(AuditEntry.objects.bulk_create(batch))
                batch = []
        written += len(AuditEntry.objects.bulk_create(batch))
    return written


def record_denied(
    actor: Any, action: Any, target: Any, *, purpose: Why | None = None
) -> AuditEntry:
    return record(actor, AuditVerb.DENIED, target, purpose=purpose or Purpose(f"poging: {action}"))


def genuine_cut() -> AuditPrune | None:
    """The latest cut the retention job made and signed; forged cuts are skipped."""
    for cut in AuditPrune.objects.order_by("-through_id"):
        if cut.is_genuine():
            return cut
    return None


def verify_chain() -> list[int]:
    """Ids of entries whose hash or link to the previous entry does not hold (empty when intact).

    After the first keyed entry, an unkeyed one is a forgery: it was computed without the key.
    """
    broken: list[int] = []
    previous_hash = ""
    keyed_seen = False
    entries = AuditEntry.objects.order_by("id")
    cut = genuine_cut()
    if cut is not None:
        # The retention job removed the oldest entries; the chain resumes at the kept hash.
        previous_hash = cut.boundary_hash
        entries = entries.filter(id__gt=cut.through_id)
    for entry in entries.iterator(chunk_size=2000):
        known = entry.chain_version == KEYED or (entry.chain_version == UNKEYED and not keyed_seen)
        if (
            not known
            or entry.previous_hash != previous_hash
            or entry.compute_hash() != entry.entry_hash
        ):
            broken.append(entry.pk)
        keyed_seen = keyed_seen or entry.chain_version == KEYED
        previous_hash = entry.entry_hash
    return broken


def chain_head() -> Head:
    """The head of the chain now: entries written in all (pruned ones too), last id and hash."""
    last = AuditEntry.objects.order_by("-id").only("id", "entry_hash").first()
    removed = sum(cut.removed for cut in AuditPrune.objects.all() if cut.is_genuine())
    return Head(
        written=AuditEntry.objects.count() + removed,
        last_id=last.pk if last else 0,
        last_hash=last.entry_hash if last else "",
    )


def _behind(anchor: Head) -> list[str]:
    """Problems when the table no longer reaches the anchored head (its tail was removed)."""
    problems = []
    head = chain_head()
    if head.written < anchor.written:
        problems.append(
            f"Er ontbreken {anchor.written - head.written} regel(s) ten opzichte van het "
            f"ijkpunt ({anchor.written} regels geschreven, nu {head.written})."
        )
    anchored = AuditEntry.objects.filter(pk=anchor.last_id).only("entry_hash").first()
    cut = genuine_cut()
    if anchored is None and not (cut is not None and cut.through_id >= anchor.last_id):
        problems.append(
            f"Regel {anchor.last_id}, de laatste bij het ijkpunt, ontbreekt: het einde van het "
            "log is verwijderd."
        )
    elif anchored is not None and anchored.entry_hash != anchor.last_hash:
        problems.append(f"Regel {anchor.last_id} is anders dan bij het ijkpunt.")
    return problems


def check_audit_log(anchor: Head | None = None, *, use_checkpoint: bool = True) -> list[str]:
    """Everything wrong with the audit log, in Dutch (empty when intact).

    Checks the chain, the signatures of the cuts, and the head against `anchor` or else
    against the checkpoint file, when there is one.
    """
    problems = []
    broken = verify_chain()
    if broken:
        problems.append(
            f"Regels {broken[:20]} kloppen niet met de keten: gewijzigd, verwijderd, of "
            "opnieuw berekend zonder de sleutel."
        )
    forged = [cut.pk for cut in AuditPrune.objects.order_by("id") if not cut.is_genuine()]
    if forged:
        problems.append(
            f"Opschoningen {forged[:20]} zijn niet door Buurtwerk gemaakt (de handtekening "
            "klopt niet)."
        )
    if anchor is None and use_checkpoint:
        anchor, present = read_checkpoint()
        if present and anchor is None:
            problems.append("Het ijkpuntbestand is niet geldig ondertekend met de auditsleutel.")
    if anchor is not None:
        problems += _behind(anchor)
    return problems
