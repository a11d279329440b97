from django.db import migrations

TABLE = "models_catalog_operatingmodel"
LEXICON = "models_catalog_searchword"


def add_lexicon(apps, schema_editor):
    # PostgreSQL only: every word of the search documents, trigram-indexed, for typo matching
    # (models_catalog.search). It replaces trigram matching against whole documents.
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("DROP INDEX IF EXISTS operatingmodel_search_trgm")
    run(f"CREATE TABLE {LEXICON} (word text PRIMARY KEY)")
    run(f"CREATE INDEX searchword_trgm ON {LEXICON} USING gin (word gin_trgm_ops)")
    run(f"CREATE INDEX searchword_prefix ON {LEXICON} (word text_pattern_ops)")
    run(
        f"INSERT INTO {LEXICON} (word) SELECT word FROM ts_stat("
        f"'SELECT to_tsvector(''simple'', search_document) FROM {TABLE}')"
    )


def remove_lexicon(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {LEXICON}")
    schema_editor.execute(
        f"CREATE INDEX operatingmodel_search_trgm ON {TABLE} USING gin (search_document gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("models_catalog", "0010_listing_index")]

    operations = [migrations.RunPython(add_lexicon, remove_lexicon)]
