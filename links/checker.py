"""Checking the catalogue's external links politely, and only on the public internet.

Few at a time, with retries, each link within one deadline. Requests run in threads (the work
is waiting for other servers); the database is read before and written after, only from the
calling thread.

What keeps the checker pointed outwards (links.addresses says which addresses are public):

- http and https only, at the first address and at every redirect, which are followed here one
  hop at a time (at most `max_redirects`), never by a library that would follow them unseen.
- Each hop's name is resolved once; every address it resolves to must be public, or the link
  is refused before any connection is made. The socket is then opened to one of exactly those
  addresses, and HTTP (the Host header) and TLS (SNI and the certificate's name) are spoken
  over it with the link's own name: http.client sends on a socket it is handed and never
  resolves the name again, so DNS cannot answer differently between the check and the
  connection (DNS rebinding). No proxy is used: a proxy would make the connection itself.
- One monotonic deadline per link covers resolving, connecting, TLS, reading the answer's
  head, every retry and the pauses between them. A socket timeout alone bounds each read, and
  a server that sends a byte a second never lets it expire; so a timer shuts the socket down
  when the deadline passes, whatever is waiting on it.
- Nothing the far end sent is stored but the HTTP status and the public URL it led to: the
  body is never read, and failures are described in the checker's own fixed words, never with
  the server's (a non-HTTP service answers with a banner that would say what runs there).
"""

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .addresses import is_local_name, literal_address, why_not_public
from .models import LinkCheck, LinkStatus

REDIRECT_CODES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5

_TLS = ssl.create_default_context()


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


class Refused(Exception):
    """A link or redirect that is not followed; the message is one of the checker's own."""


class NameNotFound(OSError):
    pass


class Deadline:
    """A moment on the monotonic clock; what is left of the time until it."""

    def __init__(self, seconds: float, end: float | None = None):
        self.end = time.monotonic() + seconds if end is None else end

    def left(self) -> float:
        return self.end - time.monotonic()

    def remaining(self) -> float:
        """The time left; TimeoutError once there is none."""
        left = self.left()
        if left <= 0:
            raise TimeoutError
        return left

    def within(self, seconds: float) -> "Deadline":
        """This deadline, or `seconds` from now if that comes first."""
        return Deadline(0, min(self.end, time.monotonic() + seconds))


def _web_address(url: str) -> tuple[str, str, int, str]:
    """(scheme, host as sent, port, path) of an http(s) URL; Refused for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("not a valid web address") from None
    if parts.scheme not in ("http", "https"):
        raise Refused("not an http or https address")
    host = parts.hostname or ""
    if not host:
        raise Refused("not a valid web address")
    if (address := literal_address(host)) is not None:
        host = str(address)
    else:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise Refused("not a valid web address") from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path


def resolve(host: str, port: int, deadline: Deadline) -> list[str]:
    """Every address `host` resolves to, asked once, within the deadline."""
    if (address := literal_address(host)) is not None:
        return [str(address)]
    answer = {}

    def lookup():
        try:
            answer["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            answer["infos"] = []

    # getaddrinfo has no timeout of its own: wait for it only as long as the deadline allows.
    looking_up = threading.Thread(target=lookup, daemon=True)
    looking_up.start()
    looking_up.join(deadline.remaining())
    if looking_up.is_alive():
        raise TimeoutError
    addresses = list(dict.fromkeys(info[4][0] for info in answer["infos"]))
    if not addresses:
        raise NameNotFound
    return addresses


def public_addresses(host: str, port: int, deadline: Deadline) -> list[str]:
    """The addresses to connect to, all of them public; Refused if any one is not."""
    if is_local_name(host):
        raise Refused("refused: a local name, not on the public internet")
    addresses = resolve(host, port, deadline)
    for address in addresses:
        if why := why_not_public(address):
            raise Refused(f"refused: leads to a {why} address, not on the public internet")
    return addresses


def _connect(addresses: list[str], port: int, deadline: Deadline) -> socket.socket:
    error = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=deadline.remaining())
        except TimeoutError:
            raise
        except OSError as failure:
            error = failure
    raise error


def _cut(sock: socket.socket) -> None:
    """Called at the deadline: whatever waits on the connection returns at once."""
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def ask(url: str, deadline: Deadline, user_agent: str) -> tuple[int, str | None]:
    """One GET to a checked public address: the status and the Location header."""
    scheme, host, port, path = _web_address(url)
    addresses = public_addresses(host, port, deadline)
    sock = _connect(addresses, port, deadline)
    # A second handle on the same connection for the timer: TLS takes over `sock` itself.
    handle = sock.dup()
    timer = threading.Timer(max(deadline.left(), 0), _cut, [handle])
    timer.daemon = True
    timer.start()
    connection = http.client.HTTPConnection(host, port)
    try:
        if scheme == "https":
            sock = _TLS.wrap_socket(sock, server_hostname=host)
        connection.sock = sock  # so http.client never connects (nor resolves) by itself
        # GET, not HEAD: many servers answer HEAD wrongly. Only the head is read.
        connection.request("GET", path, headers={"User-Agent": user_agent, "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        timer.cancel()
        connection.close()
        sock.close()
        handle.close()


def check_once(url: str, deadline: Deadline, user_agent: str, max_redirects: int) -> Result:
    """Follow the link and its redirects, each hop checked, until an answer or the deadline."""
    current, redirects, reached = url, 0, ""
    try:
        while True:
            code, location = ask(current, deadline, user_agent)
            reached = current
            if not 100 <= code <= 599:
                return Result(url, LinkStatus.UNREACHABLE, detail="not an HTTP answer")
            if code in REDIRECT_CODES and location:
                if redirects >= max_redirects:
                    return Result(url, LinkStatus.BROKEN, code, reached, "too many redirects")
                current = urljoin(current, location.strip()).split("#")[0]
                redirects += 1
                continue
            if code >= 400:
                return Result(url, LinkStatus.BROKEN, code, reached, "an error page")
            status = LinkStatus.REDIRECTED if redirects else LinkStatus.OK
            return Result(url, status, code, reached)
    except Refused as refusal:
        return Result(url, LinkStatus.REFUSED, final_url=reached, detail=str(refusal))
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Result(url, LinkStatus.UNREACHABLE, detail=_failure(error, deadline))


def _failure(error: Exception, deadline: Deadline) -> str:
    """The checker's own words for a failure, never the far end's."""
    if isinstance(error, TimeoutError) or deadline.left() <= 0:
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "TLS certificate not valid"
    if isinstance(error, ssl.SSLError):
        return "TLS failed"
    if isinstance(error, http.client.BadStatusLine | http.client.LineTooLong):
        return "not an HTTP answer"
    if isinstance(error, NameNotFound):
        return "name not found"
    return "connection failed"


def check_url(
    url: str,
    *,
    timeout: float,
    deadline: float,
    retries: int,
    backoff: float,
    user_agent: str,
    max_redirects: int = MAX_REDIRECTS,
) -> Result:
    """One link's result within `deadline` seconds, all tries and pauses included; a failure
    is tried again up to `retries` times (each try at most `timeout` seconds)."""
    whole = Deadline(deadline)
    result = check_once(url, whole.within(timeout), user_agent, max_redirects)
    for attempt in range(1, retries + 1):
        if result.works or result.status == LinkStatus.REFUSED:
            break  # a refusal is the same every time
        pause = backoff * attempt
        if pause >= whole.left():
            break
        time.sleep(pause)
        result = check_once(url, whole.within(timeout), user_agent, max_redirects)
    return result


def check_all(
    urls: Iterable[str],
    *,
    workers: int = 4,
    per_host: int = 2,
    timeout: float = 10.0,
    deadline: float = 30.0,
    retries: int = 2,
    backoff: float = 1.0,
    max_redirects: int = MAX_REDIRECTS,
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
                url,
                timeout=timeout,
                deadline=deadline,
                retries=retries,
                backoff=backoff,
                user_agent=user_agent,
                max_redirects=max_redirects,
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
