"""Latency of the portal API against a raw-SQL view returning the same rows
and against Wagtail's API v2, through the same gunicorn, on a 10k-page and a
100k-page dataset measured in one run.

Builds two databases next to DATABASE_URL's (``bench_api_<N>``, one per
dataset: N/10 agencies and N agencies, by ``bench/api_dataset.py``), starts
one gunicorn per dataset, checks that every raw-SQL answer equals the API's,
warms up, then measures p50 and p95 under concurrency: rounds of bursts,
each URL in turn on both datasets, so that noise on the machine falls on
every variant alike.

Run through ``bench/run-portal-api``, which starts a throwaway PostgreSQL.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.machine import describe  # noqa: E402

SETTINGS = "bench.api_settings"
API_HOST = "127.0.0.1"
SEARCH_TEXT = "справк"  # in 7 of each agency's 84 services, in Russian
VARIANTS = ("api", "raw", "v2")
# Seconds a request may take before the client gives up on it.
TIMEOUT = 600


@dataclass(frozen=True)
class Target:
    """One URL (or a rotation of URLs) of one variant of an endpoint."""

    endpoint: str
    variant: str
    host: str
    paths: tuple[str, ...]


@dataclass
class Dataset:
    """A database of the benchmark and the gunicorn serving it."""

    agencies: int
    url: str
    pages: int = 0
    seconds: float = 0.0
    port: int = 0
    server: subprocess.Popen | None = None
    targets: list[Target] = field(default_factory=list)
    samples: dict[tuple[str, str], list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )


def database_url(base: str, name: str) -> str:
    return urlsplit(base)._replace(path=f"/{name}").geturl()


def page_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM wagtailcore_page").fetchone()[0]


def build(dataset: Dataset, *, admin_url: str, reuse: bool) -> None:
    """Create the dataset's database and generate its content (or, with
    ``reuse``, keep one generated before)."""
    name = urlsplit(dataset.url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and reuse:
            dataset.pages = page_count(dataset.url)
            print(f"reusing {name}: {dataset.pages} pages", flush=True)
            return
        if exists:
            connection.execute(f'DROP DATABASE "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    print(f"generating {name} ({dataset.agencies} agencies)...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "bench/api_dataset.py", f"--agencies={dataset.agencies}"],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": dataset.url,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
        },
        check=True,
    )
    dataset.seconds = time.monotonic() - started
    dataset.pages = page_count(dataset.url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, host: str, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def start_server(dataset: Dataset, workers: int) -> None:
    dataset.port = free_port()
    dataset.server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "assembly.wsgi:application",
            f"--workers={workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{dataset.port}",
            "--log-level=warning",
            "--timeout=300",
        ],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": dataset.url,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            # The computed answers, not the API's cache (measured by
            # bench/api_throughput.py): every request queries and serialises.
            "API_CACHE_SECONDS": "0",
        },
    )
    for _attempt in range(150):
        try:
            if get(dataset.port, API_HOST, "/api/v1/agencies/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def stop_server(dataset: Dataset) -> None:
    if dataset.server is not None:
        dataset.server.send_signal(signal.SIGTERM)
        dataset.server.wait(timeout=60)


def get_json(dataset: Dataset, host: str, path: str) -> dict:
    status, body = get(dataset.port, host, path)
    if status != 200:
        raise SystemExit(f"{path} on {host} answered {status}: {body[:500]!r}")
    return json.loads(body)


def api_and_raw(endpoint: str, paths: list[str]) -> list[Target]:
    """The API's URLs and the raw-SQL view's, which mirror them."""
    raw = tuple(path.replace("/api/v1/", "/bench/raw/", 1) for path in paths)
    return [
        Target(endpoint=endpoint, variant="api", host=API_HOST, paths=tuple(paths)),
        Target(endpoint=endpoint, variant="raw", host=API_HOST, paths=raw),
    ]


def plan_targets(dataset: Dataset, *, details: int) -> None:
    """The URLs of every endpoint and variant, with the agency and the ids
    they need found through the API itself. Wagtail's API v2 answers for the
    request's site only: its lists are compared on one agency, and it has
    no search here (the bench dataset is not in the search index)."""
    first = get_json(dataset, API_HOST, "/api/v1/agencies/?limit=1")["items"][0]
    agency, agency_host = first["slug"], urlsplit(first["url"]).hostname
    lists = "locale=ru&limit=100"
    one_agency = get_json(
        dataset, API_HOST, f"/api/v1/services/?{lists}&agency={agency}"
    )
    ids = [item["id"] for item in one_agency["items"]][:details]
    v2_list = "/api/v2/pages/?locale=ru&limit=100&fields=*&type="

    def v2(endpoint: str, paths: list[str]) -> Target:
        return Target(
            endpoint=endpoint, variant="v2", host=agency_host, paths=tuple(paths)
        )

    dataset.targets = [
        *api_and_raw("services list, all agencies", [f"/api/v1/services/?{lists}"]),
        *api_and_raw(
            "services list, one agency",
            [f"/api/v1/services/?{lists}&agency={agency}"],
        ),
        v2("services list, one agency", [f"{v2_list}service_pages.ServicePage"]),
        *api_and_raw("news list, all agencies", [f"/api/v1/news/?{lists}"]),
        *api_and_raw(
            "news list, one agency", [f"/api/v1/news/?{lists}&agency={agency}"]
        ),
        v2(
            "news list, one agency",
            [f"{v2_list}news.NewsPage&order=-first_published_at"],
        ),
        *api_and_raw("service detail", [f"/api/v1/services/{pk}/" for pk in ids]),
        v2("service detail", [f"/api/v2/pages/{pk}/" for pk in ids]),
        *api_and_raw(
            "search, all agencies",
            [f"/api/v1/search/?q={quote(SEARCH_TEXT)}&{lists}"],
        ),
    ]


def check_same_answers(dataset: Dataset) -> None:
    """Every raw-SQL URL must answer exactly what the API answers."""
    by_key = {(t.endpoint, t.variant): t for t in dataset.targets}
    for (endpoint, variant), raw in by_key.items():
        if variant != "raw":
            continue
        api = by_key[(endpoint, "api")]
        for api_path, raw_path in zip(api.paths, raw.paths, strict=True):
            expected = get_json(dataset, api.host, api_path)
            if get_json(dataset, raw.host, raw_path) != expected:
                raise SystemExit(f"{raw_path} does not answer what {api_path} does")
    print(f"  {dataset.agencies} agencies: raw-SQL answers equal the API's")


def burst(
    dataset: Dataset,
    target: Target,
    *,
    requests: int,
    concurrency: int,
    seconds: float,
) -> list[float]:
    """Up to ``requests`` requests to ``target`` from ``concurrency`` client
    threads, none started after ``seconds``; the latency of each, in
    seconds."""
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(requests))
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(
            "127.0.0.1", dataset.port, timeout=TIMEOUT
        )
        while not errors and time.monotonic() < deadline:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            path = target.paths[number % len(target.paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": target.host})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {error!r}")
                break
            elapsed = time.perf_counter() - started
            if response.status != 200:
                errors.append(f"{path}: {response.status}")
            with lock:
                latencies.append(elapsed)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(
            f"errors on {target.endpoint} ({target.variant}): {errors[:3]}"
        )
    return latencies


def percentile(samples: list[float], point: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[point - 1]


def measure(datasets: list[Dataset], args: argparse.Namespace) -> None:
    """Warm every URL, then ``args.rounds`` rounds of one burst per URL and
    dataset, the order rotating from round to round. A URL gets at most
    ``args.budget`` seconds of measuring in all (and a warm-up of at most
    a round's share of it): slow ones answer fewer requests."""
    share = args.budget / args.rounds
    for dataset in datasets:
        for target in dataset.targets:
            burst(
                dataset,
                target,
                requests=args.warmup,
                concurrency=args.concurrency,
                seconds=share,
            )
    per_burst = -(-args.requests // args.rounds)
    jobs = [(dataset, target) for dataset in datasets for target in dataset.targets]
    spent: dict[tuple[int, Target], float] = defaultdict(float)
    for number in range(args.rounds):
        started = time.monotonic()
        shift = number * len(jobs) // args.rounds
        for dataset, target in jobs[shift:] + jobs[:shift]:
            key = (dataset.agencies, target)
            if spent[key] >= args.budget:
                continue
            burst_started = time.monotonic()
            dataset.samples[(target.endpoint, target.variant)] += burst(
                dataset,
                target,
                requests=per_burst,
                concurrency=args.concurrency,
                seconds=share,
            )
            spent[key] += time.monotonic() - burst_started
        print(
            f"  round {number + 1}/{args.rounds}: {time.monotonic() - started:.0f} s",
            flush=True,
        )


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(datasets: list[Dataset], *, args: argparse.Namespace) -> None:
    small, large = datasets
    print()
    print(f"machine: {describe()}")
    with psycopg.connect(large.url) as connection:
        server = connection.execute("SHOW server_version").fetchone()[0]
    print(
        f"PostgreSQL {server}; Django {version('django')}, Wagtail "
        f"{version('wagtail')}, django-ninja {version('django-ninja')}, "
        f"gunicorn {version('gunicorn')}"
    )
    print(
        f"gunicorn: {args.workers} sync workers per dataset; client: "
        f"{args.concurrency} concurrent connections, {args.requests} requests "
        f"per URL in {args.rounds} rounds after {args.warmup} to warm up, at "
        f"most {args.budget:.0f} s per URL (n: requests answered when fewer)"
    )
    for dataset in datasets:
        generated = f", generated in {dataset.seconds:.0f} s" if dataset.seconds else ""
        print(f"dataset: {dataset.agencies} agencies, {dataset.pages} pages{generated}")
    print()
    print(
        "| endpoint | pages | api p50 / p95 (ms) | raw SQL p50 / p95 (ms) "
        "| API v2 p50 / p95 (ms) | p95 api / raw | p95 v2 / api |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    endpoints = list(dict.fromkeys(target.endpoint for target in large.targets))
    for endpoint in endpoints:
        for dataset in datasets:
            cells, p95 = [], {}
            for variant in VARIANTS:
                samples = dataset.samples.get((endpoint, variant))
                if not samples:
                    cells.append("n/a")
                    continue
                p95[variant] = percentile(samples, 95)
                short = f" (n={len(samples)})" if len(samples) < args.requests else ""
                cells.append(
                    f"{milliseconds(percentile(samples, 50))} / "
                    f"{milliseconds(p95[variant])}{short}"
                )
            api_raw = f"{p95['api'] / p95['raw']:.2f}" if "raw" in p95 else "n/a"
            v2_api = f"{p95['v2'] / p95['api']:.2f}" if "v2" in p95 else "n/a"
            print(
                f"| {endpoint} | {dataset.pages:,} | {' | '.join(cells)} "
                f"| {api_raw} | {v2_api} |"
            )
    print()
    print(f"flatness, p95 at {large.pages:,} pages / p95 at {small.pages:,} pages:")
    for endpoint in endpoints:
        ratios = []
        for variant in VARIANTS:
            key = (endpoint, variant)
            if key in large.samples and key in small.samples:
                ratio = percentile(large.samples[key], 95) / percentile(
                    small.samples[key], 95
                )
                ratios.append(f"{variant} {ratio:.2f}")
        print(f"  {endpoint}: {', '.join(ratios)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--agencies", type=int, default=130, help="agencies of the large dataset"
    )
    parser.add_argument("--requests", type=int, default=500, help="per URL")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=24, help="requests per URL")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--details", type=int, default=20, help="service ids")
    parser.add_argument(
        "--budget", type=float, default=90, help="seconds of measuring per URL"
    )
    parser.add_argument(
        "--quick", action="store_true", help="100 requests per URL in 2 rounds"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep datasets generated before"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.rounds, args.warmup, args.budget = 100, 2, 8, 30
    base = os.environ["DATABASE_URL"]
    datasets = [
        Dataset(
            agencies=count,
            url=database_url(base, f"bench_api_{count}"),
        )
        for count in (max(1, args.agencies // 10), args.agencies)
    ]
    for dataset in datasets:
        build(dataset, admin_url=base, reuse=args.reuse)
    try:
        for dataset in datasets:
            start_server(dataset, args.workers)
            plan_targets(dataset, details=args.details)
            check_same_answers(dataset)
        measure(datasets, args)
    finally:
        for dataset in datasets:
            stop_server(dataset)
    report(datasets, args=args)


if __name__ == "__main__":
    main()
