"""The editors' group (models_catalog 0002) may add, change, approve and delete what this app
holds, as the rest of the catalogue's content."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Toimittaja"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("adoption")
    app_config.models_module = True  # historical app configs have none; the check needs one
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="adoption"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="adoption"))


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0001_initial"),
        ("models_catalog", "0002_editor_group_and_cache"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
