"""Publishing events end to end: N publishes spread over agencies, each
announced by the event log and delivered, signed, to a webhook subscriber on
loopback by ONE real ``manage.py db_worker`` process.

Reports the publish-to-receipt latency (p50, p95; target p95 <= 5 s), the
events lost (target 0: every event id received at least once, signature
verified) and the editor's publish request time with the worker's database
backend against django-tasks' immediate backend (tasks and deliveries run
inside the request), measured in the same run, in alternating blocks so
that the machine's load falls on both alike (target: no slower).

A publish is what the admin's "Publish" does (a new revision saved and
published by an editor, in one transaction, then its on-commit work); its
time runs from the start of that transaction to the end of the on-commit
work. Latency runs from the commit to the receiver's receipt. Before each
immediate block the worker's deliveries are drained, so neither backend
sends the other's.

Run through ``bench/run-publish-events``, which starts a throwaway
PostgreSQL; or directly with DATABASE_URL pointing at an empty PostgreSQL
database::

    DATABASE_URL=postgres://... .venv/bin/python bench/publish_events.py
"""

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page  # noqa: E402

from django_tasks_db.models import DBTaskResult  # noqa: E402

from agency_sites.models import Agency  # noqa: E402
from agency_sites.provisioning import parse_registry, provision_agencies  # noqa: E402
from bench.machine import describe  # noqa: E402
from bench.provision_agencies import registry  # noqa: E402
from cms.background import last_worker_heartbeat  # noqa: E402
from news.models import NewsIndexPage, NewsPage  # noqa: E402
from publishing_events.models import (  # noqa: E402
    DeliveryStatus,
    Event,
    WebhookDelivery,
    WebhookEndpoint,
)
from publishing_events.webhooks import new_secret  # noqa: E402

TARGET_P95_SECONDS = 5.0
WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class Publish:
    """One editor's publish: its page, when it committed, how long it took."""

    page_id: int
    committed_at: float
    seconds: float


@dataclass
class Phase:
    publishes: list[Publish] = field(default_factory=list)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def database_url() -> str:
    """The address of the database this process uses, for the worker."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT']}/{db['NAME']}"


def provision(count: int) -> list[NewsIndexPage]:
    """Provision ``count`` agencies (tasks at once: not measured) and return
    each one's News section."""
    with override_settings(TASKS=IMMEDIATE):
        provision_agencies(specs=parse_registry(registry(count)))
    indexes = []
    for agency in Agency.objects.select_related("site__root_page").order_by("pk"):
        home = agency.site.root_page
        found = NewsIndexPage.objects.child_of(home).first()
        if found is not None:
            indexes.append(found)
    return indexes


def drafts(indexes: list[NewsIndexPage], count: int) -> list[int]:
    """``count`` draft news items spread over the sections, round-robin
    (drafts are not public: no events yet)."""
    pages = []
    with override_settings(TASKS=IMMEDIATE):
        for number in range(count):
            index = indexes[number % len(indexes)]
            news = NewsPage(
                title=f"Хабари {number}",
                slug=f"bench-news-{number}",
                lead="Вазорат қабули ҳуҷҷатҳоро оғоз намуд.",
                body=[("paragraph", "<p>Матни хабар.</p>")],
                live=False,
            )
            index.add_child(instance=news)
            news.save_revision()
            pages.append(news.pk)
    return pages


def publish(page_id: int, editor: object) -> Publish:
    """What the admin's "Publish" does: a revision saved and published by
    the editor in the request's transaction, then the on-commit work."""
    committed: list[float] = []
    started = time.monotonic()
    with transaction.atomic():
        page = Page.objects.get(pk=page_id).specific
        page.title = f"{page.title} ✓"
        revision = page.save_revision(user=editor, log_action=True)
        revision.publish(user=editor)
        # The first on-commit hook: the moment the publish is visible.
        transaction.on_commit(lambda: committed.append(time.time()))
    seconds = time.monotonic() - started
    return Publish(page_id=page_id, committed_at=committed[0], seconds=seconds)


@contextmanager
def receiver(secret: str, log: Path) -> Iterator[str]:
    """The subscriber, in a process of its own; yields its URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO_ROOT / "bench/webhook_receiver.py"),
            f"--secret={secret}",
            f"--log={log}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError(f"the receiver did not start: {line!r}")
        yield line.removeprefix("listening on ")
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def worker(log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """ONE ``manage.py db_worker``, as deployed (every queue, polling every
    second), on this database."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=REPO_ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url(),
                "TEST_TASKS_BACKEND": "database",
            },
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def receipts(log: Path) -> dict[str, tuple[float, int, int]]:
    """webhook-id -> (first receipt time, receipts, bad signatures)."""
    found: dict[str, tuple[float, int, int]] = {}
    if not log.exists():
        return found
    for line in log.read_text("utf-8").splitlines():
        message_id, at, signed = line.split("\t")
        first, count, bad = found.get(message_id, (float(at), 0, 0))
        found[message_id] = (
            min(first, float(at)),
            count + 1,
            bad + (signed != "ok"),
        )
    return found


def wait_until(condition: object, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def worker_idle() -> bool:
    """The worker has started (its heartbeat ran) and has run every task
    due (its start-up jobs: content health, reconciliation...)."""
    due = DBTaskResult.objects.filter(
        status__in=["READY", "RUNNING"], run_after__lte=timezone.now()
    )
    return last_worker_heartbeat() is not None and not due.exists()


def drained() -> bool:
    return not WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).exists()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=10)
    parser.add_argument(
        "--publishes", type=int, default=1000, help="Publishes with the worker."
    )
    parser.add_argument(
        "--baseline",
        type=int,
        default=200,
        help="Publishes with the immediate backend (the baseline).",
    )
    parser.add_argument(
        "--blocks", type=int, default=5, help="Alternating blocks of each."
    )
    parser.add_argument(
        "--drain-seconds",
        type=float,
        default=120,
        help="How long to wait for the last deliveries before counting losses.",
    )
    args = parser.parse_args(argv)
    # Wagtail logs every edit and publish: thousands of lines.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    print(f"machine: {describe()}", flush=True)
    print(f"load before: {os.getloadavg()[0]:.2f}", flush=True)

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    indexes = provision(args.agencies)
    page_ids = drafts(indexes, args.publishes + args.baseline)
    editor = get_user_model().objects.create_superuser(
        username="bench-editor", email="editor@example.org", password="x"
    )
    secret = new_secret()
    print(
        f"dataset: {len(indexes)} agencies, {len(page_ids)} draft news items "
        f"({time.monotonic() - started:.1f} s)",
        flush=True,
    )

    worker_phase, immediate_phase = Phase(), Phase()
    workdir = Path(tempfile.mkdtemp(prefix="publish-events-"))
    received_log = workdir / "receipts.tsv"
    worker_log = workdir / "worker.log"
    mark = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with receiver(secret, received_log) as url:
        WebhookEndpoint.objects.create(url=url, secret=secret, description="bench")
        with worker(worker_log) as process:
            if not wait_until(worker_idle, seconds=args.drain_seconds):
                print("the worker did not start in time: see its log", flush=True)
            pending = iter(page_ids)
            for block in range(args.blocks):
                share = args.publishes // args.blocks + (
                    block < args.publishes % args.blocks
                )
                with override_settings(TASKS=WORKER):
                    for _ in range(share):
                        worker_phase.publishes.append(publish(next(pending), editor))
                # The worker's deliveries are done before the baseline runs.
                wait_until(drained, seconds=args.drain_seconds)
                base = args.baseline // args.blocks + (
                    block < args.baseline % args.blocks
                )
                with override_settings(TASKS=IMMEDIATE):
                    for _ in range(base):
                        immediate_phase.publishes.append(publish(next(pending), editor))
            wait_until(drained, seconds=args.drain_seconds)
            # A receipt is logged just after the answer: a moment to write it.
            time.sleep(0.5)
            alive = process.poll() is None
    load_after = os.getloadavg()[0]

    events = {
        page_id: event_id
        for event_id, page_id in Event.objects.filter(id__gt=mark).values_list(
            "id", "item_id"
        )
    }
    written = Event.objects.filter(id__gt=mark).count()
    got = receipts(received_log)
    latencies = []
    lost = []
    bad = 0
    for item in worker_phase.publishes:
        message_id = f"evt_{events.get(item.page_id)}"
        if item.page_id not in events or message_id not in got:
            lost.append(item.page_id)
            continue
        first, _count, bad_signatures = got[message_id]
        bad += bad_signatures
        latencies.append(first - item.committed_at)
    baseline_lost = sum(
        f"evt_{events.get(item.page_id)}" not in got
        for item in immediate_phase.publishes
    )
    duplicates = sum(count - 1 for _first, count, _bad in got.values())
    total = len(worker_phase.publishes) + len(immediate_phase.publishes)

    print(
        f"publishes: {total} ({len(worker_phase.publishes)} with the worker, "
        f"{len(immediate_phase.publishes)} immediate) over {len(indexes)} agencies, "
        f"{args.blocks} alternating blocks",
        flush=True,
    )
    print(f"events written: {written} (one per publish expected: {total})")
    print(f"worker still running at the end: {'yes' if alive else 'NO'}")
    print(f"bad signatures: {bad}, duplicate receipts: {duplicates}")
    if latencies:
        p50 = statistics.median(latencies)
        p95 = percentile(latencies, 0.95)
        verdict = "within" if p95 <= TARGET_P95_SECONDS else "OVER"
        print(
            f"publish-to-receipt (worker): p50 {p50:.2f} s, p95 {p95:.2f} s, "
            f"max {max(latencies):.2f} s: {verdict} the "
            f"{TARGET_P95_SECONDS:.0f} s target"
        )
    print(
        f"events lost: {len(lost)} of {len(worker_phase.publishes)} "
        f"(immediate: {baseline_lost} of {len(immediate_phase.publishes)})"
    )
    print("| editor's publish request | n | p50 ms | p95 ms | mean ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    medians = {}
    for name, phase in (("worker", worker_phase), ("immediate", immediate_phase)):
        times = [item.seconds * 1000 for item in phase.publishes]
        if not times:
            continue
        medians[name] = statistics.median(times)
        print(
            f"| {name} backend | {len(times)} | {medians[name]:.0f} | "
            f"{percentile(times, 0.95):.0f} | {statistics.mean(times):.0f} |"
        )
    if len(medians) == 2:
        ratio = medians["worker"] / medians["immediate"]
        verdict = "no slower" if ratio <= 1 else "SLOWER"
        print(f"worker / immediate (p50): {ratio:.2f}: {verdict}")
    print(f"load after: {load_after:.2f}")
    print(f"worker log: {worker_log}")


if __name__ == "__main__":
    main()
