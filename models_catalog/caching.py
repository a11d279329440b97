"""Cached pieces of public pages, all dropped at once when an editor changes the catalogue.

Every key includes the catalogue's current generation, a random token that any change to
catalogue content replaces (signals.py), so a stale entry is never read again; it simply
ages out. The cache is the database (settings.CACHES), shared by every server process, and a
change made inside a transaction that rolls back leaves the old generation in place.
Only what is the same for every reader is cached: never forms with CSRF tokens or messages.
"""

import contextlib
import hashlib
import pickle
import secrets
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

GENERATION_KEY = "catalogue:generation"
CACHE_TABLE = settings.CACHES["default"].get("LOCATION")
#: Entries outlive no edit; this bound only keeps rarely used ones from piling up.
TIMEOUT = 60 * 60 * 24


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate() -> None:
    """Forget every cached piece (called whenever catalogue content changes)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def key(*parts) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"catalogue:{generation()}:{digest}"


def get_or_compute(parts, compute):
    """The cached value for `parts`, computing and storing it when missing.

    A cache that cannot be reached must not take pages down: the value is then computed.
    With DEBUG on (development) nothing is read from the cache: templates and code change
    under the developer's hands. Invalidation still reaches the shared cache table.
    """
    if settings.DEBUG:
        return compute()
    try:
        cache_key = key(*parts)
        stored = cache.get(cache_key)
    except DatabaseError:
        return compute()
    if stored is not None:
        return pickle.loads(zlib.decompress(stored))
    value = compute()
    # Pieces of HTML shrink about tenfold: compressed, even the list page of a large catalogue
    # stays under the cache's bound on one value (mito.cache), and the table stays small.
    with contextlib.suppress(DatabaseError):
        cache.set(cache_key, zlib.compress(pickle.dumps(value)), TIMEOUT)
    return value
