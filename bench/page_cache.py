"""Throughput of a cached ServicePage against a minimal Django view returning
the same bytes, both served by the same gunicorn, measured by wrk in one run.

Run through ``bench/run-page-cache``, which starts a throwaway PostgreSQL and
installs wrk; or directly with DATABASE_URL pointing at an empty database.
"""

import argparse
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.page_cache_settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.load import wrk  # noqa: E402
from bench.machine import cpu_model  # noqa: E402

HOST = "mvd.bench.test"
SERVICE_PATH = "/tg/services/passport/"
BASELINE_PATH = "/bench/same-bytes/"


def build_content() -> None:
    """One agency with one service, as provisioning and the admin make them."""
    from agency_sites.provisioning import parse_registry, provision_agencies
    from service_pages.models import ServiceIndexPage
    from service_pages.services import create_service, create_service_category

    call_command("migrate", verbosity=0)
    provision_agencies(
        specs=parse_registry(
            {
                "agencies": [
                    {
                        "slug": "mvd",
                        "kind": "central",
                        "names": {
                            "tg": "Вазорати корҳои дохилӣ",
                            "ru": "Министерство внутренних дел",
                            "en": "Ministry of Internal Affairs",
                        },
                    }
                ]
            }
        )
    )
    index = ServiceIndexPage.objects.get(url_path="/mvd/services/")
    category = create_service_category(
        slug="documents", names={"tg": "Ҳуҷҷатҳо", "ru": "Документы", "en": "Documents"}
    )
    create_service(
        index=index,
        title="Гирифтани шиноснома",
        slug="passport",
        service_code="passport",
        category=category,
        summary="Додани шиносномаи шаҳрванди Ҷумҳурии Тоҷикистон.",
        fee_amount=100,
        processing_time="10 рӯзи корӣ",
        online_url="https://portal.example.com/passport",
        steps=[("step", {"title": f"Қадами {n}", "text": ""}) for n in range(5)],
        required_documents=[
            ("document", {"name": f"Ҳуҷҷати {n}", "note": "", "form": None})
            for n in range(5)
        ],
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": HOST}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), dict(response.headers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    build_content()
    # The page's bytes, which the baseline view of the server's workers reads.
    body_file = Path(tempfile.mkdtemp(prefix="hukumat-bench-")) / "page.html"
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "assembly.wsgi:application",
            f"--workers={args.workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "BENCH_BODY_FILE": str(body_file)},
    )
    try:
        for _attempt in range(100):
            try:
                page, _headers = fetch(port, SERVICE_PATH)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer")
        body_file.write_bytes(page)
        baseline, _headers = fetch(port, BASELINE_PATH)
        assert baseline == page, "the baseline must return the page's bytes"
        # Warm every worker's cache, then check the page comes from it.
        wrk(
            f"http://127.0.0.1:{port}{SERVICE_PATH}",
            HOST,
            seconds=2,
            connections=args.connections,
        )
        wrk(
            f"http://127.0.0.1:{port}{BASELINE_PATH}",
            HOST,
            seconds=2,
            connections=args.connections,
        )
        _body, headers = fetch(port, SERVICE_PATH)
        assert headers.get("X-Page-Cache") == "hit", headers
        page_rates, baseline_rates = [], []
        for _round in range(args.rounds):
            page_rates.append(
                wrk(
                    f"http://127.0.0.1:{port}{SERVICE_PATH}",
                    HOST,
                    seconds=args.seconds,
                    connections=args.connections,
                )
            )
            baseline_rates.append(
                wrk(
                    f"http://127.0.0.1:{port}{BASELINE_PATH}",
                    HOST,
                    seconds=args.seconds,
                    connections=args.connections,
                )
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(body_file.parent, ignore_errors=True)

    page_rate = sorted(page_rates)[len(page_rates) // 2]
    baseline_rate = sorted(baseline_rates)[len(baseline_rates) // 2]
    print(
        f"machine: {cpu_model()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        f"gunicorn: {args.workers} sync workers; wrk: 1 thread, "
        f"{args.connections} connections, {args.rounds} x {args.seconds} s each"
    )
    print(f"page size: {len(page)} bytes")
    print(
        "cached ServicePage  req/s per round:",
        ", ".join(f"{r:.0f}" for r in page_rates),
    )
    print(
        "same-bytes view     req/s per round:",
        ", ".join(f"{r:.0f}" for r in baseline_rates),
    )
    print(
        f"median: cached page {page_rate:.0f} req/s, baseline {baseline_rate:.0f} req/s"
    )
    print(f"ratio: {page_rate / baseline_rate:.0%} (target: at least 70%)")


if __name__ == "__main__":
    main()
