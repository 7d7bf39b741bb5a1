import pytest
from django.db import connection
from django.urls import reverse

from buurtwerk.audit.log import record, verify_chain
from buurtwerk.audit.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_or_deleted(personas) -> None:
    entry = record(personas.fatima, "view", personas.jan, purpose="test")
    entry.purpose = "anders"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(purpose="x")


def test_hash_chain_detects_tampering_in_the_database(personas) -> None:
    for _ in range(3):
        record(personas.fatima, "view", personas.jan, purpose="test")
    assert verify_chain() == []
    target = AuditEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(
            "UPDATE audit_auditentry SET purpose = 'verborgen' WHERE id = %s", [target.pk]
        )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
    assert target.pk in verify_chain()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_itself_refuses_changes_to_the_log(personas) -> None:
    from django.db import DatabaseError, transaction

    entry = record(personas.fatima, "view", personas.jan, purpose="test")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])


def test_administrator_can_filter_the_log(client, personas) -> None:
    record(personas.fatima, "view", personas.jan, purpose="bewonerspagina bekijken")
    record(personas.sanne, "change", personas.marie, purpose="bewoner wijzigen", fields=["phone"])
    client.force_login(personas.beheer)
    response = client.get(reverse("audit:entry_list"), {"username": "sanne"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "bewoner wijzigen" in content and "bewonerspagina bekijken" not in content


@pytest.mark.parametrize("persona", ["fatima", "ingrid", "henk", "bakker"])
def test_only_administrators_see_the_log(client, personas, persona) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("audit:entry_list")).status_code == 403


def test_failed_login_is_logged_without_the_username(client, personas) -> None:
    client.post(reverse("login"), {"username": "fatima", "password": "fout"})
    entry = AuditEntry.objects.filter(verb="login_failed").get()
    assert "fatima" not in entry.canonical_content()


def test_deleting_an_account_leaves_its_audit_entries_untouched(personas) -> None:
    entry = record(personas.karin, "view", personas.piet, purpose="test")
    personas.karin.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_username == "karin" and kept.actor_id == entry.actor_id
    assert verify_chain() == []


def test_entries_written_in_bulk_continue_the_chain(personas) -> None:
    from buurtwerk.audit.log import record_many
    from buurtwerk.audit.models import AuditEntry, AuditVerb

    record(personas.henk, AuditVerb.VIEW, personas.henk, purpose="voor")
    written = record_many(
        None,
        ((AuditVerb.CREATE, "people.resident", ["name"]) for _ in range(5)),
        purpose="import",
        batch_size=2,
    )
    record(personas.henk, AuditVerb.VIEW, personas.henk, purpose="na")
    assert written == 5
    assert AuditEntry.objects.filter(purpose="import").count() == 5
    assert verify_chain() == []
