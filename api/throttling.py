"""The API's throttle, keyed on the client's address as limits.client sees it, and its message."""

import math

from django.utils.translation import ngettext
from rest_framework import throttling
from rest_framework.exceptions import Throttled
from rest_framework.views import exception_handler as drf_exception_handler

from limits import counting as limits
from limits.client import client_address


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle (its rate, `API_ANON_RATE`), counted like every other limit
    per client (limits.counting), with the one notion of the client's address.

    DRF's own reads the list of a client's recent requests from the cache and writes it back
    longer, so parallel requests each add to the same old list and most are never counted.
    Here each request adds one atomically to its client's count in a fixed window of the
    rate's duration (a minute for 120/minute), and one past the rate is refused with the
    seconds until that window ends (Retry-After).

    Behind the proxies of MITO_TRUSTED_PROXIES a client gains nothing by rotating
    X-Forwarded-For: only the entry the outermost trusted proxy appended counts.
    """

    wait_seconds = None

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        if self.rate is None or self.get_cache_key(request, view) is None:
            return True
        counted = limits.count("api", self.get_ident(request), self.duration)
        self.wait_seconds = counted.wait
        return counted.n <= self.num_requests

    def wait(self):
        return self.wait_seconds


def exception_handler(exc, context):
    """DRF's handler, with the 429 message wholly in the reader's language.

    DRF's own wording is only half translated into Finnish ("Pyyntö hidastettu. Expected
    available in 59 seconds.").
    """
    if isinstance(exc, Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else 60
        message = ngettext(
            "Too many requests. Try again in %(wait)d second.",
            "Too many requests. Try again in %(wait)d seconds.",
            wait,
        ) % {"wait": wait}
        # Made without the wait, which would append DRF's English sentence; set for Retry-After.
        exc = Throttled(detail=message)
        exc.wait = wait
    return drf_exception_handler(exc, context)
