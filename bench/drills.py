"""Fault drills on the production stack (deploy/stack.py), one fault at a
time, under load from loopback, each bounded in time:

- database: PostgreSQL stopped for 10 s, then started again;
- redis: Redis stopped for 10 s, then started again (empty);
- s3: the S3 endpoint frozen (SIGSTOP: connections hang, the worst kind of
  unreachable) for 45 s, with one document upload tried meanwhile; then
  ``media_check``;
- app-kill: one application server killed with SIGKILL (master and
  workers), started again after 10 s;
- worker-kill: the background worker killed with SIGKILL while it delivers
  webhooks, started again after 10 s; every event written must reach the
  loopback subscriber (bench/drill_worker.py);
- backup-restore: pg_dump and a bucket copy under load, restored into a
  fresh database and bucket, a server on them compared with the original
  (bench/drill_backup.py).

Load: 8 client threads through Varnish, in turn a cached page of one agency,
an uncached page (a search with a new query each time), a cached API list
and an uncached API list (a new query each time); an editor of another
agency saves a draft every 0.1 s (bench/drill_writer.py).

Each drill prints one table: requests, 2xx, 503, other 5xx, no answer, per
kind of request, lost and half-applied saves, and recovery seconds (from the
fault's end until every application server answers an uncached page again).

    bin/stack drill all   # or: database redis s3 app-kill worker-kill backup-restore
"""

import http.client
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

from stack import Stack, http_status, stop_on_sigterm, wait_for  # noqa: E402

THREADS = 8
BEFORE, AFTER = 5.0, 8.0
WRITER_AGENCY = "adliya"


class Load:
    """Client threads sending requests through Varnish until stopped."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.results: list[tuple[float, str, int]] = []
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.counter = itertools.count()
        self.threads = [
            threading.Thread(target=self.run, daemon=True) for _ in range(THREADS)
        ]

    def paths(self):
        for number in self.counter:
            kind = ("cached page", "uncached page", "cached api", "uncached api")[
                number % 4
            ]
            path = {
                "cached page": ("/tg/", "/ru/", "/tg/services/", "/en/news/")[
                    number // 4 % 4
                ],
                "uncached page": f"/tg/search/?q=drill{number}",
                "cached api": "/api/v1/services/",
                "uncached api": f"/api/v1/services/?q=drill{number}",
            }[kind]
            yield kind, path

    def run(self) -> None:
        port = self.stack.ports["varnish"]
        host = f"{self.stack.hostname}:{port}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        paths = self.paths()
        while self.running.is_set():
            kind, path = next(paths)
            try:
                connection.request("GET", path, headers={"Host": host})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            with self.lock:
                self.results.append((time.monotonic(), kind, status))

    def start(self) -> None:
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=30)


def classify(status: int) -> str:
    if 200 <= status < 400:
        return "2xx"
    if status == 503:
        return "503"
    if status >= 500:
        return "5xx other"
    if status == 0:
        return "no answer"
    return "4xx"


def table(results, start: float, end: float) -> dict[str, Counter]:
    rows: dict[str, Counter] = {}
    for moment, kind, status in results:
        if start <= moment < end:
            rows.setdefault(kind, Counter())["requests"] += 1
            rows[kind][classify(status)] += 1
    return rows


def print_table(title: str, rows: dict[str, Counter]) -> None:
    columns = ["requests", "2xx", "503", "5xx other", "no answer", "4xx"]
    print(f"  {title}")
    print("    " + f"{'':15}" + "".join(f"{c:>11}" for c in columns))
    total = Counter()
    for kind in sorted(rows):
        total.update(rows[kind])
        print("    " + f"{kind:15}" + "".join(f"{rows[kind][c]:>11}" for c in columns))
    print("    " + f"{'all':15}" + "".join(f"{total[c]:>11}" for c in columns))


def serving_again(stack: Stack, started: float, timeout: float = 60) -> float:
    """Seconds from ``started`` until every application server answers an
    uncached page with a 200 (asked directly, not through Varnish)."""
    hostname = f"{stack.hostname}:{stack.ports['varnish']}"
    number = itertools.count()
    for name in ("app1", "app2"):
        url = f"http://127.0.0.1:{stack.ports[name]}/tg/search/?q=recovery"
        wait_for(
            lambda url=url: http_status(f"{url}{next(number)}", hostname, 2) == 200,
            timeout,
            f"{name} serving again",
        )
    return time.monotonic() - started


class TierHealth:
    """Varnish's view of the application servers, sampled every 0.25 s."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.samples: list[tuple[float, bool]] = []
        self.running = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while self.running.is_set():
            result = subprocess.run(
                ["varnishadm", "-n", str(self.stack.dir / "varnish"), "backend.list"],
                capture_output=True,
                text=True,
                check=False,
            )
            # One line per server ("boot.app1 probe 3/3 healthy ..."), and
            # one for the director ("boot.apps").
            servers = [
                line.split()
                for line in result.stdout.splitlines()
                if line.startswith(("boot.app1 ", "boot.app2 "))
            ]
            both = len(servers) == 2 and all(
                fields[3] == "healthy" for fields in servers
            )
            self.samples.append((time.monotonic(), both))
            time.sleep(0.25)

    def start(self) -> None:
        self.running.set()
        self.thread.start()

    def stop(self) -> None:
        self.running.clear()
        self.thread.join(timeout=5)

    def back_after(self, moment: float) -> float | None:
        """Seconds from ``moment`` until Varnish saw both servers healthy."""
        for sampled, both in self.samples:
            if sampled >= moment and both:
                return round(sampled - moment, 2)
        return None


def first_success_after(results, moment: float) -> float | None:
    """Seconds from ``moment`` to the first uncached 2xx through Varnish."""
    times = [
        t
        for t, kind, status in results
        if t >= moment and kind.startswith("uncached") and 200 <= status < 300
    ]
    return round(min(times) - moment, 2) if times else None


def writer(stack: Stack, seconds: float, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "bench/drill_writer.py", "write", WRITER_AGENCY, str(seconds)],
        cwd=ROOT,
        env=stack.env(),
        stdout=log.open("w"),
        stderr=subprocess.DEVNULL,
    )


def drill_python(stack: Stack, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "bench/drill_writer.py", *args],
        cwd=ROOT,
        env=stack.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_drill(stack: Stack, name: str) -> dict:
    # S3: longer than the worst upload (two S3 calls, each two attempts of
    # up to 10 s), so that the upload tried during the fault has to fail.
    fault_seconds = 45.0 if name == "s3" else 10.0
    # Warm the cached kinds: one request each through Varnish.
    for path in ("/tg/", "/ru/", "/tg/services/", "/en/news/", "/api/v1/services/"):
        http_status(
            f"{stack.varnish_url}{path}",
            f"{stack.hostname}:{stack.ports['varnish']}",
        )
    load = Load(stack)
    log = stack.dir / f"writes-{name}.jsonl"
    editor = writer(stack, BEFORE + fault_seconds + AFTER, log)
    extra: dict[str, object] = {}
    if name == "s3":
        # Django set up before the fault: the upload starts with it.
        uploader = subprocess.Popen(
            [sys.executable, "bench/drill_writer.py", "upload"],
            cwd=ROOT,
            env=stack.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    health = TierHealth(stack)
    health.start()
    load.start()
    time.sleep(BEFORE)
    fault_start = time.monotonic()
    if name == "database":
        stack.stop_postgres("fast")
        time.sleep(fault_seconds)
        fault_end = time.monotonic()
        stack.start_postgres()
    elif name == "redis":
        stack.kill("redis")
        time.sleep(fault_seconds)
        fault_end = time.monotonic()
        stack.start_redis()
    elif name == "s3":
        os.killpg(stack.processes["s3"].pid, signal.SIGSTOP)
        uploader.stdin.write("go\n")
        uploader.stdin.flush()
        time.sleep(fault_seconds)
        fault_end = time.monotonic()
        os.killpg(stack.processes["s3"].pid, signal.SIGCONT)
        output, _ = uploader.communicate(timeout=60)
        upload_result = json.loads(output.strip().splitlines()[-1])
        extra["upload while unreachable"] = upload_result
    elif name == "app-kill":
        stack.kill("app1", signal.SIGKILL)
        time.sleep(fault_seconds)
        fault_end = time.monotonic()
        stack.start_app("app1")
    else:
        raise SystemExit(f"unknown drill {name}")
    recovery = serving_again(stack, fault_end)
    time.sleep(AFTER)
    load.stop()
    health.stop()
    editor.wait(timeout=60)
    end = time.monotonic()
    saves = drill_python(stack, "verify", str(log))
    if name == "s3":
        check = subprocess.run(
            [sys.executable, "manage.py", "media_check"],
            cwd=ROOT,
            env=stack.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        extra["media_check"] = {
            "exit": check.returncode,
            "last line": (check.stdout.strip().splitlines() or [""])[-1],
        }
    print(f"\n=== drill: {name} (fault {fault_seconds:.0f} s) ===")
    print_table("before the fault", table(load.results, 0, fault_start))
    print_table("during the fault", table(load.results, fault_start, fault_end))
    print_table("after the fault", table(load.results, fault_end, end))
    whole = table(load.results, 0, end)
    summary = {
        "drill": name,
        "requests": sum(row["requests"] for row in whole.values()),
        "2xx": sum(row["2xx"] for row in whole.values()),
        "503": sum(row["503"] for row in whole.values()),
        "5xx other": sum(row["5xx other"] for row in whole.values()),
        "no answer": sum(row["no answer"] for row in whole.values()),
        "saves acknowledged": saves["acknowledged"],
        "lost writes": saves["lost"],
        "half-applied writes": saves["half_applied"],
        "recovery seconds": round(recovery, 2),
        "tier back seconds": health.back_after(fault_end),
        "uncached 2xx through the tier after seconds": first_success_after(
            load.results, fault_end
        ),
        **extra,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2), flush=True)
    return summary


def main(names: list[str]) -> None:
    if names == ["all"]:
        names = [
            "database",
            "redis",
            "s3",
            "app-kill",
            "worker-kill",
            "backup-restore",
        ]
    stop_on_sigterm()
    stack = Stack()
    summaries = []
    try:
        stack.start()
        for name in names:
            if name == "worker-kill":
                import drill_worker

                summaries.append(drill_worker.run(stack))
            elif name == "backup-restore":
                import drill_backup

                summaries.append(drill_backup.run(stack))
            else:
                summaries.append(run_drill(stack, name))
    finally:
        stack.stop()
    print("\n=== summary ===")
    for summary in summaries:
        print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:] or ["all"])
