"""SQLite's full-text index: an FTS5 table, which Django cannot declare (search.backends.sqlite)."""

from django.db import migrations

# Frozen here, as the table was made then (search.backends.sqlite names it).
FTS_TABLE = "search_document_fts"
CREATE_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(a, b, c, d, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)


def create_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE_FTS_TABLE)


def drop_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_fts_table, drop_fts_table)]
