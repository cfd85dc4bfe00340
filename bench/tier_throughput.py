"""Throughput through the cache tier, in one run on the loopback production
stack (deploy/stack.py), measured by wrk (one thread):

- a cached citizen page through Varnish, against Varnish serving a static
  object of the same bytes (the page's body written as a static file the
  application servers serve, cached by Varnish like any /static/ object):
  target ≥ 50%;
- an uncached page and an uncached API list (a new query string on every
  request, which neither Varnish nor the application's page cache keeps)
  through the stack (Varnish in front of two application servers), against
  one application server asked directly.

Each pair is measured in alternating rounds; the ratio of the medians is
printed with the machine's load.

    bin/stack bench [--seconds 10] [--rounds 3] [--connections 16]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))

# Its sibling modules, whether it runs as a script (bin/stack) or is
# imported as bench.tier_throughput (the bench smoke test).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import wrk
from machine import describe
from stack import Stack, http_status, stop_on_sigterm, wait_for

PAGE = "/tg/services/"
API = "/api/v1/services/"
STATIC = "/static/bench/same-bytes.html"
# A new query string on every request: a miss in Varnish and in the page cache.
UNIQUE_QUERY = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?bench=" .. counter)
end
"""


def fetch(url: str, host: str) -> bytes:
    request = urllib.request.Request(url, headers={"Host": host})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def compare(name: str, pairs, rounds: int, **options) -> dict:
    """Alternating rounds of the measured and its baseline; medians."""
    measured, baseline = [], []
    for _round in range(rounds):
        for runs, (url, host, script) in zip((measured, baseline), pairs, strict=True):
            runs.append(wrk(url, host, script=script, **options))
    result = {
        "what": name,
        "measured rps": round(statistics.median(measured), 1),
        "baseline rps": round(statistics.median(baseline), 1),
        "ratio": round(statistics.median(measured) / statistics.median(baseline), 3),
        "rounds": {"measured": measured, "baseline": baseline},
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def restart_app_servers(stack: Stack) -> None:
    """The static files are read when a server starts (WhiteNoise)."""
    for name in ("app1", "app2"):
        stack.kill(name)
        stack.start_app(name)
    for name in ("app1", "app2"):
        wait_for(lambda name=name: stack.app_ready(name), 60, name)
    # Varnish takes them back after two good probes.
    time.sleep(2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    # Uncached requests: as many connections as the tier has workers (two
    # servers of two); more only queue, and time out on a busy machine.
    parser.add_argument("--uncached-connections", type=int, default=4)
    args = parser.parse_args(argv)
    stop_on_sigterm()
    stack = Stack()
    try:
        stack.start()
        host = f"{stack.hostname}:{stack.ports['varnish']}"
        varnish = stack.varnish_url
        app1 = f"http://127.0.0.1:{stack.ports['app1']}"
        fetch(f"{varnish}{PAGE}", host)
        page = fetch(f"{varnish}{PAGE}", host)
        static = stack.static_root / STATIC.removeprefix("/static/")
        static.parent.mkdir(parents=True, exist_ok=True)
        static.write_bytes(page)
        restart_app_servers(stack)
        for path in (PAGE, STATIC):
            fetch(f"{varnish}{path}", host)
        same = fetch(f"{varnish}{STATIC}", host)
        assert len(same) == len(page), (len(same), len(page))
        for path in (f"{PAGE}?bench=0", f"{API}?bench=0"):
            status = http_status(f"{app1}{path}", host, 30)
            if status != 200:
                raise SystemExit(f"{path}: {status}, not 200")
        options = {"seconds": args.seconds, "connections": args.connections}
        uncached = {"seconds": args.seconds, "connections": args.uncached_connections}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(UNIQUE_QUERY)
        results = [
            compare(
                f"cached page {PAGE} ({len(page)} bytes) through Varnish "
                "vs a static object of the same bytes through Varnish",
                [(f"{varnish}{PAGE}", host, None), (f"{varnish}{STATIC}", host, None)],
                args.rounds,
                **options,
            ),
            compare(
                f"uncached page {PAGE}?bench=N through Varnish and two app "
                "servers vs one app server directly",
                [
                    (f"{varnish}{PAGE}", host, lua.name),
                    (f"{app1}{PAGE}", host, lua.name),
                ],
                args.rounds,
                **uncached,
            ),
            compare(
                f"uncached API list {API}?bench=N through Varnish and two app "
                "servers vs one app server directly",
                [(f"{varnish}{API}", host, lua.name), (f"{app1}{API}", host, lua.name)],
                args.rounds,
                **uncached,
            ),
        ]
        os.unlink(lua.name)
    finally:
        stack.stop()
    print("\n=== tier throughput ===")
    print(f"machine: {describe()}; load average {os.getloadavg()}")
    print(
        f"wrk: 1 thread, {args.connections} connections (uncached: "
        f"{args.uncached_connections}), {args.seconds} s x {args.rounds} rounds "
        f"each; app servers: 2 x {stack.app_workers} gunicorn sync workers"
    )
    for result in results:
        print(json.dumps({k: v for k, v in result.items() if k != "rounds"}))


if __name__ == "__main__":
    main(sys.argv[1:])
