"""The API's throttle, keyed on the client's address as mito.client sees it, and its message."""

import math

from django.utils.translation import ngettext
from rest_framework import throttling
from rest_framework.exceptions import Throttled
from rest_framework.views import exception_handler as drf_exception_handler

from mito.client import client_address


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle, with the one notion of the client's address.

    Behind the proxies of MITO_TRUSTED_PROXIES a client gains nothing by rotating
    X-Forwarded-For: only the entry the outermost trusted proxy appended counts.
    """

    def get_ident(self, request):
        return client_address(request)


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
