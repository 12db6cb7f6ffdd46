"""An organization's inviting editor is its "main user": "manager" is the indicators role."""

from django.db import migrations, models


def rename(old: str, new: str):
    def run(apps, schema_editor):
        for model in ("Membership", "Invitation"):
            apps.get_model("publishing", model).objects.filter(role=old).update(role=new)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0004_access_request'),
    ]

    operations = [
        migrations.AlterField(
            model_name='invitation',
            name='role',
            field=models.CharField(choices=[('editor', 'Editor'), ('main_user', 'Main user (can invite editors)')], default='editor', max_length=10),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('editor', 'Editor'), ('main_user', 'Main user (can invite editors)')], default='editor', max_length=10),
        ),
        migrations.RunPython(rename("manager", "main_user"), rename("main_user", "manager")),
    ]
