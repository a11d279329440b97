from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The table behind settings.CACHES (models_catalog.caching), made wherever the schema is.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("models_catalog", "0008_scale")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
