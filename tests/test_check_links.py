"""check_links against a local HTTP server on loopback: never the internet."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from links import checker
from links.models import LinkCheck, LinkStatus
from models_catalog.catalogue import CATALOGUE_FILES, catalogue_models
from models_catalog.models import GlossaryTerm, Material, OperatingModel, Source
from tests.conftest import empty_catalogue

pytestmark = pytest.mark.django_db

SLOW_SECONDS = 3


class Handler(BaseHTTPRequestHandler):
    """200, a 301 to another path, 404, 500, and an answer slower than any test timeout."""

    user_agents: list[str] = []
    hits: dict[str, int] = {}

    def do_GET(self):
        type(self).user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?")[0]
        type(self).hits[path] = type(self).hits.get(path, 0) + 1
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
        codes = {"/ok": 200, "/moved": 301, "/missing": 404, "/error": 500, "/slow": 200}
        code = codes.get(path, 404)
        self.send_response(code)
        if code == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass  # keep the test output clean


@pytest.fixture
def loopback_allowed(settings):
    """The test-only exception that lets the checker reach a server on 127.0.0.1."""
    settings.LINK_CHECK_ALLOW_LOOPBACK_FOR_TESTS = True


@pytest.fixture
def server(loopback_allowed):
    Handler.user_agents, Handler.hits = [], {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused_url():
    """A loopback port nobody listens on: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing"


@pytest.fixture
def catalogue_on_loopback(server, refused_url):
    """Every link of the catalogue pointed at one of the local test cases."""
    cases = {
        "ok": f"{server}/ok",
        "moved": f"{server}/moved",
        "missing": f"{server}/missing",
        "error": f"{server}/error",
        "slow": f"{server}/slow",
        "refused": refused_url,
    }
    digimieli = OperatingModel.objects.get(slug="digimieli")
    OperatingModel.objects.exclude(pk=digimieli.pk).update(innokyla_url=cases["ok"])
    OperatingModel.objects.filter(pk=digimieli.pk).update(innokyla_url=cases["moved"])
    materials = list(Material.objects.order_by("pk"))
    Material.objects.update(url=cases["ok"])
    for material, case in zip(materials, ["missing", "error", "slow", "refused"], strict=False):
        Material.objects.filter(pk=material.pk).update(url=cases[case])
    Source.objects.update(url=cases["ok"])
    GlossaryTerm.objects.exclude(source_url="").update(source_url=cases["ok"])
    return cases


def snapshot():
    """Every catalogue row as its field values: what check_links must leave alone."""
    return {
        model._meta.label: sorted(map(str, model._default_manager.values_list()))
        for model in catalogue_models()
        if model is not LinkCheck
    }


def run_check_links():
    call_command(
        "check_links", "--timeout", "1", "--retries", "1", "--backoff", "0.05", "--workers", "4"
    )


def test_each_local_case_gets_its_status(catalogue_on_loopback, server):
    before = snapshot()
    run_check_links()
    checks = {check.url: check for check in LinkCheck.objects.all()}
    cases = catalogue_on_loopback
    assert set(checks) == set(cases.values())

    ok = checks[cases["ok"]]
    assert (ok.status, ok.http_status, ok.final_url) == (LinkStatus.OK, 200, cases["ok"])
    moved = checks[cases["moved"]]
    assert (moved.status, moved.http_status) == (LinkStatus.REDIRECTED, 200)
    assert moved.final_url == f"{server}/ok"
    assert (checks[cases["missing"]].status, checks[cases["missing"]].http_status) == (
        LinkStatus.BROKEN,
        404,
    )
    assert (checks[cases["error"]].status, checks[cases["error"]].http_status) == (
        LinkStatus.BROKEN,
        500,
    )
    slow = checks[cases["slow"]]
    assert (slow.status, slow.http_status) == (LinkStatus.UNREACHABLE, None)
    assert slow.detail == "timed out"
    refused = checks[cases["refused"]]
    assert (refused.status, refused.http_status) == (LinkStatus.UNREACHABLE, None)
    assert refused.detail == "connection refused"
    assert all(check.checked_at is not None for check in checks.values())

    # A failure is tried again before it counts; a working link is asked once.
    assert Handler.hits["/missing"] == 2
    assert Handler.hits["/error"] == 2
    assert Handler.hits["/ok"] >= 1
    assert Handler.hits["/moved"] == 1
    # A polite user agent that names the catalogue.
    assert Handler.user_agents
    assert all("MITO-toimintamallit" in ua for ua in Handler.user_agents)
    # Nothing but the link checks changed.
    assert snapshot() == before


def test_a_second_run_updates_in_place_and_forgets_links_no_longer_there(catalogue_on_loopback):
    run_check_links()
    assert LinkCheck.objects.count() == 6
    missing = catalogue_on_loopback["missing"]
    Material.objects.filter(url=missing).update(url=catalogue_on_loopback["ok"])
    run_check_links()
    assert LinkCheck.objects.count() == 5
    assert not LinkCheck.objects.filter(url=missing).exists()


def test_per_host_limit_and_worker_bound_are_respected(server, monkeypatch):
    in_flight, peak = 0, 0
    lock = threading.Lock()
    real = checker.check_once

    def counting(url, deadline, user_agent, max_redirects):
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.1)
        try:
            return real(url, deadline, user_agent, max_redirects)
        finally:
            with lock:
                in_flight -= 1

    monkeypatch.setattr(checker, "check_once", counting)
    urls = [f"{server}/ok?{n}" for n in range(8)]
    results = checker.check_all(urls, workers=4, per_host=2, retries=0)
    assert peak == 2
    assert [result.status for result in results] == [LinkStatus.OK] * 8


def test_readers_see_when_a_material_link_was_checked_and_a_broken_one_marked(
    catalogue_on_loopback, client
):
    run_check_links()
    model = Material.objects.get(url=catalogue_on_loopback["missing"]).operating_model
    content = client.get(model.get_absolute_url()).content.decode()
    assert "This link did not work" in content or "Linkki ei toiminut" in content
    fallback = f'<a href="{model.innokyla_url}" rel="noopener">'
    assert fallback in content  # the Innokylä page offered instead
    working = OperatingModel.objects.get(slug="mielikioski")
    content = client.get(working.get_absolute_url()).content.decode()
    assert "Linkki tarkistettu" in content
    assert "Linkki ei toiminut" not in content


def test_admin_filters_links_by_status(catalogue_on_loopback, admin_client):
    run_check_links()
    url = reverse("admin:links_linkcheck_changelist")
    response = admin_client.get(url, {"status__exact": "broken"})
    assert response.status_code == 200
    assert sorted(check.http_status for check in response.context["cl"].result_list) == [404, 500]
    response = admin_client.get(url, {"status__exact": "unreachable"})
    assert len(response.context["cl"].result_list) == 2


def read_dir(directory: Path) -> dict[str, bytes]:
    return {name: (directory / name).read_bytes() for name, _labels in CATALOGUE_FILES}


def test_round_trip_with_link_statuses_and_report_text_is_byte_identical(
    catalogue_on_loopback, tmp_path
):
    run_check_links()
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_catalogue", first, verbosity=0)
    assert '"status": "redirected"' in (first / "link_checks.json").read_text(encoding="utf-8")
    assert "Tärkeimmät saavutukset" in (first / "report.json").read_text(encoding="utf-8")
    empty_catalogue()
    call_command("load_catalogue", *[first / name for name, _labels in CATALOGUE_FILES])
    call_command("export_catalogue", second, verbosity=0)
    assert read_dir(first) == read_dir(second)
    assert LinkCheck.objects.count() == 6
