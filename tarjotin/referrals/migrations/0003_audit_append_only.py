"""The audit log is append-only in the database itself (security audit #15): a trigger on
PostgreSQL refuses UPDATE and DELETE of audit events, whatever code or SQL console asks. The one
update let through is Django setting ``actor`` to NULL when an account is removed (the name
stays). SQLite, the embedded trial database, keeps the model-level refusal only: Django's test
flush on SQLite deletes rows one by one."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tarjotin_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND NEW.id = OLD.id AND NEW.at = OLD.at
     AND NEW.actor_name = OLD.actor_name AND NEW.action = OLD.action
     AND NEW.referral_id IS NOT DISTINCT FROM OLD.referral_id AND NEW.detail = OLD.detail THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tarjotin_audit_append_only BEFORE UPDATE OR DELETE ON referrals_auditevent
  FOR EACH ROW EXECUTE FUNCTION tarjotin_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS tarjotin_audit_append_only ON referrals_auditevent;
DROP FUNCTION IF EXISTS tarjotin_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_referral_ended_state")]
    operations = [migrations.RunPython(create, drop)]
