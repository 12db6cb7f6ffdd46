"""StaffRole, moved here from the referrals app: its table already exists (referrals 0001)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and admin history of staff roles follow the model to its new app."""
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="staff", model="staffrole").exists():
        content_types.objects.filter(app_label="referrals", model="staffrole").update(
            app_label="staff"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalogue', '0004_hsds_3_1'),
        ('referrals', '0005_staffrole_moved_to_staff'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='StaffRole',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('professional', 'Professional'), ('link_worker', 'Link worker'), ('receiver', 'Contact of a receiving service'), ('manager', 'Manager'), ('administrator', 'Administrator')], max_length=20)),
                ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='catalogue.organization')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_roles', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'referrals_staffrole',
                'constraints': [models.UniqueConstraint(fields=('user', 'role', 'organization'), name='one_role'), models.CheckConstraint(condition=models.Q(models.Q(('role', 'receiver'), _negated=True), ('organization__isnull', False), _connector='OR'), name='receiver_has_organization')],
            },
        ),
        ], database_operations=[]),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
