"""Throughput of the portal API, answered from its cache and computed, against
the true floor: a minimal view returning the same bytes through the same
gunicorn and the same middleware; and, for the computed answers, against the
raw-SQL views of ``bench/api_baseline.py``. Measured by wrk, in one run.

For each dataset (``bench/api_dataset.py``, N agencies: 13 give 10,144
pages, 130 give 101,404) three gunicorns serve the same database with the
same settings (``bench/api_settings.py``): one with the API's caches as in
production (``cached``), one without the response cache
(``API_CACHE_SECONDS=0``: every request a miss, its lists assembled from
the items' kept JSON, ``assembled``) and one without either
(``API_ITEM_CACHE_SECONDS=0`` too: every item computed on every request,
the code path before ``cms.api.item_cache``, ``computed``). Every endpoint
is fetched once from the cached server and its bytes written to a file that
the floor view (``/bench/raw/same-bytes/<name>/``, under the APIs'
middleware like the endpoints) returns; the cached server's answers must be
hits and equal both other servers' answers. Then each URL gets ``--rounds``
runs of wrk on each variant, in turn, and the medians are reported.

Run through ``bench/run-api-throughput``, which starts a throwaway
PostgreSQL and installs wrk.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.api_latency import (  # noqa: E402
    API_HOST,
    SETTINGS,
    Dataset,
    build,
    database_url,
    free_port,
    get_json,
)
from bench.load import wrk  # noqa: E402
from bench.machine import describe  # noqa: E402

SEARCH_TEXT = "справк"
VARIANTS = ("cached", "floor", "assembled", "computed", "raw")
#: Settings of each server, besides production's.
SERVERS = {
    "cached": {},
    "assembled": {"API_CACHE_SECONDS": "0"},
    "computed": {"API_CACHE_SECONDS": "0", "API_ITEM_CACHE_SECONDS": "0"},
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    #: The raw-SQL view answering the same (None where there is none).
    raw: str | None = None


@dataclass
class Server:
    port: int
    process: subprocess.Popen


def start(dataset: Dataset, *, workers: int, variant: str, bodies: Path) -> Server:
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": dataset.url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "BENCH_BODY_DIR": str(bodies),
    }
    environment.update(SERVERS[variant])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "assembly.wsgi:application",
            f"--workers={workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=300",
        ],
        cwd=REPO_ROOT,
        env=environment,
    )
    for _attempt in range(150):
        try:
            fetch(port, "/api/v1/agencies/?limit=1")
            return Server(port=port, process=process)
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer")


def stop(server: Server | None) -> None:
    if server is not None:
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=60)


def fetch(port: int, path: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": API_HOST}
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        return response.read(), dict(response.headers)


def endpoints(dataset: Dataset) -> list[Endpoint]:
    """Every list and detail endpoint, with ids found through the API."""

    def first_id(path: str) -> int:
        return int(get_json(dataset, API_HOST, path)["items"][0]["id"])

    agency = get_json(dataset, API_HOST, "/api/v1/agencies/?limit=1")["items"][0]
    lists = "locale=ru&limit=100"
    service = first_id("/api/v1/services/?limit=1")
    return [
        Endpoint("services list, 100", f"/api/v1/services/?{lists}"),
        Endpoint("services list, 20", "/api/v1/services/?locale=ru"),
        Endpoint("news list, 100", f"/api/v1/news/?{lists}"),
        Endpoint("competitions list, 100", f"/api/v1/competitions/?{lists}"),
        Endpoint("offices list, 100", f"/api/v1/offices/?{lists}"),
        Endpoint("agencies list", "/api/v1/agencies/?locale=ru"),
        Endpoint("search, 100", f"/api/v1/search/?q={quote(SEARCH_TEXT)}&{lists}"),
        Endpoint("service detail", f"/api/v1/services/{service}/"),
        Endpoint("news detail", f"/api/v1/news/{first_id('/api/v1/news/?limit=1')}/"),
        Endpoint(
            "competition detail",
            f"/api/v1/competitions/{first_id('/api/v1/competitions/?limit=1')}/",
        ),
        Endpoint(
            "office detail",
            f"/api/v1/offices/{first_id('/api/v1/offices/?limit=1')}/",
        ),
        Endpoint("agency detail", f"/api/v1/agencies/{agency['slug']}/"),
    ]


def raw_path(path: str) -> str | None:
    """The raw-SQL view mirroring an API path, where there is one: the
    services list and detail, the news list and search."""
    if path.startswith(("/api/v1/services/", "/api/v1/news/?", "/api/v1/search/?")):
        return path.replace("/api/v1/", "/bench/raw/", 1)
    return None


def floor_path(endpoint: Endpoint) -> str:
    return f"/bench/raw/same-bytes/{slug(endpoint.name)}/"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def prepare(
    servers: dict[str, Server], targets: list[Endpoint], bodies: Path
) -> dict[str, int]:
    """Write each endpoint's bytes for the floor view; check that the cached
    server answers hits equal to the other servers' answers and to the
    floor's bytes. Returns each endpoint's size."""
    sizes = {}
    cached = servers["cached"]
    for endpoint in targets:
        computed, _headers = fetch(servers["computed"].port, endpoint.path)
        # Twice: once writing the items, once assembling them.
        for _attempt in range(2):
            assembled, _headers = fetch(servers["assembled"].port, endpoint.path)
            if assembled != computed:
                raise SystemExit(
                    f"{endpoint.path}: assembled and computed answers differ"
                )
        # Each worker misses once (its own memory, without REDIS_URL).
        for _attempt in range(20):
            body, headers = fetch(cached.port, endpoint.path)
            if headers.get("X-Api-Cache") == "hit":
                break
        else:
            raise SystemExit(f"{endpoint.path} is not answered from the cache")
        if body != computed:
            raise SystemExit(f"{endpoint.path}: cached and computed answers differ")
        (bodies / slug(endpoint.name)).write_bytes(body)
        floor, _headers = fetch(cached.port, floor_path(endpoint))
        if floor != body:
            raise SystemExit(f"the floor view does not return {endpoint.path}'s bytes")
        sizes[endpoint.name] = len(body)
    return sizes


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def measure_dataset(dataset: Dataset, args: argparse.Namespace) -> None:
    bodies = Path(tempfile.mkdtemp(prefix="hukumat-bench-bodies-"))
    servers: dict[str, Server] = {}
    try:
        for variant in SERVERS:
            servers[variant] = start(
                dataset, workers=args.workers, variant=variant, bodies=bodies
            )
        cached = servers["cached"]
        dataset.port = cached.port
        targets = endpoints(dataset)
        if args.only:
            targets = [t for t in targets if any(o in t.name for o in args.only)]
        sizes = prepare(servers, targets, bodies)
        for endpoint in targets:  # every worker's caches warm
            for variant in ("cached", "assembled"):
                wrk(
                    f"http://127.0.0.1:{servers[variant].port}{endpoint.path}",
                    API_HOST,
                    seconds=1,
                    connections=args.connections,
                )
        # One variant at a time; the other server's workers are idle.
        rates: dict[tuple[str, str], list[float]] = {}
        for round_number in range(args.rounds):
            started = time.monotonic()
            for endpoint in targets:
                runs = [
                    ("cached", cached.port, endpoint.path),
                    ("floor", cached.port, floor_path(endpoint)),
                    ("assembled", servers["assembled"].port, endpoint.path),
                    ("computed", servers["computed"].port, endpoint.path),
                ]
                raw = raw_path(endpoint.path)
                if raw is not None:
                    runs.append(("raw", servers["computed"].port, raw))
                if round_number % 2:
                    runs.reverse()
                for variant, port, path in runs:
                    rates.setdefault((endpoint.name, variant), []).append(
                        wrk(
                            f"http://127.0.0.1:{port}{path}",
                            API_HOST,
                            seconds=args.seconds,
                            connections=args.connections,
                        )
                    )
            print(
                f"  {dataset.pages:,} pages, round {round_number + 1}/"
                f"{args.rounds}: {time.monotonic() - started:.0f} s",
                flush=True,
            )
    finally:
        for server in servers.values():
            stop(server)
        shutil.rmtree(bodies, ignore_errors=True)
    print()
    print(f"dataset: {dataset.agencies} agencies, {dataset.pages:,} pages")
    print(
        "| endpoint | bytes | cached req/s | floor req/s | cached / floor "
        "| assembled req/s | computed req/s | assembled / computed "
        "| raw SQL req/s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for endpoint in targets:
        found = {
            variant: median(rates[(endpoint.name, variant)])
            for variant in VARIANTS
            if (endpoint.name, variant) in rates
        }
        raw = f"{found['raw']:.0f}" if "raw" in found else "n/a"
        print(
            f"| {endpoint.name} | {sizes[endpoint.name]:,} | {found['cached']:.0f} "
            f"| {found['floor']:.0f} | {found['cached'] / found['floor']:.0%} "
            f"| {found['assembled']:.0f} | {found['computed']:.0f} "
            f"| {found['assembled'] / found['computed']:.1f}× | {raw} |"
        )
    print(flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--agencies",
        type=int,
        nargs="+",
        default=[13, 130],
        help="agencies of each dataset (13: 10k pages, 130: 100k pages)",
    )
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only", nargs="*", default=[], help="endpoints whose name contains one"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep datasets generated before"
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    base = os.environ["DATABASE_URL"]
    print(f"machine: {describe()}")
    print(
        f"gunicorn: {args.workers} sync workers per server; wrk: 1 thread, "
        f"{args.connections} connections, {args.rounds} runs of {args.seconds} s "
        "per URL and variant (medians)",
        flush=True,
    )
    for count in args.agencies:
        dataset = Dataset(agencies=count, url=database_url(base, f"bench_api_{count}"))
        build(dataset, admin_url=base, reuse=args.reuse)
        measure_dataset(dataset, args)


if __name__ == "__main__":
    main()
