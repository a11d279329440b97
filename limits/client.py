"""The client's address: one notion for the limits per client (limits.counting) and django-axes.

Behind a reverse proxy every request comes from the proxy (REMOTE_ADDR), and the client's own
address is in X-Forwarded-For, to which each proxy appends the address it was reached from.
Only the entries the trusted proxies appended can be believed: anything to their left is
whatever the client chose to send. `MITO_TRUSTED_PROXIES` (settings) says how many there are;
0 (the default) means the site is served directly and X-Forwarded-For is ignored.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The address of the client as the outermost trusted proxy saw it, else REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.MITO_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if not forwarded:
        return remote
    # The same entry Django REST framework's NUM_PROXIES picks.
    candidate = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # Not an address (a misconfigured proxy): never let it become an identity of its own.
        return remote
