"""The action skeleton: permission, reach, one transaction and the audit entry with its purpose."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from buurtwerk.audit.models import AuditEntry
from buurtwerk.core.actions import (
    SYSTEM,
    Actor,
    Reach,
    action,
    apply_changes,
    audit,
    is_system,
    user_of,
)
from buurtwerk.core.auditing import AuditVerb, Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Resident
from buurtwerk.people.queries import residents_visible_to

pytestmark = pytest.mark.django_db


@action(
    Purpose.CHANGE_RESIDENT,
    Action.CHANGE,
    "resident",
    reach=[Reach("data.buddy", residents_visible_to, message="Kies een maatje dat u kent.")],
)
def do_rename(resident: Resident, data: dict, acting_user: Actor) -> Resident:
    resident.name = data["name"]
    resident.save(update_fields=["name"])
    audit(acting_user, AuditVerb.CHANGE, resident, fields=["name"])
    if data.get("fail"):
        raise ValidationError("afgebroken")
    return resident


@action(Purpose.UPDATE_NETWORK)
def do_checked_in_body(resident: Resident, acting_user: Actor) -> None:
    require(acting_user, Action.DELETE, resident, purpose=Purpose.UPDATE_NETWORK)


def test_an_allowed_action_saves_and_audits_with_its_purpose(personas) -> None:
    do_rename(personas.jan, {"name": "Jan de Smit"}, personas.fatima)
    personas.jan.refresh_from_db()
    assert personas.jan.name == "Jan de Smit"
    entry = AuditEntry.objects.filter(verb="change", object_id=str(personas.jan.pk)).get()
    assert entry.purpose == "bewoner wijzigen" and entry.fields == ["name"]


def test_a_refused_permission_changes_nothing_and_logs_the_attempt(personas) -> None:
    with pytest.raises(PermissionDenied):
        do_rename(personas.piet, {"name": "Anders"}, personas.fatima)
    personas.piet.refresh_from_db()
    assert personas.piet.name != "Anders"
    denied = AuditEntry.objects.get(verb="denied", actor=personas.fatima)
    assert denied.purpose == "bewoner wijzigen"


def test_a_record_outside_the_actors_reach_is_refused_on_its_field(personas) -> None:
    with pytest.raises(ValidationError) as refused:
        do_rename(personas.jan, {"name": "Anders", "buddy": personas.piet}, personas.fatima)
    assert refused.value.message_dict == {"buddy": ["Kies een maatje dat u kent."]}
    personas.jan.refresh_from_db()
    assert personas.jan.name != "Anders"


def test_a_failing_body_rolls_back_the_change_and_its_audit_entry(personas) -> None:
    with pytest.raises(ValidationError):
        do_rename(personas.jan, {"name": "Anders", "fail": True}, personas.fatima)
    personas.jan.refresh_from_db()
    assert personas.jan.name != "Anders"
    assert not AuditEntry.objects.filter(verb="change").exists()


def test_a_refusal_inside_the_body_is_logged_after_the_rollback(personas) -> None:
    with pytest.raises(PermissionDenied):
        do_checked_in_body(personas.jan, personas.henk)
    assert AuditEntry.objects.filter(
        verb="denied", actor=personas.henk, purpose="netwerk bijwerken"
    ).exists()


def test_the_system_skips_the_permission_check_and_is_stored_without_a_user(personas) -> None:
    do_rename(personas.piet, {"name": "Piet V."}, SYSTEM)
    entry = AuditEntry.objects.get(verb="change", object_id=str(personas.piet.pk))
    assert entry.actor is None and entry.actor_username == ""
    assert is_system(SYSTEM) and is_system(None) and not is_system(personas.fatima)
    assert user_of(SYSTEM) is None and user_of(personas.fatima) == personas.fatima


def test_audit_outside_an_action_needs_a_purpose(personas) -> None:
    with pytest.raises(RuntimeError):
        audit(personas.fatima, AuditVerb.VIEW, personas.jan)
    audit(personas.fatima, AuditVerb.VIEW, personas.jan, purpose=Purpose.VIEW_RESIDENT)
    assert AuditEntry.objects.filter(purpose="bewonerspagina bekijken").exists()


def test_every_purpose_has_its_own_readable_text() -> None:
    values = [purpose.value for purpose in Purpose]
    assert len(values) == len(set(values))
    assert all(value and value == value.strip() for value in values)
    detailed = Purpose.INSIGHT_MONTHLY_REPORT.detailed("2026-05")
    assert detailed == "inzicht: maandrapport 2026-05"
    assert detailed.purpose is Purpose.INSIGHT_MONTHLY_REPORT


def test_apply_changes_names_only_the_fields_that_really_change(personas) -> None:
    jan = personas.jan
    changed = apply_changes(jan, {"name": jan.name, "phone": "0612345678"})
    assert changed == ["phone"] and jan.phone == "0612345678"
