"""On PostgreSQL the retention job may delete the oldest entries, and nothing else may.

The trigger still refuses every UPDATE, and every DELETE unless the deleting transaction set
`buurtwerk.audit_prune` (only `audit.retention.prune_audit_log` does, with SET LOCAL).
"""

from django.db import migrations

ALLOW_PRUNE = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('buurtwerk.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def allow_prune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_PRUNE)


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_prune")]
    operations = [migrations.RunPython(allow_prune, append_only)]
