"""StaffRole moved to the staff app: only Django's idea of the models changes; the table stays
(``referrals_staffrole``, now named by the staff app's model)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_cancelled_state"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StaffRole")],
            database_operations=[],
        ),
    ]
