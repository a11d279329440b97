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
from django.utils import translation

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
    made = [settings.STATIC_ROOT, settings.DOWNLOADS_CACHE_DIR]
    skipped = {root / "fixtures", *(Path(p) for p in made if p)}
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


#: How much of a kept download is read and sent at a time.
FILE_CHUNK_BYTES = 256 * 1024


def kept_download(kind: str, origin: str, response):
    """A whole download (`response`, streamed and not yet started) sent from the file kept for
    the catalogue's generation, or, when there is none yet, written to that file as it is sent.

    Made in full, a whole download of a large catalogue takes seconds (10 000 models: several
    for the CSV, more for the JSON) and its rows never change between edits: built once per
    generation, every later reader gets the file at disk speed, in constant memory. The file's
    name holds what its bytes depend on: the kind, the language, the site's address (the JSON
    carries absolute links), the code's version and the generation. An edit replaces the
    generation (the one write path), so a file of an older one is never read again; the next
    file of the same kind and language deletes it.
    """
    if settings.DEBUG:
        return response
    try:
        current = generation()
    except UNAVAILABLE:
        return response
    language = translation.get_language()
    site = hashlib.sha256(origin.encode()).hexdigest()[:8]
    folder = Path(settings.DOWNLOADS_CACHE_DIR)
    prefix = f"{kind}-{language}-{site}-"
    path = folder / f"{prefix}{code_version()}-{current}"
    try:
        kept = path.open("rb")
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        response.streaming_content = _written(response.streaming_content, path, prefix)
    else:
        response.streaming_content = _read(kept)
        response["Content-Length"] = str(os.fstat(kept.fileno()).st_size)
    return response


def _read(kept):
    with kept:
        while chunk := kept.read(FILE_CHUNK_BYTES):
            yield chunk


def _written(chunks, path: Path, prefix: str):
    """`chunks` passed on, and copied into `path` once the last has been sent.

    Each request writes its own temporary file and moves it into place whole, so parallel
    first readers never see half a file. A download not read to the end leaves nothing."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        with temporary.open("wb") as copy:
            for chunk in chunks:
                copy.write(chunk)
                yield chunk
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    for older in path.parent.glob(f"{prefix}*"):
        if older != path:
            older.unlink(missing_ok=True)


def forget_downloads(all_generations: bool = True) -> int:
    """Deletes the kept downloads, made again when next asked: all of them (rebuild_derived),
    or those of older generations and code (maintenance)."""
    folder = Path(settings.DOWNLOADS_CACHE_DIR)
    current = "" if all_generations else f"-{code_version()}-{generation()}"
    files = [
        path
        for path in (folder.iterdir() if folder.exists() else ())
        # Names starting with a dot are being written (_written) and are left alone.
        if path.is_file()
        and not path.name.startswith(".")
        and not (current and path.name.endswith(current))
    ]
    for path in files:
        path.unlink(missing_ok=True)
    return len(files)
