"""An id once used by a row with history is never given to another row, so a new row never
inherits a deleted one's history (django-reversion keys its versions by id) nor takes its place
in the list of deleted rows to recover.

SQLite never gives an id twice: Django makes its id columns AUTOINCREMENT, and nothing resets
`sqlite_sequence` but `flush`. PostgreSQL's sequences never go back either, except that
`loaddata` (like `sqlsequencereset`, or a restored dump) sets them to max(id) of the table: the
id of a deleted row above that max came back. So before a new row of a model with history is
inserted, its sequence is moved past every id that history knows: a check at the insert rather
than after loaddata, as it covers every way a sequence is reset (and modeltranslation already
replaces the loaddata command).
"""

import reversion
from django.db import connections
from django.db.models import BigIntegerField, Max
from django.db.models.functions import Cast
from reversion.models import Version


def highest_in_history(model, using: str) -> int:
    """The highest id of `model` that any version (of a row kept or deleted) records."""
    versions = Version.objects.using(using).get_for_model(model, model_db=using)
    top = versions.aggregate(top=Max(Cast("object_id", BigIntegerField())))["top"]
    return top or 0


def never_reuse_an_id(sender, instance, raw=False, using=None, **kwargs):
    """pre_save: a new row of a model with history gets an id no version has had."""
    connection = connections[using or "default"]
    if (
        instance.pk is not None
        or connection.vendor != "postgresql"
        or not reversion.is_registered(sender)
    ):
        return
    history = highest_in_history(sender, connection.alias)
    if not history:
        return
    with connection.cursor() as cursor:
        for info in connection.introspection.get_sequences(cursor, sender._meta.db_table):
            name = connection.ops.quote_name(info["name"])
            cursor.execute(f"SELECT last_value, is_called FROM {name}")
            last_value, is_called = cursor.fetchone()
            given = last_value if is_called else last_value - 1
            if given < history:
                cursor.execute("SELECT setval(%s::regclass, %s, true)", [name, history])
