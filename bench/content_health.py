"""Time the daily content-health run over a generated dataset: every online
agency checked against every registered rule, scored, and its report stored,
as the worker's nightly task does (reminders aside). Prints the duration,
the number of SQL queries (in all and per agency) and the scores.

Run through ``bench/run-content-health`` (which generates the dataset with
``bench/api_dataset.py`` first), or directly on a dataset built before::

    DATABASE_URL=postgres://... .venv/bin/python bench/content_health.py
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from wagtail.models import Page  # noqa: E402

from compliance.services import checked_agencies, run_health_checks  # noqa: E402

TARGET_SECONDS = 60


class QueryCounter:
    """Counts the SQL statements the run sends."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def timed_run() -> tuple[float, int, list[int]]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.monotonic()
        reports = run_health_checks()
        elapsed = time.monotonic() - started
    return elapsed, counter.count, [report.score for report in reports]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=2, help="Runs (the first one also warms up)."
    )
    args = parser.parse_args(argv)
    agencies = checked_agencies().count()
    pages = Page.objects.count()
    print(f"dataset: {agencies} online agencies, {pages} pages", flush=True)
    print("| run | seconds | queries | queries per agency | mean score | min | max |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    durations = []
    for number in range(1, args.runs + 1):
        elapsed, queries, scores = timed_run()
        durations.append(elapsed)
        per_agency = queries / max(agencies, 1)
        print(
            f"| {number} | {elapsed:.1f} | {queries} | {per_agency:.1f} | "
            f"{statistics.mean(scores) if scores else 0:.0f} | "
            f"{min(scores, default=0)} | {max(scores, default=0)} |",
            flush=True,
        )
    verdict = "within" if max(durations) < TARGET_SECONDS else "OVER"
    print(
        f"slowest run {max(durations):.1f} s: {verdict} the {TARGET_SECONDS} s target"
    )


if __name__ == "__main__":
    main()
