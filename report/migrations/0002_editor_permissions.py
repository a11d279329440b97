"""Editors (the "Toimittaja" group) edit the report's texts and read the link checks."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Toimittaja"


def grant(apps, schema_editor):
    for app_label in ["report", "links"]:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # historical app configs have none; the check needs one
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="report"),
        # check_links writes the link checks; editors only read them.
        *Permission.objects.filter(content_type__app_label="links", codename__startswith="view_"),
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label__in=["report", "links"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("report", "0001_initial"),
        ("links", "0001_initial"),
        ("models_catalog", "0003_editor_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
