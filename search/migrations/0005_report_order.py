from django.db import migrations


def rebuild_bitmaps(apps, schema_editor):
    # The published models' row now holds them in the report's order (search.facets).
    from search import facets

    facets.rebuild(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_searchentry_heading"),
        ("models_catalog", "0004_kept_pages"),
    ]

    operations = [migrations.RunPython(rebuild_bitmaps, migrations.RunPython.noop)]
