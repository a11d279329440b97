"""Limits per client hold under concurrency (limits.counting): the API throttle, the feedback form
and share links each let exactly their limit through when one client sends 32 requests at once.

The site runs as its own gunicorn server (two worker processes of four threads each, as in
production) on a free loopback port, with a database of its own: a temporary SQLite file, or a
`<name>_limits` PostgreSQL database when DATABASE_URL points to PostgreSQL; with REDIS_URL the
server's cache, and so its counts, are in Redis. Every request comes through a simulated proxy
(MITO_TRUSTED_PROXIES = 1) from one client's address.
"""

import http.client
import io
import os
import secrets
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from http.cookies import SimpleCookie
from threading import Barrier
from urllib.parse import urlencode, urlsplit

import dj_database_url
import psycopg
import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError
from django.urls import reverse
from redis.exceptions import RedisError

from feedback.models import AccessibilityFeedback
from limits import counting as limits
from limits.models import LimitCount
from models_catalog.models import SharedShortlist
from tests.servers import ROOT, manage, own_database, served

PARALLEL = 32
API_LIMIT, FEEDBACK_LIMIT, SHARE_LIMIT = 10, 3, 4
CLIENT = "203.0.113.5"
PROXY_HEADERS = {"X-Forwarded-For": f"192.0.2.1, {CLIENT}"}
REDIS_URL = os.environ.get("REDIS_URL", "")

needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI sets it)")


def server_settings(prefix: str) -> str:
    """The test settings with small limits, behind one trusted proxy."""
    return f"""
from mito.settings.test import *  # noqa: F403

MITO_TRUSTED_PROXIES = 1
REST_FRAMEWORK = {{
    **REST_FRAMEWORK,
    "NUM_PROXIES": 1,
    "DEFAULT_THROTTLE_RATES": {{"anon": "{API_LIMIT}/minute"}},
}}
FEEDBACK_LIMIT_PER_HOUR = {FEEDBACK_LIMIT}
SHARE_LIMIT_PER_HOUR = {SHARE_LIMIT}
if REDIS_URL:
    # One prefix for every worker process of this server, and for no one else.
    CACHES = {{"default": {{**CACHES["default"], "KEY_PREFIX": {prefix!r}}}}}
"""


class Site:
    """The server, and what its database holds."""

    def __init__(self, base_url: str, database_url: str, slug: str):
        self.base_url = base_url
        self.database_url = database_url
        self.slug = slug

    def request(self, method, path, data=None, cookies=None, headers=None):
        """One request on a connection of its own; redirects are not followed."""
        parts = urlsplit(self.base_url)
        sent = {**PROXY_HEADERS, **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        with closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)) as conn:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            response.read()
            return response

    def rows(self, model) -> int:
        table = model._meta.db_table
        if self.database_url.startswith("sqlite:"):
            path = dj_database_url.parse(self.database_url)["NAME"]
            with closing(sqlite3.connect(path)) as connection:
                return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("limits")
    prefix = f"mito-limits-{secrets.token_hex(8)}"
    (folder / "limits_settings.py").write_text(server_settings(prefix))
    with own_database(folder) as database_url:
        env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
        env.update(
            DJANGO_SETTINGS_MODULE="limits_settings",
            PYTHONPATH=os.pathsep.join([str(folder), str(ROOT)]),
            DATABASE_URL=database_url,
        )
        manage(env, "migrate", "-v0")
        # One published model, for a shortlist to share (the whole catalogue takes longer).
        made = manage(
            env,
            "shell",
            "-c",
            "from tests.factories import OperatingModelFactory;print(OperatingModelFactory().slug)",
        )
        with served(env, "-w", "2") as base_url:
            yield Site(base_url, database_url, made.stdout.strip().splitlines()[-1])
    if REDIS_URL:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def at_once(send, times=PARALLEL):
    """`send()` from `times` threads released together; the responses."""
    start = Barrier(times)

    def one(_):
        start.wait()
        return send()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(one, range(times)))


def in_a_fresh_window(period: int, margin: float = 10) -> None:
    """Counts are kept in fixed windows: never let the burst straddle two."""
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.5)


def csrf_cookie(site, path) -> dict[str, str]:
    """A CSRF cookie from a page with a form; the same value serves as the form's token."""
    response = site.request("GET", path)
    assert response.status == 200
    cookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie"):
        cookie.load(header)
    return {"csrftoken": cookie["csrftoken"].value}


def test_parallel_api_requests_get_no_more_than_the_throttles_rate(site):
    in_a_fresh_window(60)
    responses = at_once(lambda: site.request("GET", "/api/v1/"))
    statuses = sorted(response.status for response in responses)
    assert statuses == [200] * API_LIMIT + [429] * (PARALLEL - API_LIMIT)
    for response in responses:
        if response.status == 429:
            assert 1 <= int(response.headers["Retry-After"]) <= 60
    # Another client behind the same proxy is not held back by the first one.
    other = site.request("GET", "/api/v1/", headers={"X-Forwarded-For": "198.51.100.7"})
    assert other.status == 200


def test_parallel_feedback_stores_no_more_than_the_limit(site):
    path = reverse("feedback:statement")
    cookies = csrf_cookie(site, path)
    in_a_fresh_window(60 * 60)
    responses = at_once(
        lambda: site.request(
            "POST",
            path,
            {
                "message": "Kuvilta puuttuu tekstivastine.",
                "csrfmiddlewaretoken": cookies["csrftoken"],
            },
            cookies,
        )
    )
    statuses = sorted(response.status for response in responses)
    assert statuses == [302] * FEEDBACK_LIMIT + [429] * (PARALLEL - FEEDBACK_LIMIT)
    assert site.rows(AccessibilityFeedback) == FEEDBACK_LIMIT


def test_parallel_share_requests_make_no_more_links_than_the_limit(site):
    page = reverse("models_catalog:shortlist")
    cookies = csrf_cookie(site, reverse("feedback:statement"))
    token = {"csrfmiddlewaretoken": cookies["csrftoken"]}
    added = site.request(
        "POST", reverse("models_catalog:shortlist_add"), {"slug": site.slug, **token}, cookies
    )
    assert added.status == 302
    session = SimpleCookie()
    for header in added.headers.get_all("Set-Cookie"):
        session.load(header)
    cookies["sessionid"] = session["sessionid"].value
    in_a_fresh_window(60 * 60)
    responses = at_once(lambda: site.request("POST", page, {"share": "1", **token}, cookies))
    assert {response.status for response in responses} == {302}
    links = [response.headers["Location"] for response in responses]
    made = [link for link in links if "/jaettu/" in link]
    assert len(made) == len(set(made)) == SHARE_LIMIT
    assert links.count(page) == PARALLEL - SHARE_LIMIT
    assert site.rows(SharedShortlist) == SHARE_LIMIT


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(1_000_000 * 60 * 60 + 15)  # 15 s into an hour (and into a minute)
    monkeypatch.setattr(limits, "time", clock)
    return clock


@pytest.mark.django_db
def test_a_count_starts_again_in_the_next_window(clock):
    assert [limits.count("testi", CLIENT, 60).n for _ in range(3)] == [1, 2, 3]
    assert limits.count("testi", "198.51.100.7", 60).n == 1  # each client counts apart
    clock.now += 44
    assert limits.count("testi", CLIENT, 60).n == 4
    clock.now += 1
    assert limits.count("testi", CLIENT, 60).n == 1


@pytest.mark.django_db
def test_the_wait_is_what_is_left_of_the_window(clock):
    assert limits.count("testi", CLIENT, 60).wait == 45
    assert limits.count("testi", CLIENT, 60 * 60).wait == 60 * 60 - 15


@pytest.mark.django_db
@pytest.mark.skipif(bool(REDIS_URL), reason="Redis expires its keys by itself")
def test_maintenance_deletes_the_counts_of_ended_windows_and_a_request_never_does(clock):
    from datetime import UTC, datetime

    from django.core.management import call_command

    for _ in range(2):
        limits.count("minuutti", CLIENT, 60)
        limits.count("tunti", CLIENT, 60 * 60)
    clock.now += 60
    limits.count("tunti", CLIENT, 60 * 60)
    limits.count("minuutti", "198.51.100.7", 60)
    assert LimitCount.objects.count() == 3  # counting only counts
    # The ended minute, as maintenance sees it when its clock has moved on too.
    LimitCount.objects.filter(key__contains=":minuutti:", n=2).update(
        expires=datetime(2000, 1, 1, tzinfo=UTC)
    )
    call_command("maintenance", stdout=io.StringIO())
    left = sorted((key.split(":")[1], n) for key, n in LimitCount.objects.values_list("key", "n"))
    assert left == [("minuutti", 1), ("tunti", 3)]


@pytest.mark.django_db
@pytest.mark.parametrize("error", [DatabaseError("no table"), RedisError("no server")])
def test_a_store_that_cannot_be_reached_lets_the_action_through(monkeypatch, rf, error):
    def unreachable(*args, **kwargs):
        raise error

    monkeypatch.setattr(limits, "_count_in_table", unreachable)
    monkeypatch.setattr(limits, "_count_in_cache", unreachable)
    assert limits.count("testi", CLIENT, 60).n == 0
    assert limits.over_limit(rf.get("/", REMOTE_ADDR=CLIENT), "testi", 0, 60) is False


@pytest.mark.django_db
@needs_redis
def test_with_redis_the_counts_are_kept_in_redis_and_expire_with_their_window():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    assert [limits.count("testi", CLIENT, 60).n for _ in range(3)] == [1, 2, 3]
    assert not LimitCount.objects.exists()
    client = cache._cache.get_client(write=True)
    [key] = client.scan_iter(match=f"{cache.key_prefix}:*:limit:testi:*")
    assert int(client.get(key)) == 3
    assert 0 < client.ttl(key) <= 61
