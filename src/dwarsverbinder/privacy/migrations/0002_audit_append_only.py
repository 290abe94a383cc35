"""Make the audit log append-only in the database itself.

Triggers refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit rows for every
database user, the app's own included. The only opening is ``privacy.audit.maintenance``:
a transaction-local setting on PostgreSQL, a guard row on SQLite.
"""

from django.db import migrations

MESSAGE = "The audit log is append-only"

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION privacy_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('dwarsverbinder.audit_maintenance', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER privacy_auditevent_no_change
    BEFORE UPDATE OR DELETE ON privacy_auditevent
    FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_append_only();
    """,
    """
    CREATE TRIGGER privacy_auditevent_no_truncate
    BEFORE TRUNCATE ON privacy_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_auditevent_append_only();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_truncate ON privacy_auditevent;",
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_change ON privacy_auditevent;",
    "DROP FUNCTION IF EXISTS privacy_auditevent_append_only();",
]

SQLITE_FORWARD = [
    "CREATE TABLE privacy_auditguard (open integer NOT NULL DEFAULT 0);",
    "INSERT INTO privacy_auditguard (open) VALUES (0);",
    f"""
    CREATE TRIGGER privacy_auditevent_no_update BEFORE UPDATE ON privacy_auditevent
    WHEN (SELECT open FROM privacy_auditguard) = 0
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER privacy_auditevent_no_delete BEFORE DELETE ON privacy_auditevent
    WHEN (SELECT open FROM privacy_auditguard) = 0
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_delete;",
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_update;",
    "DROP TABLE IF EXISTS privacy_auditguard;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
