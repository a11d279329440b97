"""Which addresses a link may lead to: the public internet only.

The link checker runs on the server, inside whatever network the server is in. A link to
127.0.0.1, to a private or link-local address (169.254.169.254 is the cloud's metadata
service) or to a name that resolves to one would have the server ask its own neighbours and
tell editors what answered. So every address is checked against the ranges that are not the
public internet, IPv4 and IPv6 alike. An IPv6 address that is another way of writing an IPv4
one (IPv4-mapped ::ffff:a.b.c.d, NAT64) is judged as that IPv4 address; a tunnel address (6to4,
Teredo) must lead to a public IPv4 address and be public itself.
"""

import ipaddress

from django.conf import settings

#: Names that never mean a host on the public internet (RFC 6761, 6762, 8375 and common use).
LOCAL_NAMES = ("localhost",)
LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".lan", ".home.arpa")

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def loopback_allowed() -> bool:
    """Only the tests turn this on, to check links against a server on 127.0.0.1."""
    return bool(getattr(settings, "LINK_CHECK_ALLOW_LOOPBACK_FOR_TESTS", False))


def _stands_for_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one is only another way of writing (mapped, NAT64)."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _tunnels_to_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 tunnel address leads to (6to4, Teredo's client)."""
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    return None


def why_not_public(address) -> str | None:
    """None for a public internet address; otherwise the kind of range it is in.

    `address` is an ipaddress object or a string ("10.0.0.1", "::1", "fe80::1%eth0").
    """
    if isinstance(address, str):
        address = ipaddress.ip_address(address)
    if isinstance(address, ipaddress.IPv6Address):
        if inner := _stands_for_ipv4(address):
            return why_not_public(inner)
        # A tunnel's far end must be public, and so must the tunnel address itself.
        if (inner := _tunnels_to_ipv4(address)) and (why := why_not_public(inner)):
            return why
    if address.is_loopback:
        return None if loopback_allowed() else "loopback"
    for kind in ("unspecified", "link_local", "multicast", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if getattr(address, "is_site_local", False):
        return "site-local"
    if not address.is_global:  # e.g. 100.64.0.0/10, shared by a carrier's NAT
        return "not global"
    return None


def literal_address(host: str):
    """The IP address a URL's host names literally, or None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_local_name(host: str) -> bool:
    host = host.lower().rstrip(".")
    if loopback_allowed() and host == "localhost":
        return False
    return host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES)


def why_host_not_public(host: str) -> str | None:
    """What can be told from the host alone, without asking DNS (as the admin's form does)."""
    if (address := literal_address(host)) is not None:
        return why_not_public(address)
    if is_local_name(host):
        return "local name"
    return None
