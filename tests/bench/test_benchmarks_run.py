"""Benchmarks cannot rot: every module under bench/ imports, and each
benchmark runs its smallest configuration through its own code path (its
``main``, its scripts, its gunicorn) against the test database. Figures are
printed by the benchmarks and never asserted here; only that each run
completes and reports every figure it is meant to."""

import importlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest

from tests.conftest import REPO_ROOT

BENCH = REPO_ROOT / "bench"
MODULES = sorted(path.stem for path in BENCH.glob("*.py"))
SCRIPTS = sorted(path.name for path in BENCH.glob("run-*"))
# Seconds a benchmark subprocess may take before the test gives up on it.
TIMEOUT = 240

# Stands in for wrk (which bin/test does not install): makes a few requests
# with the Host header given and prints what page_cache.py reads of wrk's
# report. It logs each URL loaded to $FAKE_WRK_LOG.
FAKE_WRK = """\
import os, sys, time, urllib.error, urllib.request

arguments = sys.argv[1:]
headers = dict(
    value.split(": ", 1)
    for flag, value in zip(arguments, arguments[1:])
    if flag == "-H"
)
url = arguments[-1]
started, failures = time.monotonic(), 0
for _ in range(3):
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=30
        ) as response:
            response.read()
    except urllib.error.HTTPError:
        failures += 1
elapsed = time.monotonic() - started
with open(os.environ["FAKE_WRK_LOG"], "a") as log:
    log.write(url + "\\n")
print(f"  3 requests in {elapsed:.2f}s")
if failures:
    print(f"  Non-2xx or 3xx responses: {failures}")
print(f"Requests/sec: {3 / elapsed:.2f}")
"""


def test_bench_folder_is_enumerated() -> None:
    assert {"api_dataset", "api_latency", "page_cache", "machine"} <= set(MODULES)
    assert {
        "run-page-cache",
        "run-portal-api",
        "run-provisioning",
        "run-search",
    } <= set(SCRIPTS)
    assert "content_health" in MODULES and "run-content-health" in SCRIPTS
    assert "publish_events" in MODULES and "run-publish-events" in SCRIPTS


@pytest.mark.parametrize("name", MODULES)
def test_every_bench_module_imports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # page_cache.py chooses its own settings for the processes it starts:
    # the variable is put back for the rest of the suite.
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", os.environ["DJANGO_SETTINGS_MODULE"])
    module = importlib.import_module(f"bench.{name}")
    assert Path(module.__file__).resolve() == BENCH / f"{name}.py"


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_run_script_parses_and_runs_a_bench_script(script: str) -> None:
    bash = shutil.which("bash")
    assert bash
    path = BENCH / script
    assert os.access(path, os.X_OK), f"{script} is not executable"
    subprocess.run([bash, "-n", str(path)], check=True, timeout=30)
    targets = re.findall(r"python (bench/\w+\.py)", path.read_text("utf-8"))
    assert targets, f"{script} runs no bench script"
    assert all((REPO_ROOT / target).is_file() for target in targets)


def test_machine_description() -> None:
    from bench.machine import cpu_model, describe

    assert cpu_model()
    assert f"{os.cpu_count()} CPUs" in describe()


def test_media_uploads_on_a_tiny_photo(capsys: pytest.CaptureFixture[str]) -> None:
    from bench import media_uploads

    media_uploads.main(["--width=64", "--height=48", "--pdf-bytes=4096", "--runs=1"])
    out = capsys.readouterr().out
    assert "photo 64x48 JPEG" in out
    assert re.search(r"upload checks \+ re-encoding: \d+ ms", out)
    assert re.search(r"\d+ renditions \(.+\):\n +\d+ ms", out)
    assert re.search(r"PDF, [\d.]+ MB\n  upload checks: \d+ ms", out)


@pytest.mark.django_db
def test_provisioning_one_agency_twice(capsys: pytest.CaptureFixture[str]) -> None:
    from bench import provision_agencies

    provision_agencies.main(["--agencies=1"])
    out = capsys.readouterr().out
    assert "agencies: 1\n" in out
    assert re.search(r"first run \(create\): +[\d.]+ s +\([\d.]+ s per agency\)", out)
    assert re.search(r"second run \(no-op\): +[\d.]+ s", out)
    # The command's own summaries: the first run creates, the second does not.
    assert "1 created, 0 updated, 0 unchanged" in out
    assert "0 created, 0 updated, 1 unchanged" in out
    assert out.startswith("machine: ")


def current_database_url() -> str:
    """DATABASE_URL's server, with the test database pytest-django created."""
    from bench.api_latency import database_url

    return database_url(os.environ["DATABASE_URL"], connection.settings_dict["NAME"])


def run_bench(arguments: list[str], env: dict[str, str]) -> str:
    """A bench script run as its run-* script runs it; returns its output.
    It runs in its own process group, so that a bench that hangs is stopped
    with the gunicorn it started."""
    process = subprocess.Popen(
        [sys.executable, *arguments],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"{arguments[0]} took over {TIMEOUT} s:\n{out}{err}")
    assert process.returncode == 0, out + err
    return out


API_ENDPOINTS = {
    "services list, all agencies",
    "services list, one agency",
    "news list, all agencies",
    "news list, one agency",
    "service detail",
    "search, all agencies",
}


THROUGHPUT_ENDPOINTS = {
    "services list, 100",
    "services list, 20",
    "news list, 100",
    "competitions list, 100",
    "offices list, 100",
    "agencies list",
    "search, 100",
    "service detail",
    "news detail",
    "competition detail",
    "office detail",
    "agency detail",
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_portal_api_on_one_agency(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The dataset script on one agency (its whole main: provisioning, COPY,
    VACUUM, tree check), then api_latency's main on it: both datasets are
    that database (--reuse), each served by its own one-worker gunicorn,
    raw-SQL answers checked equal to the API's, two requests per URL; then
    api_throughput's main on it."""
    from bench import api_latency

    url = current_database_url()
    out = run_bench(
        ["bench/api_dataset.py", "--agencies=1"],
        {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": api_latency.SETTINGS},
    )
    assert "Page.find_problems(): none" in out
    pages = re.search(r"dataset: 1 agencies \(1 filled now\), (\d+) pages", out)
    assert pages, out

    monkeypatch.setattr(api_latency, "database_url", lambda base, name: url)
    api_latency.main(
        [
            "--agencies=1",
            "--reuse",
            "--requests=2",
            "--rounds=1",
            "--warmup=1",
            "--concurrency=1",
            "--workers=1",
            "--details=2",
            "--budget=60",
        ]
    )
    out = capsys.readouterr().out
    assert out.count("raw-SQL answers equal the API's") == 2
    assert f"dataset: 1 agencies, {pages.group(1)} pages" in out
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in out.splitlines()
        if line.startswith("| ") and not line.startswith(("| endpoint", "| ---"))
    ]
    assert {row[0] for row in rows} == API_ENDPOINTS
    assert len(rows) == 2 * len(API_ENDPOINTS)
    timing = r"[\d.]+ / [\d.]+"
    for endpoint, _pages, api, raw, v2, api_raw, v2_api in rows:
        assert re.fullmatch(timing, api), (endpoint, api)
        assert re.fullmatch(timing, raw), (endpoint, raw)
        assert re.fullmatch(r"[\d.]+", api_raw), (endpoint, api_raw)
        if "all agencies" in endpoint:
            assert (v2, v2_api) == ("n/a", "n/a")
        else:
            assert re.fullmatch(timing, v2), (endpoint, v2)
            assert re.fullmatch(r"[\d.]+", v2_api), (endpoint, v2_api)
    flatness = out.split("flatness, ", 1)[1]
    for endpoint in API_ENDPOINTS:
        assert re.search(rf"{endpoint}: api [\d.]+, raw [\d.]+", flatness)

    # api_throughput.py on the same database: a cached, an assembling and a
    # computing one-worker gunicorn, hits checked equal to assembled and
    # computed answers and to the floor view's bytes by the bench itself; a
    # stand-in wrk.
    from bench import api_throughput

    tools = tmp_path / "bin"
    tools.mkdir()
    wrk = tools / "wrk"
    wrk.write_text(f"#!{sys.executable}\n{FAKE_WRK}", "utf-8")
    wrk.chmod(0o755)
    log = tmp_path / "wrk.log"
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_WRK_LOG", str(log))
    monkeypatch.setattr(api_throughput, "database_url", lambda base, name: url)
    api_throughput.main(
        [
            "--agencies=1",
            "--reuse",
            "--seconds=1",
            "--rounds=1",
            "--connections=1",
            "--workers=1",
        ]
    )
    out = capsys.readouterr().out
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in out.splitlines()
        if line.startswith("| ") and not line.startswith(("| endpoint", "| ---"))
    ]
    assert {row[0] for row in rows} == THROUGHPUT_ENDPOINTS
    for row in rows:
        _endpoint, size, cached, floor, ratio, assembled, computed, gain, raw = row
        assert re.fullmatch(r"[\d,]+", size)
        rates = (cached, floor, assembled, computed)
        assert all(re.fullmatch(r"\d+", rate) for rate in rates)
        assert re.fullmatch(r"\d+%", ratio)
        assert re.fullmatch(r"[\d.]+×", gain)
        assert raw == "n/a" or re.fullmatch(r"\d+", raw)
    # Each endpoint: two warm-ups (cached, assembled), then cached, floor,
    # assembled, computed, and raw SQL where there is one.
    assert len(log.read_text("utf-8").split()) == 6 * len(rows) + 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_latency_on_one_agency() -> None:
    """The dataset script on one agency, then search_latency's two steps on
    it: the search index built, every query timed once and reported."""
    from bench import api_latency, search_latency

    url = current_database_url()
    env = {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": api_latency.SETTINGS}
    run_bench(["bench/api_dataset.py", "--agencies=1"], env)
    out = run_bench(["bench/search_latency.py", "--step=index"], env)
    assert re.search(r"indexed \d+ pages", out), out
    out = run_bench(["bench/search_latency.py", "--step=measure", "--rounds=1"], env)
    result = re.search(r"RESULT pages=\d+ n=(\d+) p50=[\d.]+ p95=[\d.]+", out)
    assert result, out
    assert int(result.group(1)) == len(search_latency.QUERIES)
    # The generated services are found, in every language.
    assert re.search(r"ru выдачи паспортов: median [\d.]+ ms, [1-9]\d* found", out)
    assert re.search(r"tg шиноснома: median [\d.]+ ms, [1-9]\d* found", out)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_page_cache_against_the_same_bytes(tmp_path: Path) -> None:
    """page_cache.py whole: one agency and one service, a one-worker
    gunicorn, the same bytes from both URLs and a cache hit checked by the
    bench itself; a stand-in wrk makes a few requests per run."""
    tools = tmp_path / "bin"
    tools.mkdir()
    wrk = tools / "wrk"
    wrk.write_text(f"#!{sys.executable}\n{FAKE_WRK}", "utf-8")
    wrk.chmod(0o755)
    log = tmp_path / "wrk.log"

    out = run_bench(
        [
            "bench/page_cache.py",
            "--seconds=1",
            "--rounds=1",
            "--connections=1",
            "--workers=1",
        ],
        {
            "DATABASE_URL": current_database_url(),
            "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
            "FAKE_WRK_LOG": str(log),
        },
    )
    assert re.search(r"page size: \d+ bytes", out)
    assert re.search(r"cached ServicePage +req/s per round: \d+", out)
    assert re.search(r"same-bytes view +req/s per round: \d+", out)
    assert re.search(r"median: cached page \d+ req/s, baseline \d+ req/s", out)
    assert re.search(r"ratio: \d+% \(target: at least 70%\)", out)
    # Warm-up and one round on each URL.
    loaded = log.read_text("utf-8").split()
    assert sorted({urlsplit_path(url) for url in loaded}) == [
        "/bench/same-bytes/",
        "/tg/services/passport/",
    ]
    assert len(loaded) == 4


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_content_health_on_one_agency(capsys: pytest.CaptureFixture[str]) -> None:
    """The dataset script on one agency, then the daily content-health run
    over it, timed and counted."""
    from bench import api_latency, content_health

    run_bench(
        ["bench/api_dataset.py", "--agencies=1"],
        {
            "DATABASE_URL": current_database_url(),
            "DJANGO_SETTINGS_MODULE": api_latency.SETTINGS,
        },
    )
    content_health.main(["--runs=1"])
    out = capsys.readouterr().out
    assert "dataset: 1 online agencies" in out
    row = re.search(r"^\| 1 \| [\d.]+ \| (\d+) \| ([\d.]+) \|", out, re.MULTILINE)
    assert row, out
    assert int(row.group(1)) > 0
    assert re.search(r"slowest run [\d.]+ s: (within|OVER) the 60 s target", out)


@pytest.mark.postgresql_only(reason="the worker is a second process")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_events_on_one_agency() -> None:
    """publish_events.py whole at a tiny size: one agency, a few publishes
    with its own db_worker and webhook receiver, then the immediate
    baseline; every figure reported, nothing lost."""
    out = run_bench(
        [
            "bench/publish_events.py",
            "--agencies=1",
            "--publishes=4",
            "--baseline=2",
            "--blocks=2",
            "--drain-seconds=90",
        ],
        {"DATABASE_URL": current_database_url()},
    )
    assert "dataset: 1 agencies, 6 draft news items" in out
    assert "events written: 6 (one per publish expected: 6)" in out
    assert "worker still running at the end: yes" in out
    assert "bad signatures: 0" in out
    assert re.search(
        r"publish-to-receipt \(worker\): p50 [\d.]+ s, p95 [\d.]+ s, max [\d.]+ s", out
    )
    assert "events lost: 0 of 4 (immediate: 0 of 2)" in out
    assert re.search(r"\| worker backend \| 4 \| \d+ \| \d+ \| \d+ \|", out)
    assert re.search(r"\| immediate backend \| 2 \| \d+ \| \d+ \| \d+ \|", out)
    assert re.search(r"worker / immediate \(p50\): [\d.]+", out)
