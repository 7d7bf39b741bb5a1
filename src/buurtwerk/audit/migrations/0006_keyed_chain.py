"""The chain is keyed (HMAC with BUURTWERK_AUDIT_KEY) from here on.

Entries written before keep version 1 (plain SHA-256) and stay verifiable; the first keyed
entry after them seals them. Cuts of the retention job are signed, the existing ones here. On
PostgreSQL the trigger now also refuses TRUNCATE (except during a restore) and deletes only
entries that a cut covers, on the retention job's switch.
"""

from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('buurtwerk.audit_prune', true) = 'on'
       AND EXISTS (SELECT 1 FROM audit_auditprune WHERE through_id >= OLD.id) THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'TRUNCATE' AND current_setting('buurtwerk.audit_restore', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
CREATE OR REPLACE FUNCTION audit_prune_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('buurtwerk.audit_restore', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_prune_append_only
    BEFORE UPDATE OR DELETE ON audit_auditprune
    FOR EACH ROW EXECUTE FUNCTION audit_prune_append_only();
CREATE TRIGGER audit_prune_no_truncate
    BEFORE TRUNCATE ON audit_auditprune
    FOR EACH STATEMENT EXECUTE FUNCTION audit_prune_append_only();
"""
PREVIOUS = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_prune_append_only ON audit_auditprune;
DROP TRIGGER IF EXISTS audit_prune_no_truncate ON audit_auditprune;
DROP FUNCTION IF EXISTS audit_prune_append_only();
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('buurtwerk.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def sign_existing_cuts(apps, schema_editor):
    from buurtwerk.audit.chain import seal

    AuditPrune = apps.get_model("audit", "AuditPrune")
    for cut in AuditPrune.objects.all():
        cut.signature = seal(f"audit-prune:{cut.through_id}:{cut.boundary_hash}:{cut.removed}")
        cut.save(update_fields=["signature"])


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_actor_survives_account_deletion")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name="auditprune",
            name="signature",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(sign_existing_cuts, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
