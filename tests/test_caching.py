"""Cached page pieces: served again while nothing changes, never stale after an edit, and never
holding what belongs to one reader."""

import io
import itertools
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import RedisError

from boundedcache import BoundedDatabaseCache
from models_catalog import caching
from models_catalog.models import OperatingModel, SharedShortlist, Step, WellbeingCounty

pytestmark = pytest.mark.django_db

LIST_URL = "/"
#: With REDIS_URL the cache is Redis (mito.settings.base); the page cache works the same.
ON_REDIS = isinstance(caches["default"], RedisCache)
#: What reading a cached piece costs the database: the generation and the piece, or nothing.
CACHE_READS = 0 if ON_REDIS else 2
database_cache_only = pytest.mark.skipif(
    ON_REDIS, reason="the database cache's own behaviour; with REDIS_URL it has no table"
)


def test_a_second_reader_of_the_same_query_string_gets_it_from_the_cache(
    client, django_assert_num_queries
):
    first = client.get(LIST_URL, {"county": "pirkanmaa"}).content
    with django_assert_num_queries(CACHE_READS):
        again = Client().get(LIST_URL, {"county": "pirkanmaa"}).content
    assert _without_csrf(again) == _without_csrf(first)


def test_an_edit_is_shown_at_once(client, catalogue):
    assert "Mielikioski" in client.get(LIST_URL).content.decode()
    model = catalogue[13]
    model.name = "Mielikioski Plus"
    model.save()
    assert "Mielikioski Plus" in client.get(LIST_URL).content.decode()


def test_edits_to_steps_and_links_are_shown_at_once(client, catalogue):
    url = catalogue[13].get_absolute_url()
    client.get(LIST_URL, {"county": "lappi"})
    client.get(url)
    step = Step.objects.filter(operating_model=catalogue[13]).first()
    step.text = "Uusi ensimmäinen askel"
    step.save()
    catalogue[13].counties.add(WellbeingCounty.objects.get(slug="lappi"))
    assert "Mielikioski" in client.get(LIST_URL, {"county": "lappi"}).content.decode()
    assert "Uusi ensimmäinen askel" in client.get(url).content.decode()


def test_a_change_that_rolls_back_keeps_the_cache(client, catalogue):
    before = caching.generation()
    seen_inside = []

    def edit_then_fail():
        with transaction.atomic():
            catalogue[13].save()
            seen_inside.append(caching.generation())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()
    assert seen_inside == [before]  # refreshed on commit, not before
    assert caching.generation() == before
    with transaction.atomic():
        catalogue[13].save()
    assert caching.generation() != before


def test_a_deploy_drops_pieces_rendered_by_the_previous_code(settings, tmp_path):
    rendered = caching.key("a page")
    (tmp_path / "views.py").write_text("# the next release", encoding="utf-8")
    settings.BASE_DIR = tmp_path
    caching.code_version.cache_clear()
    try:
        assert caching.key("a page") != rendered
    finally:
        caching.code_version.cache_clear()


def test_each_reader_gets_their_own_csrf_token_and_the_shortlist_works():
    readers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = []
    for reader in readers:
        html = reader.get(LIST_URL).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        response = reader.post(
            reverse("models_catalog:shortlist_add"),
            {"slug": "mielikioski", "next": LIST_URL, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
        assert "Mielikioski" in reader.get(reverse("models_catalog:shortlist")).content.decode()
    assert tokens[0] != tokens[1]


def test_each_language_is_cached_apart(client):
    assert "Rajaa ja hae" in client.get(LIST_URL).content.decode()
    html = client.get("/sv" + LIST_URL).content.decode()
    assert "Filtrera och sök" in html
    assert "Rajaa ja hae" not in html


@pytest.mark.parametrize("error", [DatabaseError("no table"), RedisError("no server")])
def test_pages_still_work_when_the_cache_does_not(client, error):
    with mock.patch("models_catalog.caching.cache.get", side_effect=error):
        response = client.get(LIST_URL, {"q": "omaishoitajien"})
    assert response.status_code == 200
    assert "Omaishoitajien mielen hyvinvointi puheeksi" in response.content.decode()


def test_drafts_never_reach_the_cached_list(client, catalogue):
    client.get(LIST_URL)
    OperatingModel.objects.filter(number=14).update(is_published=False)
    html = client.get(LIST_URL, {"q": "omaishoitajien"}).content.decode()
    assert "Omaishoitajien mielen hyvinvointi puheeksi" not in html
    assert 'class="empty-state"' in html


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_development_never_reads_the_cache(client, settings, django_assert_num_queries):
    client.get(LIST_URL, {"county": "pirkanmaa"})
    settings.DEBUG = True
    # Computed in full although cached: vocabularies, counts, page and cards, no cache reads.
    with django_assert_num_queries(9):
        client.get(LIST_URL, {"county": "pirkanmaa"})


def list_body(html: bytes) -> bytes:
    """The cached part of a list page: filters, facets and results (the rest is the reader's)."""
    start = html.index(b'<div class="list-layout">')
    return html[start : html.index(b"</section>", start)]


def test_equivalent_list_urls_share_one_cached_page(client, django_assert_num_queries):
    first = client.get(LIST_URL, {"county": ["pirkanmaa", "helsinki"], "q": "mielen  terveys"})
    entries = cached_entries()
    equivalent = (
        "/?q=+mielen+terveys&county=helsinki&county=pirkanmaa&county=helsinki"
        "&utm_source=uutiskirje&fbclid=abc123&page=1"
    )
    with django_assert_num_queries(CACHE_READS):  # nothing computed
        second = client.get(equivalent)
    assert list_body(second.content) == list_body(first.content)
    assert cached_entries() == entries


def test_junk_parameters_add_nothing_to_the_cache(client):
    client.get(LIST_URL, {"county": "pirkanmaa"})
    entries = cached_entries()
    for number in range(20):
        client.get(LIST_URL, {"county": "pirkanmaa", f"utm_{number}": str(number)})
        client.get(LIST_URL, {"county": ["pirkanmaa", "<script>"], "gclid": str(number)})
    assert cached_entries() == entries


def test_ticks_for_comparison_are_the_readers_own_and_add_nothing_to_the_cache(client):
    # Where an add to the shortlist returns them (views.shortlist_add): every pair of models
    # could be ticked, so they are put into the cached page for each reader, never cached.
    client.get(LIST_URL)
    entries = cached_entries()
    slugs = list(OperatingModel.objects.published().values_list("slug", flat=True))[:7]
    for pair in itertools.combinations(slugs, 2):
        html = client.get(LIST_URL, {"models": pair}).content.decode()
        assert set(re.findall(r'name="models" value="([-\w]+)" checked>', html)) == set(pair)
    assert cached_entries() == entries
    assert " checked>" not in Client().get(LIST_URL).content.decode()


def bounded_cache(max_entries=10, max_bytes=10_000):
    return BoundedDatabaseCache(
        "mito_cache", {"OPTIONS": {"MAX_ENTRIES": max_entries, "MAX_BYTES": max_bytes}}
    )


def cache_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mito_cache")
        return cursor.fetchone()[0]


def cached_entries() -> int:
    """Entries in the site's cache: rows of the table, or this test process's keys in Redis."""
    if not ON_REDIS:
        return cache_rows()
    cache = caches["default"]
    client = cache._cache.get_client()
    return sum(1 for _key in client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))


@database_cache_only
def test_the_cache_is_bounded_in_bytes_as_well_as_entries():
    cache = bounded_cache()  # at most 1 000 bytes a value
    cache.clear()
    cache.set("small", "x" * 100)
    assert cache.get("small") == "x" * 100
    cache.set("small", "x" * 5_000)  # too large: not stored, and the old value not kept
    assert cache.get("small") is None
    assert cache.add("large", "x" * 5_000) is False
    for number in range(40):
        cache.set(f"key-{number}", "x" * 500)
    assert cache_rows() <= 11  # Django culls whenever a set finds the table over MAX_ENTRIES


@database_cache_only
def test_the_sites_cache_is_bounded_in_bytes():
    site_cache = caches["default"]
    assert isinstance(site_cache, BoundedDatabaseCache)
    assert 0 < site_cache.max_entry_bytes * site_cache._max_entries <= 256 * 1024 * 1024


def test_maintenance_purges_expired_sessions_shares_and_cache_rows(client):
    client.post(reverse("models_catalog:shortlist_add"), {"slug": "digimieli"})
    Session.objects.update(expire_date=timezone.now() - timedelta(days=1))
    SharedShortlist.objects.create(slugs=["digimieli"])
    kept = SharedShortlist.objects.create(slugs=["mielikioski"])
    SharedShortlist.objects.exclude(pk=kept.pk).update(expires_at=timezone.now())
    caches["default"].set("vanha", "x", timeout=-1)
    caches["default"].set("uusi", "x", timeout=600)
    call_command("maintenance", stdout=io.StringIO())
    assert not Session.objects.exists()
    assert list(SharedShortlist.objects.all()) == [kept]
    if ON_REDIS:  # Redis expires keys by itself; maintenance leaves it alone
        assert caches["default"].get("uusi") == "x"
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM mito_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert any(key.endswith(":uusi") for key in keys)
    assert not any(key.endswith(":vanha") for key in keys)
