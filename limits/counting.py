"""Limits per client, counted atomically: the API throttle, the feedback form, share links.

Every limit is a fixed window: the actions of one kind (`scope`) by one client (a digest of
limits.client's address) in the current window of `period` seconds, which is named in the key.
Each action adds one to the count in a single atomic step and learns the new count; it is
refused once that passes the limit. A count read and then written back loses the actions of
parallel requests (16 in parallel got 400 API requests through a limit of 120 a minute), so
nothing here reads before it writes. The limit is the same whatever the cache:

* On Redis (settings: `REDIS_URL`) the count is a cache key: `cache.add(key, 0, timeout)`, then
  `cache.incr(key)`, which is Redis's INCR. The key expires a second after its window.
* Otherwise (the embedded database cache, or none at all) it is a row of its own table
  (limits.models.LimitCount), counted by one statement, atomic on SQLite (3.35+) and PostgreSQL
  alike:  INSERT … VALUES (key, 1, window's end) ON CONFLICT (key) DO UPDATE SET n = n + 1
  RETURNING n. Django's database cache cannot count: its incr() is a get and then a set, and
  its values are pickles that no UPDATE can add to. `manage.py maintenance` deletes the rows
  of ended windows (forget_ended_windows).

Two stores, not one: with Redis a count (one for every API request) costs the database
nothing; without it, the database that is already there needs no server beside it.

A store that cannot be reached lets the action through: a lost count is better than a form
nobody can send.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from time import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router

from boundedcache import UNAVAILABLE

from .client import client_address
from .models import LimitCount


@dataclass(frozen=True)
class Count:
    #: Actions counted in the current window, this one included (0: not counted).
    n: int
    #: Seconds until the window ends and the count starts again.
    wait: float


def count(scope: str, ident: str, period: int) -> Count:
    """Count one more action of `scope` by the client `ident` in the current window of
    `period` seconds."""
    now = time()
    window = int(now // period)
    ends = (window + 1) * period
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"limit:{scope}:{digest}:{window}"
    cache = caches["default"]
    try:
        if isinstance(cache, RedisCache):
            n = _count_in_cache(cache, key, timeout=int(ends - now) + 1)
        else:
            n = _count_in_table(key, ends)
    except UNAVAILABLE:
        n = 0
    return Count(n, ends - now)


def over_limit(request, scope: str, limit: int, period: int) -> bool:
    """Count one more action of `scope` by this client (limits.client); True once it is more
    than `limit` within the current window of `period` seconds."""
    return count(scope, client_address(request), period).n > limit


def _count_in_cache(cache, key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:
        # Expired between the two calls: its window ended a second ago, and this is the first
        # action counted since.
        return 1


def _count_in_table(key: str, ends: float) -> int:
    using = router.db_for_write(LimitCount)
    connection = connections[using]
    quote, meta = connection.ops.quote_name, LimitCount._meta
    table = quote(meta.db_table)
    key_column, n, expires = (
        quote(meta.get_field(name).column) for name in ("key", "n", "expires")
    )

    def moment(seconds):
        return connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(seconds, UTC))

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {n}, {expires}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET {n} = {table}.{n} + 1 RETURNING {n}",
            [key, moment(ends)],
        )
        (counted,) = cursor.fetchone()
    return counted


def forget_ended_windows(using: str = "default") -> int:
    """Delete the counts of windows that have ended (housekeeping: `manage.py maintenance`;
    a request only ever counts, in one statement)."""
    deleted, _by_model = (
        LimitCount.objects.using(using).filter(expires__lte=datetime.now(UTC)).delete()
    )
    return deleted
