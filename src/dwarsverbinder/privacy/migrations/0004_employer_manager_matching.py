"""Employer account managers match and place young people: the default register now lets
them see identity and school career (besides placements). A register made before this gets
the role added to those two rows; the privacy officer can take it off again on the register
page."""

from django.db import migrations

CATEGORIES = ("identity", "school_career")
ROLE = "employer_manager"


def add_role(apps, schema_editor):
    record = apps.get_model("privacy", "ProcessingRecord")
    for row in record.objects.filter(category__in=CATEGORIES):
        if ROLE not in row.roles:
            row.roles = [*row.roles, ROLE]
            row.save(update_fields=["roles"])


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_register_consent_requests")]

    operations = [migrations.RunPython(add_role, migrations.RunPython.noop)]
