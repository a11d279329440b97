"""check_links reaches the public internet only, within one deadline per link (issue 33,
findings 2 and 3). Every server here is on loopback; names are answered by a stand-in for DNS,
so nothing leaves the machine."""

import io
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from links import checker
from links.addresses import why_not_public
from links.models import LinkCheck, LinkStatus
from models_catalog.models import GlossaryTerm, Material, OperatingModel, Source

pytestmark = pytest.mark.django_db

USER_AGENT = "test"
DRIP_SECONDS = 2

#: Addresses that are not the public internet, one or more per range, IPv4 and IPv6.
NOT_PUBLIC = [
    "127.0.0.1",  # loopback
    "127.8.9.10",
    "10.1.2.3",  # private
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # link-local: the cloud's metadata service
    "100.64.0.1",  # shared address space (carrier NAT)
    "0.0.0.0",  # unspecified
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "::1",  # IPv6 loopback
    "::",  # unspecified
    "fe80::1",  # link-local
    "fc00::1",  # unique local
    "fd12:3456::1",
    "fec0::1",  # site-local
    "ff02::1",  # multicast
    "2001:db8::1",  # documentation
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:10.0.0.1",  # IPv4-mapped private
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2001:0:4136:e378:8000:63bf:a247:28f1",  # Teredo (2001::/32), even to a public client
]
PUBLIC = [
    "93.184.215.14",
    "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
    "::ffff:93.184.215.14",  # IPv4-mapped: the public IPv4 address itself
    "2002:5db8:d70e::1",  # 6to4 of 93.184.215.14
]
LOCAL_NAMES = ["localhost", "LOCALHOST.", "api.localhost", "printer.local", "db.internal"]


def as_url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


class FakeDns:
    """Answers for made-up names, each call counted; anything else goes to the real resolver
    (socket.create_connection resolves the literal address it is given)."""

    def __init__(self):
        self.answers: dict[str, list[list[str]]] = {}
        self.asked: dict[str, int] = {}
        self.real = socket.getaddrinfo

    def __call__(self, host, port, *args, **kwargs):
        if host not in self.answers:
            return self.real(host, port, *args, **kwargs)
        self.asked[host] = self.asked.get(host, 0) + 1
        answers = self.answers[host]
        addresses = answers[min(self.asked[host], len(answers)) - 1]
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port, 0, 0) if ":" in address else (address, port),
            )
            for address in addresses
        ]


@pytest.fixture
def dns(monkeypatch):
    fake = FakeDns()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def connections(monkeypatch):
    """Every address the checker opens a connection to."""
    opened = []
    real = socket.create_connection

    def spy(address, *args, **kwargs):
        opened.append(address[0])
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return opened


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []
    redirect_to: dict[str, str] = {}

    def do_GET(self):
        type(self).hits.append((self.path, self.headers.get("Host", "")))
        if self.path == "/drip":
            return self.drip()
        if self.path.startswith("/hop/"):
            location = f"/hop/{int(self.path.rsplit('/', 1)[1]) + 1}"
        else:
            location = type(self).redirect_to.get(self.path)
        self.send_response(302 if location else 200)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def drip(self):
        """An answer's head one byte every DRIP_SECONDS: each read succeeds, none ends."""
        try:
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(DRIP_SECONDS)
        except OSError:
            pass  # the checker hung up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture
def plain_server():
    Handler.hits, Handler.redirect_to = [], {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(plain_server, settings):
    settings.LINK_CHECK_ALLOW_LOOPBACK_FOR_TESTS = True
    return plain_server


def check(url, **options):
    options = {"timeout": 2, "deadline": 5, "retries": 0, "backoff": 0, **options}
    return checker.check_url(url, user_agent=USER_AGENT, **options)


# The default: loopback is refused like any other non-public address.


def test_by_default_the_loopback_server_is_refused_before_any_connection(plain_server, connections):
    assert django_settings.LINK_CHECK_ALLOW_LOOPBACK_FOR_TESTS is False  # as in production
    result = check(f"{plain_server}/ok")
    assert result.status == LinkStatus.REFUSED
    assert (result.http_status, result.final_url) == (None, "")
    assert "loopback" in result.detail
    assert connections == []
    assert Handler.hits == []


def test_the_test_setting_lets_the_checker_reach_loopback_only(server, connections):
    result = check(f"{server}/ok")
    assert (result.status, result.http_status) == (LinkStatus.OK, 200)
    assert connections == ["127.0.0.1"]
    assert check("http://10.0.0.1/").status == LinkStatus.REFUSED
    assert check("http://[::ffff:10.0.0.1]/").status == LinkStatus.REFUSED


# Every range, as a literal address and as what a name resolves to.


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_a_literal_address_of_each_range_is_refused_without_connecting(address, connections):
    assert why_not_public(address) is not None
    result = check(f"http://{as_url_host(address)}:8080/admin/")
    assert result.status == LinkStatus.REFUSED, address
    assert connections == []


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_a_name_with_any_address_in_each_range_is_refused_without_connecting(
    address, dns, connections
):
    # One public address beside it does not help: every address the name has must be public.
    dns.answers["mixed.example"] = [[PUBLIC[0], address]]
    result = check("https://mixed.example/")
    assert result.status == LinkStatus.REFUSED, address
    assert connections == []
    assert dns.asked == {"mixed.example": 1}


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address):
    assert why_not_public(address) is None


@pytest.mark.parametrize("name", LOCAL_NAMES)
def test_local_names_are_refused_without_asking_dns(name, dns, connections):
    result = check(f"http://{name}/")
    assert result.status == LinkStatus.REFUSED
    assert connections == []
    assert dns.asked == {}


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/file", "file:///etc/passwd", "gopher://example.org/", "http:///nohost"],
)
def test_only_http_and_https_are_followed(url, connections):
    assert check(url).status == LinkStatus.REFUSED
    assert connections == []


# The connection goes to the address that was checked.


def test_the_connection_goes_to_the_checked_address_with_the_links_name(server, dns, connections):
    # DNS rebinding: the name's first answer is checked, its later answers would be private.
    # The name is resolved once; the socket is opened to that answer, and the server is asked
    # for the link's name.
    port = server.rsplit(":", 1)[1]
    dns.answers["catalogue-test.example"] = [["127.0.0.1"], ["10.0.0.1"]]
    result = check(f"http://catalogue-test.example:{port}/ok")
    assert (result.status, result.http_status) == (LinkStatus.OK, 200)
    assert dns.asked == {"catalogue-test.example": 1}
    assert connections == ["127.0.0.1"]
    assert Handler.hits == [("/ok", f"catalogue-test.example:{port}")]


# Redirects: each hop checked, followed by the checker, at most MAX_REDIRECTS.


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.1/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:10.0.0.1]/",
        "http://[fe80::1]:22/",
        "http://intranet.example/",  # a name that resolves to a private address
        "http://printer.local/",
        "ftp://127.0.0.1/",  # loopback is allowed in these tests; ftp is not
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_a_non_public_or_non_web_address_is_refused(
    server, dns, connections, location
):
    dns.answers["intranet.example"] = [["192.168.0.10"]]
    Handler.redirect_to = {"/away": location}
    result = check(f"{server}/away")
    assert result.status == LinkStatus.REFUSED
    # What is kept is where the link led while it was public; nothing of the refused hop.
    assert (result.http_status, result.final_url) == (None, f"{server}/away")
    assert connections == ["127.0.0.1"]  # the first hop only


def test_a_relative_redirect_is_followed_and_the_final_public_url_kept(server):
    Handler.redirect_to = {"/old": "/new?x=1#part"}
    result = check(f"{server}/old")
    assert (result.status, result.http_status) == (LinkStatus.REDIRECTED, 200)
    assert result.final_url == f"{server}/new?x=1"


def test_redirects_stop_after_the_limit(server):
    result = check(f"{server}/hop/0", max_redirects=5)
    assert (result.status, result.http_status, result.detail) == (
        LinkStatus.BROKEN,
        302,
        "too many redirects",
    )
    assert [path for path, _host in Handler.hits] == [f"/hop/{n}" for n in range(6)]


# Nothing the far end says is stored but its status code and the public URL.


@pytest.fixture
def banner_server(settings):
    """A service that is not HTTP: it greets with a banner naming itself, then hangs up."""
    settings.LINK_CHECK_ALLOW_LOOPBACK_FOR_TESTS = True
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            with connection:
                connection.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    listener.close()


def test_a_non_http_service_is_unreachable_and_its_banner_is_not_stored(banner_server):
    result = check(banner_server)
    checker.record([result])
    stored = LinkCheck.objects.get(url=banner_server)
    assert (stored.status, stored.http_status, stored.detail) == (
        LinkStatus.UNREACHABLE,
        None,
        "not an HTTP answer",
    )
    assert "SSH" not in str(LinkCheck.objects.values().get(url=banner_server))


# One deadline per link, whatever the server does.


def test_a_slow_drip_cannot_stretch_the_deadline(server):
    """One byte every 2 s keeps every read within its 10 s timeout; the deadline of 3 s for
    the link, all tries included, ends it anyway."""
    started = time.monotonic()
    result = check(f"{server}/drip", timeout=10, deadline=3, retries=2, backoff=0.1)
    elapsed = time.monotonic() - started
    assert (result.status, result.detail) == (LinkStatus.UNREACHABLE, "timed out")
    assert 2.9 <= elapsed < 4, elapsed


def test_retries_and_pauses_share_the_one_deadline(server):
    started = time.monotonic()
    result = check(f"{server}/drip", timeout=1, deadline=2.5, retries=5, backoff=0.5)
    elapsed = time.monotonic() - started
    assert result.detail == "timed out"
    assert elapsed < 3.2, elapsed
    assert 1 <= len(Handler.hits) <= 2


def test_a_slow_name_lookup_counts_against_the_deadline(monkeypatch):
    def slow_lookup(*args, **kwargs):
        time.sleep(5)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    started = time.monotonic()
    result = check("https://slow-dns.example/", deadline=1)
    assert (result.status, result.detail) == (LinkStatus.UNREACHABLE, "timed out")
    assert time.monotonic() - started < 1.5


# Editors cannot save such links; drafts' links are not asked for.


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://localhost/",
        "https://[::1]/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/",
        "http://[::ffff:192.168.0.1]/",
        "https://files.internal/report.pdf",
    ],
)
def test_editors_cannot_save_a_link_to_a_non_public_host(catalogue, url):
    material = catalogue[1].materials.first()
    material.url = url
    with pytest.raises(ValidationError) as error:
        material.full_clean()
    assert [problem.code for problem in error.value.error_dict["url"]] == ["not_public"]
    with translation.override("en"):
        assert "not an address on the public internet" in error.value.message_dict["url"][0]


def test_a_public_link_still_saves(catalogue):
    material = catalogue[1].materials.first()
    material.url = "https://thl.fi/documents/opas.pdf"
    material.full_clean()


def test_drafts_links_are_not_checked(server, catalogue):
    # Every published link points to /ok, the draft's own material to /draft.
    Material.objects.update(url=f"{server}/ok")
    OperatingModel.objects.update(innokyla_url=f"{server}/ok")
    draft = catalogue[2]
    OperatingModel.objects.filter(pk=draft.pk).update(is_published=False)
    Material.objects.filter(operating_model=draft).update(url=f"{server}/draft")
    OperatingModel.objects.filter(pk=draft.pk).update(innokyla_url=f"{server}/draft-page")
    Source.objects.update(url=f"{server}/ok")
    GlossaryTerm.objects.exclude(source_url="").update(source_url=f"{server}/ok")
    call_command("check_links", "--retries", "0", stdout=io.StringIO())
    checked = set(LinkCheck.objects.values_list("url", flat=True))
    assert f"{server}/ok" in checked
    assert not {f"{server}/draft", f"{server}/draft-page"} & checked
    assert all(not path.startswith("/draft") for path, _host in Handler.hits)


# TLS: spoken with the link's name over the socket to the checked address.


@pytest.fixture
def tls_server(server, tmp_path):
    """The loopback server behind TLS, with a certificate for catalogue-test.example only;
    it records the name each client asked for in its TLS greeting (SNI)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", key, "-out", certificate, "-subj", "/CN=catalogue-test.example"),
            *("-addext", "subjectAltName=DNS:catalogue-test.example"),
        ],
        check=True,
        capture_output=True,
    )
    names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    context.sni_callback = lambda _socket, name, _context: names.append(name)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], certificate, names
    httpd.shutdown()
    httpd.server_close()


def test_https_checks_the_certificate_for_the_links_name(tls_server, dns, monkeypatch):
    port, certificate, names = tls_server
    dns.answers["catalogue-test.example"] = [["127.0.0.1"]]
    url = f"https://catalogue-test.example:{port}/ok"
    # Not trusted by the system: refused as a TLS failure, never read.
    assert (check(url).status, check(url).detail) == (
        LinkStatus.UNREACHABLE,
        "TLS certificate not valid",
    )
    # Trusted: the name went in the TLS greeting and the Host header, over the checked address.
    monkeypatch.setattr(checker, "_TLS", ssl.create_default_context(cafile=str(certificate)))
    result = check(url)
    assert (result.status, result.http_status, result.final_url) == (LinkStatus.OK, 200, url)
    assert names[-1] == "catalogue-test.example"
    assert Handler.hits[-1] == ("/ok", f"catalogue-test.example:{port}")
    # The certificate is for that name only: another name at the same address is refused.
    dns.answers["other.example"] = [["127.0.0.1"]]
    other = check(f"https://other.example:{port}/ok")
    assert (other.status, other.detail) == (LinkStatus.UNREACHABLE, "TLS certificate not valid")
