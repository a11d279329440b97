from django.db import migrations


class Migration(migrations.Migration):
    # Once rebuilt the facet bitmaps with the application's code. A migration never calls
    # application code (it changes under it): `manage.py rebuild_derived` does that.
    dependencies = [
        ("search", "0004_searchentry_heading"),
        ("models_catalog", "0004_kept_pages"),
    ]

    operations = []
