"""Benchmark: the catalogue at 15 to 100 000 operating models, beside Datasette and a static file.

For each database size and backend it prepares a database (migrate, load the catalogue, add
synthetic models), starts the production server (gunicorn, production settings) on loopback and
times real HTTP requests, one at a time, each on a new connection. In the same run Datasette
serves an SQLite copy of the same data (one row per model, JSON arrays for the seven facets, an
FTS5 index), and the same gunicorn serves a static HTML file as large as our list page.

    .venv/bin/python bench/run.py                        # everything (about an hour at 100 000)
    .venv/bin/python bench/run.py --sizes 1000 --backends sqlite --requests 3   # CI's smoke run

Prepared databases are kept in --workdir and reused while the code that shapes them is unchanged.
It prints one table and writes the figures as JSON (--out). It asserts nothing about speed.
"""

import argparse
import hashlib
import http.client
import json
import math
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
REAL_MODELS = 15
SEARCH = "yksinäisyys"
# The light stem our search uses, as an FTS5 prefix query: the nearest Datasette offers.
DATASETTE_SEARCH = "yksinäis*"
FILTERS = {"county": "etela-savo", "benefit": "palvelujen-asiakkaat"}
DETAIL_SLUG = "mielikioski"
MIN_REQUESTS = 5
CACHED_CASES = ["list", "list, search + two filters", "detail"]
FACETS = ["benefit", "work", "county", "municipality", "organisation", "material", "challenge"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[15, 1000, 10000, 100000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds per page before stopping early"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/mito-bench"))
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--baseline-from",
        type=Path,
        help="take Datasette's figures from an earlier run's JSON instead of measuring again",
    )
    parser.add_argument("--prepare-only", action="store_true", help="fill the databases, no timing")
    options = parser.parse_args()
    options.workdir.mkdir(parents=True, exist_ok=True)
    if options.prepare_only:
        for size in options.sizes:
            for backend in options.backends:
                prepare(options, backend, size)
        return

    rows = []
    for size in options.sizes:
        # Datasette serves a copy of the SQLite database: not needed with an earlier baseline.
        needs_sqlite = "sqlite" in options.backends or not options.baseline_from
        sqlite_url = prepare(options, "sqlite", size) if needs_sqlite else None
        if options.baseline_from:
            baseline = earlier_baseline(options.baseline_from, size)
        else:
            datasette_db = datasette_copy(options, sqlite_url, size)
            with Datasette(datasette_db, free_port()) as datasette:
                baseline = {
                    case: (measure_download if case in DOWNLOADS else measure)(
                        options, datasette.port, path
                    )
                    for case, path in datasette_paths(datasette_db).items()
                }
        for backend in options.backends:
            url = sqlite_url if backend == "sqlite" else prepare(options, backend, size)
            rows += run_ours(options, backend, size, url, baseline)
            write(options.out, rows)  # as it goes: a long run that stops keeps what it measured
    print_table(rows)
    print(f"\nWritten to {options.out}")


def write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


# --- the pages ---------------------------------------------------------------------------


def our_paths():
    return {
        "list": "/",
        "list, two filters": "/?" + urlencode(FILTERS),
        "list, search": "/?" + urlencode({"q": SEARCH}),
        "list, search + two filters": "/?" + urlencode({"q": SEARCH, **FILTERS}),
        "detail": f"/toimintamallit/{DETAIL_SLUG}/",
        "statistics": "/tilastot/",
        "API list": "/api/v1/operating-models/",
        "API detail": f"/api/v1/operating-models/{DETAIL_SLUG}/",
    }


#: The whole catalogue as downloads: timed to the first byte and to the last, with the peak
#: memory of the server's workers. At 100 000 models a download takes minutes: each is read
#: once, for at most DOWNLOAD_SECONDS (the table then shows how much came in that time).
DOWNLOADS = {"download, CSV": "/toimintamallit.csv", "download, JSON": "/toimintamallit.json"}
DOWNLOAD_REQUESTS = 1
DOWNLOAD_SECONDS = 90


FIRST_READ = "detail, first read"


def unread_model_paths(port, count: int) -> list[str]:
    """Pages of up to `count` models far into the catalogue, chosen afresh in every run (the
    prepared database is reused, and a page once read is kept); in a small catalogue, from its
    start."""
    paths = []
    page = secrets.randbelow(1000) + 100
    while len(paths) < count:
        status, body, _queries = fetch(port, f"/api/v1/operating-models/?page={page}")
        if status != 200:  # past the end of the catalogue
            if page == 1:
                break
            page = 1
            continue
        answer = json.loads(body)
        paths += [f"/toimintamallit/{model['slug']}/" for model in answer["results"]]
        if not answer["next"]:
            break
        page += 1
    return paths[:count]


def datasette_paths(database: Path):
    with sqlite3.connect(database) as connection:
        names = {
            facet: connection.execute(
                "SELECT name FROM vocabulary WHERE facet = ? AND slug = ?", [facet, slug]
            ).fetchone()[0]
            for facet, slug in FILTERS.items()
        }
        detail_id = connection.execute(
            "SELECT id FROM operating_models WHERE slug = ?", [DETAIL_SLUG]
        ).fetchone()[0]
    table = "/catalogue/operating_models"
    filters = {f"{facet}__arraycontains": name for facet, name in names.items()}
    search = {"_search": DATASETTE_SEARCH, "_searchmode": "raw"}
    return {
        "list": table,
        "list, two filters": f"{table}?{urlencode(filters)}",
        "list, search": f"{table}?{urlencode(search)}",
        "list, search + two filters": f"{table}?{urlencode({**search, **filters})}",
        "detail": f"{table}/{detail_id}",
        "API list": f"{table}.json?_nofacet=1&_shape=objects",
        "API detail": f"{table}/{detail_id}.json?_shape=objects",
        # Datasette streams every row as CSV; it has no JSON of every row to compare with.
        "download, CSV": f"{table}.csv?_stream=on",
    }


def earlier_baseline(path: Path, size: int) -> dict:
    rows = [row for row in json.loads(path.read_text()) if row["models"] == size]
    return {
        row["page"]: {"median_ms": row["datasette_median_ms"], "bytes": row["datasette_bytes"]}
        for row in rows
        if row["datasette_median_ms"] is not None
    }


# --- preparing databases -------------------------------------------------------------------


def fingerprint():
    """What fills a prepared database: the fixtures and the synthetic generator's version."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("fixtures/*.json")):
        digest.update(path.read_bytes())
    source = (ROOT / "models_catalog" / "synthetic.py").read_text()
    digest.update(re.search(r"^VERSION = (\d+)$", source, re.MULTILINE).group(1).encode())
    return digest.hexdigest()[:12]


def prepare(options, backend, size):
    """A database with the catalogue and `size - 15` synthetic models; reused when ready."""
    if backend == "sqlite":
        url = f"sqlite:///{options.workdir / f'mito-{size}.sqlite3'}"
    else:
        name = f"mito_bench_{size}"
        url = options.postgres_url.rsplit("/", 1)[0] + "/" + name
    marker = options.workdir / f"ready-{backend}-{size}"
    env = {"DJANGO_SETTINGS_MODULE": "mito.settings.dev", "DATABASE_URL": url}
    if marker.exists() and marker.read_text() == fingerprint():
        manage(env, "migrate", "--noinput", "-v0")  # schema changes since it was filled
        return url
    print(f"Preparing {backend} with {size} models…", flush=True)
    started = time.perf_counter()
    if backend == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        admin("postgresql", options.postgres_url, f'DROP DATABASE IF EXISTS "{name}"')
        admin("postgresql", options.postgres_url, f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_catalogue", "-v0")
    manage(env, "generate_synthetic", str(max(size - REAL_MODELS, 0)))
    admin(backend, url, "VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE")
    marker.write_text(fingerprint())
    print(f"  ready in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def admin(backend, url, sql):
    if backend == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            connection.execute(sql)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, check=True)


def datasette_copy(options, sqlite_url, size):
    """One row per published model: its texts, its facets as JSON arrays, and an FTS5 index."""
    target = options.workdir / f"datasette-{size}.db"
    source = sqlite_url.removeprefix("sqlite:///")
    filled = options.workdir / f"ready-sqlite-{size}"
    if target.exists() and target.stat().st_mtime >= filled.stat().st_mtime:
        return target
    target.unlink(missing_ok=True)
    relations = {
        "benefit": ("operatingmodel_benefit_target_groups", "targetgroup"),
        "work": ("operatingmodel_work_target_groups", "targetgroup"),
        "county": ("operatingmodel_counties", "wellbeingcounty"),
        "municipality": ("operatingmodel_municipalities", "municipality"),
        "organisation": ("operatingmodel_organisations", "organisation"),
        "challenge": ("operatingmodel_challenges", "challengetag"),
    }
    with sqlite3.connect(source) as connection:
        # Translated vocabularies keep their Finnish name in name_fi.
        name_column = {
            vocabulary: "name_fi"
            if "name_fi"
            in {
                row[1]
                for row in connection.execute(f"PRAGMA table_info(models_catalog_{vocabulary})")
            }
            else "name"
            for _through, vocabulary in relations.values()
        }
    arrays = [
        f"(SELECT json_group_array(v.{name_column[vocabulary]}) "
        f"FROM src.models_catalog_{through} t "
        f"JOIN src.models_catalog_{vocabulary} v ON v.id = t.{vocabulary}_id "
        f"WHERE t.operatingmodel_id = m.id) AS {facet}"
        for facet, (through, vocabulary) in relations.items()
    ]
    with sqlite3.connect(target) as connection:
        connection.execute("ATTACH DATABASE ? AS src", [source])
        connection.execute(
            "CREATE TABLE operating_models AS SELECT m.id AS id, m.number, m.name_fi AS name, "
            "m.slug, m.theme_fi AS theme, p.name AS project, m.implementer_text AS implementer, "
            "m.area_text AS area, m.innokyla_url, "
            + ", ".join(arrays)
            + ", (SELECT json_group_array(DISTINCT kind) FROM src.models_catalog_material "
            "WHERE operating_model_id = m.id) AS material, m.target_group_text_fi || ' ' || "
            "m.goals_fi || ' ' || m.challenges_and_solutions_fi || ' ' || m.results_fi "
            "AS search_document "
            "FROM src.models_catalog_operatingmodel m "
            "JOIN src.models_catalog_project p ON p.id = m.project_id WHERE m.is_published"
        )
        connection.execute("CREATE UNIQUE INDEX operating_models_id ON operating_models (id)")
        connection.execute("CREATE INDEX operating_models_number ON operating_models (number)")
        connection.execute(
            "CREATE VIRTUAL TABLE operating_models_fts USING fts5("
            "name, theme, search_document, content='operating_models', content_rowid='id')"
        )
        connection.execute(
            "INSERT INTO operating_models_fts (operating_models_fts) VALUES ('rebuild')"
        )
        connection.execute("CREATE TABLE vocabulary (facet TEXT, slug TEXT, name TEXT)")
        for facet, (_through, vocabulary) in relations.items():
            connection.execute(
                f"INSERT INTO vocabulary SELECT ?, slug, {name_column[vocabulary]} "
                f"FROM src.models_catalog_{vocabulary}",
                [facet],
            )
        connection.commit()
        connection.execute("DETACH DATABASE src")
        connection.execute("ANALYZE")
    return target


# --- servers -------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, command, port, log_path, env=None):
        self.command, self.port, self.log_path, self.env = command, port, log_path, env or {}

    def __enter__(self):
        self.log = open(self.log_path, "w")  # closed in __exit__
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited; see {self.log_path}")
            try:
                fetch(self.port, "/static/", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.command[0]} did not start on port {self.port}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class Datasette(Server):
    def __init__(self, database, port):
        metadata = {
            "databases": {
                "catalogue": {
                    "tables": {
                        "operating_models": {
                            "sort": "number",
                            "size": 20,
                            "fts_table": "operating_models_fts",
                            "fts_pk": "id",
                            "facets": [{"array": facet} for facet in FACETS],
                        }
                    }
                }
            }
        }
        metadata_path = database.with_suffix(".metadata.json")
        metadata_path.write_text(json.dumps(metadata))
        copy = database.with_name("catalogue.db")
        shutil.copyfile(database, copy)
        limits = ["facet_time_limit_ms", "sql_time_limit_ms"]  # computed in full, never cut off
        command = [str(BIN / "datasette"), "serve", "-i", str(copy), "--port", str(port)]
        command += ["--metadata", str(metadata_path)]
        for limit in limits:
            command += ["--setting", limit, "600000"]
        command += ["--setting", "max_csv_mb", "0"]  # the whole table, however large
        super().__init__(command, port, database.with_suffix(".log"))


class Gunicorn(Server):
    def __init__(self, options, database_url, port, static_root, page_cache=True):
        env = {
            "MITO_PAGE_CACHE": str(page_cache).lower(),
            "DJANGO_SETTINGS_MODULE": "mito.settings.prod",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
            "DJANGO_STATIC_ROOT": str(static_root),
            "DATABASE_URL": database_url,
            "MITO_QUERY_COUNT_HEADER": "true",
            # Every API request is still counted (limits.counting), with or without the page cache;
            # one client timing hundreds a minute must never be refused.
            "API_ANON_RATE": "1000000/minute",
        }
        command = [str(BIN / "gunicorn"), "mito.wsgi", "--workers", str(options.workers)]
        command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        super().__init__(command, port, options.workdir / "gunicorn.log", env)

    def peak_memory_mb(self) -> float:
        """The largest peak resident memory among the workers (Linux)."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        peaks = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return round(max(peaks), 1)


# --- measuring -----------------------------------------------------------------------------


def fetch(port, path, timeout=600):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", quote(path, safe="/?=&%*+,:"), headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, response.getheader("X-Query-Count")
    finally:
        connection.close()


def measure(options, port, path, each_once=None):
    """Time `options.requests` requests, or as many as fit in `options.budget` seconds (at least
    MIN_REQUESTS): a page that takes seconds is known well enough from a few. With `each_once`,
    a list of paths, each request asks the next one, with no warm-up: pages read for the
    first time (and `path` names the case)."""
    for _ in range(0 if each_once else options.warmup):
        started = time.perf_counter()
        fetch(port, path)
        if time.perf_counter() - started > 1:
            break  # slow enough that warming up longer only wastes the budget
    unread = iter(each_once or [])
    timings, queries = [], set()
    deadline = time.perf_counter() + options.budget
    while len(timings) < (len(each_once) if each_once else options.requests):
        if len(timings) >= MIN_REQUESTS and time.perf_counter() > deadline:
            break
        if each_once:
            path = next(unread)
        started = time.perf_counter()
        status, body, query_count = fetch(port, path)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        queries.add(query_count)
    timings.sort()
    return {
        "path": path,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(math.ceil(0.95 * len(timings)) - 1, 0)], 2),
        "queries": None if queries == {None} else sorted(int(count) for count in queries),
        "bytes": len(body),
        "requests": len(timings),
    }


def measure_download(options, port, path, server=None):
    """Time to the first byte and to the last of a whole download (or as much of it as
    DOWNLOAD_SECONDS allow, reported as the size read), and, for our server, the largest peak
    memory of its workers afterwards (Linux's VmHWM)."""
    first_bytes, totals = [], []
    for _ in range(DOWNLOAD_REQUESTS):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
        started = time.perf_counter()
        connection.request("GET", quote(path, safe="/?=&%*+,:"), headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        size = len(response.read(1))
        first_bytes.append((time.perf_counter() - started) * 1000)
        complete = False
        while time.perf_counter() - started < DOWNLOAD_SECONDS:
            chunk = response.read1(1 << 16)
            if not chunk:
                complete = True
                break
            size += len(chunk)
        totals.append((time.perf_counter() - started) * 1000)
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
    return {
        "path": path,
        "median_ms": round(statistics.median(totals), 2),
        "p95_ms": round(max(totals), 2),
        "first_byte_ms": round(statistics.median(first_bytes), 2),
        "complete": complete,
        "peak_memory_mb": server and server.peak_memory_mb(),
        "queries": None,
        "bytes": size,
        "requests": len(totals),
    }


def run_ours(options, backend, size, database_url, baseline):
    static_root = options.workdir / "static"
    env = {
        "DJANGO_SETTINGS_MODULE": "mito.settings.prod",
        "DJANGO_SECRET_KEY": "collectstatic-only",
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    manage(env, "collectstatic", "--noinput", "-v0")
    paths = our_paths()
    port = free_port()
    # The static file: as large as our list page with search, filters and facets.
    with Gunicorn(options, database_url, port, static_root, page_cache=False):
        _status, page, _queries = fetch(port, paths["list, search + two filters"])
    (static_root / "bench").mkdir(exist_ok=True)
    (static_root / "bench" / "list.html").write_bytes(page)
    # Every page computed in full, as for a query string nobody has asked before…
    with Gunicorn(options, database_url, port, static_root, page_cache=False) as server:
        static = measure(options, port, "/static/bench/list.html")
        results = {case: measure(options, port, path) for case, path in paths.items()}
        # Pages kept ready (models_catalog/pages.py), as their first reader finds them: after a
        # change to more models than are rendered at once, or a deploy.
        unread = unread_model_paths(port, options.requests)
        results[FIRST_READ] = measure(options, port, unread[0], each_once=unread)
        memory_before = server.peak_memory_mb()
        for case, path in DOWNLOADS.items():
            results[case] = measure_download(options, port, path, server)
            results[case]["memory_before_mb"] = memory_before
    # …and the pages that cache what they can, asked again.
    with Gunicorn(options, database_url, port, static_root, page_cache=True):
        for case in CACHED_CASES:
            results[f"{case} (cached)"] = measure(options, port, paths[case])
    rows = []
    for case, figures in results.items():
        theirs = baseline.get("detail" if case == FIRST_READ else case.removesuffix(" (cached)"))
        rows.append(
            {
                "backend": backend,
                "models": size,
                "page": case,
                **figures,
                "datasette_median_ms": theirs and theirs["median_ms"],
                "datasette_bytes": theirs and theirs["bytes"],
                "datasette_first_byte_ms": theirs and theirs.get("first_byte_ms"),
                "vs_datasette": theirs and round(figures["median_ms"] / theirs["median_ms"], 3),
                "static_median_ms": static["median_ms"],
                "vs_static": round(figures["median_ms"] / static["median_ms"], 1),
            }
        )
    return rows


def print_table(rows):
    header = (
        f"{'backend':<10} {'models':>7} {'page':<36} {'median':>8} {'p95':>8} {'queries':>7} "
        f"{'KB':>8} {'Datasette':>9} {'×Dsette':>7} {'×static':>7}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for row in rows:
        queries = "–" if not row["queries"] else "/".join(map(str, row["queries"]))
        theirs = row["datasette_median_ms"]
        print(
            f"{row['backend']:<10} {row['models']:>7} {row['page']:<36} "
            f"{row['median_ms']:>6.1f}ms {row['p95_ms']:>6.1f}ms {queries:>7} "
            f"{row['bytes'] / 1024:>8.1f} "
            f"{(f'{theirs:.1f}ms' if theirs else '–'):>9} "
            f"{('–' if row['vs_datasette'] is None else row['vs_datasette'])!s:>7} "
            f"{row['vs_static']!s:>7}"
        )
    print("median and p95 in ms over sequential requests; ×: our median ÷ theirs.")
    for row in rows:
        if row.get("first_byte_ms") is not None:
            print(
                f"{row['backend']} {row['models']} {row['page']}: first byte "
                f"{row['first_byte_ms']:.0f} ms (Datasette {row.get('datasette_first_byte_ms')}), "
                f"{row['bytes'] / 1e6:.1f} MB in {row['median_ms'] / 1000:.0f} s"
                f"{'' if row.get('complete') else ' (stopped there)'}, "
                f"workers' peak memory {row.get('memory_before_mb')} MB before the downloads, "
                f"{row['peak_memory_mb']} MB after"
            )


if __name__ == "__main__":
    main()
