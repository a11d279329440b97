"""What the schema alone does not make: the editors' group and the page cache's table."""

from django.contrib.auth.management import create_permissions
from django.core.management import call_command
from django.db import migrations

#: May add, change and delete catalogue content, not users or permissions.
GROUP_NAME = "Toimittaja"
APPS = ["models_catalog", "trainings", "search", "report"]
#: check_links writes the link checks; editors only read them.
READ_ONLY_APPS = ["links"]


def create_editor_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_label in [*APPS, *READ_ONLY_APPS]:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # historical app configs have none; the check needs one
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=APPS),
        *Permission.objects.filter(
            content_type__app_label__in=READ_ONLY_APPS, codename__startswith="view_"
        ),
    )


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


def create_cache_table(apps, schema_editor):
    # The table behind settings.CACHES (models_catalog.caching), made wherever the schema is.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("models_catalog", "0001_initial"),
        ("trainings", "0001_initial"),
        ("search", "0001_initial"),
        ("report", "0001_initial"),
        ("links", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_editor_group, remove_editor_group),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
