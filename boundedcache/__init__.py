"""The database cache, bounded in bytes as well as in entries.

Django's database cache bounds only the number of rows (MAX_ENTRIES), and a row holds
whatever it is given: 2 000 list pages for distinct query strings took 54 MB, and an SQLite
file never gives space back. This backend refuses to store a value larger than
MAX_BYTES / MAX_ENTRIES, so the table never holds more than MAX_BYTES of values (plus
the keys); a larger value is simply computed again next time. Expired rows are deleted by
`manage.py maintenance` and whenever the table is full (Django's culling).
"""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone
from redis.exceptions import RedisError

#: What a cache (or the limits' table) that cannot be reached raises, on either cache: callers
#: that can do without it (the page cache, the limits) catch these.
UNAVAILABLE = (DatabaseError, RedisError)


class BoundedDatabaseCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        options = params.get("OPTIONS", {})
        max_bytes = int(options.get("MAX_BYTES", 0))
        self.max_entry_bytes = max_bytes // self._max_entries if max_bytes else 0

    def stored_size(self, value) -> int:
        """The bytes the value takes in the table: base64 of its pickle, as Django stores it."""
        pickled = len(pickle.dumps(value, self.pickle_protocol))
        return (pickled + 2) // 3 * 4

    def fits(self, value) -> bool:
        return not self.max_entry_bytes or self.stored_size(value) <= self.max_entry_bytes

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        if mode != "touch" and not self.fits(value):
            if mode == "set":
                # An older, smaller value under the key must not outlive this set.
                self._base_delete_many([key])
            return False
        return super()._base_set(mode, key, value, timeout)

    def cull_now(self) -> int:
        """Delete expired rows, then a third of the rest if still over MAX_ENTRIES (Django's
        culling, by key); return how many rows went (for `manage.py maintenance`)."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            before = cursor.fetchone()[0]
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            expires = connection.ops.quote_name("expires")
            cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [now])
            remaining = before - cursor.rowcount
            if remaining > self._max_entries:
                # Django's own culling (expired rows: none left now; then a third of the rest).
                self._cull(db, cursor, timezone.now(), remaining)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return before - cursor.fetchone()[0]
