from django.db import migrations

ENTRIES = "models_catalog_searchentry"


def add_facet_lexemes(apps, schema_editor):
    # PostgreSQL: facet keys join the search vector as lexemes ("~county:pirkanmaa"), so one GIN
    # scan answers search and filters together, exactly; the jsonb index it replaces made every
    # row be rechecked, reading each search vector back from TOAST.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS searchentry_facet_keys")
    schema_editor.execute(
        f"UPDATE {ENTRIES} SET vector = vector || array_to_tsvector(ARRAY("
        "SELECT '~' || key FROM jsonb_array_elements_text(facet_keys) AS key))"
    )


def remove_facet_lexemes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"UPDATE {ENTRIES} SET vector = ts_delete(vector, ARRAY("
        "SELECT '~' || key FROM jsonb_array_elements_text(facet_keys) AS key))"
    )
    schema_editor.execute(f"CREATE INDEX searchentry_facet_keys ON {ENTRIES} USING gin (facet_keys)")


class Migration(migrations.Migration):
    dependencies = [("models_catalog", "0013_search_entries")]

    operations = [migrations.RunPython(add_facet_lexemes, remove_facet_lexemes)]
