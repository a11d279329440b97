"""Checking the catalogue's external links politely: few at a time, with timeouts and retries.

Requests run in threads (the work is waiting for other servers); the database is read before
and written after, only from the calling thread.
"""

import http.client
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LinkCheck, LinkStatus


@dataclass(frozen=True)
class Result:
    url: str
    status: LinkStatus
    http_status: int | None = None
    final_url: str = ""
    detail: str = ""

    @property
    def works(self) -> bool:
        return self.status in (LinkStatus.OK, LinkStatus.REDIRECTED)


class _CountingRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects as urllib does, remembering whether any happened."""

    redirects = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.redirects += 1
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_once(url: str, timeout: float, user_agent: str) -> Result:
    redirects = _CountingRedirectHandler()
    opener = urllib.request.build_opener(redirects)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    try:
        # GET, not HEAD: many servers answer HEAD wrongly. The body is never read.
        with opener.open(request, timeout=timeout) as response:
            status = LinkStatus.REDIRECTED if redirects.redirects else LinkStatus.OK
            return Result(url, status, response.status, response.geturl())
    except urllib.error.HTTPError as error:
        error.close()
        return Result(url, LinkStatus.BROKEN, error.code, error.geturl() or url, str(error.reason))
    except urllib.error.URLError as error:
        return Result(url, LinkStatus.UNREACHABLE, detail=str(error.reason)[:300])
    except TimeoutError:
        return Result(url, LinkStatus.UNREACHABLE, detail="timed out")
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Result(
            url, LinkStatus.UNREACHABLE, detail=(str(error) or type(error).__name__)[:300]
        )


def check_url(url: str, *, timeout: float, retries: int, backoff: float, user_agent: str) -> Result:
    """One link's result; a failure is tried again `retries` times before it counts."""
    result = check_once(url, timeout, user_agent)
    for attempt in range(1, retries + 1):
        if result.works:
            break
        time.sleep(backoff * attempt)
        result = check_once(url, timeout, user_agent)
    return result


def check_all(
    urls: Iterable[str],
    *,
    workers: int = 4,
    per_host: int = 2,
    timeout: float = 10.0,
    retries: int = 2,
    backoff: float = 1.0,
    user_agent: str | None = None,
) -> list[Result]:
    """Check the links, at most `workers` at a time and `per_host` at a time on one server."""
    urls = list(urls)
    user_agent = user_agent or settings.MITO_LINK_CHECK_USER_AGENT
    hosts = {urlsplit(url).netloc.lower() for url in urls}
    host_slots = {host: threading.BoundedSemaphore(per_host) for host in hosts}

    def check(url):
        with host_slots[urlsplit(url).netloc.lower()]:
            return check_url(
                url, timeout=timeout, retries=retries, backoff=backoff, user_agent=user_agent
            )

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(check, urls))


def record(results: Iterable[Result], keep_only_checked: bool = True) -> None:
    """Store the results; with `keep_only_checked`, forget links the catalogue no longer has."""
    results = list(results)
    checked_at = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        for result in results:
            LinkCheck.objects.update_or_create(
                url=result.url,
                defaults={
                    "status": result.status,
                    "http_status": result.http_status,
                    "final_url": result.final_url[:2000],
                    "detail": result.detail[:300],
                    "checked_at": checked_at,
                },
            )
        if keep_only_checked:
            LinkCheck.objects.exclude(url__in=[result.url for result in results]).delete()
