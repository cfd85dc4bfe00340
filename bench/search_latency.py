"""Latency of the portal's search (issue 19): p50 and p95 of one client's
searches across every agency, on the portal API benchmark's 10k-page and
100k-page datasets (``bench/api_dataset.py``), with the search index built.

Creates (or, with ``--reuse``, reuses) the databases ``bench_api_<N>`` next
to DATABASE_URL's, as ``bench/api_latency.py`` does, indexes every page for
search (the dataset generator skips it), then times
:func:`cms.search.selectors.search_site` on the portal's site for queries in
Tajik (as written and typed on a Russian keyboard), Russian (inflected) and
English, and a misspelt one (the spelling suggestion's path). In-process, one
client: what the database and the ORM cost, not the HTTP server. The two
sizes are measured alternately (``--pairs`` times ``--rounds`` rounds) and
each size's times pooled, so that the ratio of their p95s compares them
under the same machine; each pair's ratio is printed too.

Run through ``bench/run-search``, or directly::

    DATABASE_URL=postgres://... .venv/bin/python bench/search_latency.py
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "bench.api_settings"
QUERIES = [
    ("tg", "шиноснома"),
    ("tg", "маълумотнома доғи судӣ"),
    ("tg", "маълумотнома доги суди"),
    ("tg", "бакайдгирии никох"),
    ("ru", "справка о судимости"),
    ("ru", "выдачи паспортов"),
    ("ru", "регистрация брака"),
    ("ru", "разрешение на строительство"),
    ("en", "passport"),
    ("en", "registering a marriage"),
    ("en", "work permits"),
    ("ru", "спровка"),
]


def database_url(base: str, name: str) -> str:
    return urlsplit(base)._replace(path=f"/{name}").geturl()


def run(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS},
        check=True,
    )


def build(url: str, *, agencies: int, admin_url: str, reuse: bool) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and reuse:
            print(f"reusing {name}", flush=True)
            return
        if exists:
            connection.execute(f'DROP DATABASE "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    print(f"generating {name} ({agencies} agencies)...", flush=True)
    run(url, "bench/api_dataset.py", f"--agencies={agencies}")


def index_everything() -> None:
    """Index every page for search, in batches (``update_index`` does the
    same, one object at a time)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    started = time.monotonic()
    count = 0
    type_ids = set(Page.objects.values_list("content_type_id", flat=True).distinct())
    for type_id in sorted(type_ids):
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        ids = list(
            model.objects.filter(content_type_id=type_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), 1000):
            batch = list(model.objects.filter(pk__in=ids[start : start + 1000]))
            backend.add_bulk(model, batch)
            count += len(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  indexed {count} pages in {time.monotonic() - started:.1f} s", flush=True)


def measure(rounds: int, samples_path: str | None = None) -> None:
    """Times of every query, warm, ``rounds`` times each; prints one line,
    and adds the times to ``samples_path`` (JSON lines) when given."""
    from importlib import import_module

    from django.conf import settings

    from wagtail.models import Page, Site

    from bench.machine import cpu_seconds
    from cms.search.selectors import search_site

    # The URLs' modules register the API's types, and with them what the
    # search ranks first ("most requested" services): as a server would.
    import_module(settings.ROOT_URLCONF)
    portal = Site.objects.get(is_default_site=True)
    pages = Page.objects.count()
    samples: list[float] = []
    # This process's CPU time per search (the ORM's Python): what load from
    # other processes changes least, beside the wall-clock times it inflates.
    cpu: list[float] = []
    per_query: dict[str, list[float]] = {}
    totals = {}
    for language, text in QUERIES:
        result = search_site(
            site=portal, language_code=language, query=text, page_number=None
        )
        totals[text] = (result.total, result.suggestion)
    cpu_before = cpu_seconds()
    for _round in range(rounds):
        for language, text in QUERIES:
            started = time.perf_counter()
            cpu_started = time.process_time()
            search_site(
                site=portal, language_code=language, query=text, page_number=None
            )
            cpu.append(time.process_time() - cpu_started)
            elapsed = time.perf_counter() - started
            samples.append(elapsed)
            per_query.setdefault(f"{language} {text}", []).append(elapsed)
    cpu_after = cpu_seconds()
    if samples_path:
        with open(samples_path, "a") as out:
            out.write(json.dumps({"pages": pages, "seconds": samples}) + "\n")
    samples.sort()
    p50 = statistics.median(samples) * 1000
    p95 = percentile(samples, 0.95) * 1000
    print(
        f"RESULT pages={pages} n={len(samples)} p50={p50:.1f} p95={p95:.1f} "
        f"python_cpu_p50={statistics.median(cpu) * 1000:.1f}"
    )
    python = (cpu_after[0] - cpu_before[0]) / len(samples) * 1000
    line = f"  cpu per search: {python:.1f} ms python"
    _python, backend_before, pid_before = cpu_before
    _python, backend_after, pid_after = cpu_after
    same_backend = pid_before == pid_after
    if backend_before is not None and backend_after is not None and same_backend:
        postgresql = (backend_after - backend_before) / len(samples) * 1000
        line += f", {postgresql:.1f} ms postgresql (its backend)"
    print(line)
    for key, times in per_query.items():
        text = key.split(" ", 1)[1]
        total, suggestion = totals[text]
        print(
            f"  {key}: median {statistics.median(times) * 1000:.1f} ms, "
            f"{total} found{f' (as {suggestion!r})' if suggestion else ''}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=130)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--step", choices=["index", "measure"], default=None)
    parser.add_argument(
        "--pairs",
        type=int,
        default=3,
        help="measure the two datasets alternately this many times, each for "
        "--rounds rounds, and pool each one's times (default 3)",
    )
    parser.add_argument("--samples", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        import django

        sys.path.insert(0, str(REPO_ROOT))
        django.setup()
        if args.step == "index":
            index_everything()
        else:
            measure(args.rounds, args.samples)
        return
    base = os.environ["DATABASE_URL"]
    admin_url = database_url(base, "postgres")
    urls = []
    for agencies in (max(1, args.agencies // 10), args.agencies):
        url = database_url(base, f"bench_api_{agencies}")
        build(url, agencies=agencies, admin_url=admin_url, reuse=args.reuse)
        if not args.reuse:
            run(url, "bench/search_latency.py", "--step=index")
        urls.append(url)
    # The two sizes alternately, so that a machine that slows down or speeds
    # up in the meantime weighs on both alike; each size's times are pooled.
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(Path(folder) / f"{index}.jsonl") for index in range(len(urls))]
        for pair in range(args.pairs):
            print(f"pair {pair + 1} of {args.pairs}", flush=True)
            for url, path in zip(urls, paths, strict=True):
                run(
                    url,
                    "bench/search_latency.py",
                    "--step=measure",
                    f"--rounds={args.rounds}",
                    f"--samples={path}",
                )
        report([read_samples(path) for path in paths])


def read_samples(path: str) -> tuple[int, list[list[float]]]:
    """The pages measured and each measurement's times, from ``path``."""
    lines = [json.loads(line) for line in Path(path).read_text().splitlines()]
    return lines[0]["pages"], [line["seconds"] for line in lines]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * share) - 1, 0)]


def report(sizes: list[tuple[int, list[list[float]]]]) -> None:
    """Pooled p50 and p95 of each size, and the largest's p95 over the
    smallest's, pooled and pair by pair."""
    print("pooled over every pair:")
    p95s = []
    for pages, runs in sizes:
        pooled = [time_ for run_ in runs for time_ in run_]
        p95s.append(percentile(pooled, 0.95))
        print(
            f"POOLED pages={pages} n={len(pooled)} "
            f"p50={statistics.median(pooled) * 1000:.1f} "
            f"p95={p95s[-1] * 1000:.1f}"
        )
    (_small, small_runs), (_large, large_runs) = sizes[0], sizes[-1]
    by_pair = [
        percentile(large, 0.95) / percentile(small, 0.95)
        for small, large in zip(small_runs, large_runs, strict=True)
    ]
    print(
        f"RATIO p95 largest/smallest pooled={p95s[-1] / p95s[0]:.2f} "
        f"by pair={', '.join(f'{ratio:.2f}' for ratio in by_pair)}"
    )


if __name__ == "__main__":
    main()
