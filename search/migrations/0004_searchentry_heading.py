import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


def fill_headings(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("search", "SearchEntry")._meta.db_table
    # The name and theme are the vector's weight-A terms.
    schema_editor.execute(f"UPDATE {table} SET heading = ts_filter(vector, '{{a}}')")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_bitmaps")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="heading",
            field=django.contrib.postgres.search.SearchVectorField(
                help_text="The terms of the name and theme alone (weight A): small enough to rank by.",
                null=True,
                verbose_name="name and theme",
            ),
        ),
        migrations.RunPython(fill_headings, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["heading"], name="searchentry_heading"
            ),
        ),
    ]
