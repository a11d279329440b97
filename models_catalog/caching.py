"""Cached pieces of public pages, all dropped at once when an editor changes the catalogue.

Every key includes the catalogue's current generation, a random token that any change to
catalogue content replaces (the one write path, changes.py), and the version of the code that
rendered it, so a stale entry is never read again, after an edit or a deploy; it simply ages
out. The cache is the database, or Redis when REDIS_URL is set (settings.CACHES), shared by
every server process either way; the generation is replaced only when the change commits, so
one that rolls back leaves the old generation in place.
Only what is the same for every reader is cached: never forms with CSRF tokens or messages.
"""

import contextlib
import functools
import hashlib
import os
import pickle
import secrets
import zlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from boundedcache import UNAVAILABLE

GENERATION_KEY = "catalogue:generation"
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
    return f"catalogue:{code_version()}:{generation()}:{digest}"


#: What a page is rendered by: code, templates, translations and static files.
CODE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".mo", ".css", ".js", ".svg", ".json"}


@functools.cache
def code_version() -> str:
    """A digest of the code, templates, translations and static files this process serves
    (under BASE_DIR, fixtures and hidden folders aside), read once per process."""
    root = Path(settings.BASE_DIR)
    skipped = {root / "fixtures", *(Path(p) for p in [settings.STATIC_ROOT] if p)}
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".") and Path(folder, name) not in skipped
        )
        for name in sorted(files):
            path = Path(folder, name)
            if path.suffix in CODE_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


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
    except UNAVAILABLE:
        return compute()
    if stored is not None:
        return pickle.loads(zlib.decompress(stored))
    value = compute()
    # Pieces of HTML shrink about tenfold: compressed, even the list page of a large catalogue
    # stays under the cache's bound on one value (boundedcache), and the table stays small.
    with contextlib.suppress(*UNAVAILABLE):
        cache.set(cache_key, zlib.compress(pickle.dumps(value)), TIMEOUT)
    return value
