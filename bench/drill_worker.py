"""The worker drill (bench/drills.py worker-kill): the background worker is
killed with SIGKILL while it delivers webhooks, started again 10 s later,
and no event may be lost.

A webhook subscriber on loopback (this process) records the ``webhook-id``
of every delivery it receives, answering each after 0.1 s so that
deliveries are in flight when the worker dies; an editor publishes a page
of one agency every 0.1 s (each publish writes its event in the publishing
transaction, bench/drill_writer.py). The worker is killed 0.3 s after the
first delivery arrives, so that it dies mid-delivery. After the fault the
drill waits until
every event written has been received (at most 180 s) and prints: events
written, received, lost (written, never received), duplicate deliveries
(at-least-once: a delivery cut off by the kill is sent again), and the
seconds from the restart until the last event arrived.
"""

import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Its sibling modules, whether it runs as a script (bin/stack) or is
# imported as bench.drill_worker (the bench smoke test).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from drills import AFTER, BEFORE, ROOT, drill_python
from stack import AGENCIES, Stack

# The agency whose pages carry demo content (their publishing is announced).
PUBLISHING_AGENCY = AGENCIES[0]
FAULT_SECONDS = 10.0
DRAIN_SECONDS = 180.0
ANSWER_DELAY = 0.1


class Receiver:
    """A webhook subscriber on 127.0.0.1: counts deliveries by webhook-id."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                time.sleep(ANSWER_DELAY)
                with receiver.lock:
                    receiver.received[self.headers.get("webhook-id", "")] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()

    def ids(self) -> set[str]:
        with self.lock:
            return set(self.received)


def run(stack: Stack) -> dict:
    if "worker" not in stack.processes:
        raise SystemExit("worker-kill: the stack has no worker (db_worker)")
    receiver = Receiver()
    receiver.start()
    subscription = drill_python(stack, "subscribe", receiver.url, PUBLISHING_AGENCY)
    log = stack.dir / "publishes-worker-kill.jsonl"
    publisher = subprocess.Popen(
        [
            sys.executable,
            "bench/drill_writer.py",
            "publish",
            PUBLISHING_AGENCY,
            str(BEFORE + FAULT_SECONDS + AFTER),
        ],
        cwd=ROOT,
        env=stack.env(),
        stdout=log.open("w"),
        stderr=subprocess.DEVNULL,
    )
    time.sleep(BEFORE)
    # Kill it while it delivers: once deliveries are arriving (the first
    # publish waits for Django to start, the worker for its queue).
    deadline = time.monotonic() + 120
    while not receiver.received and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    in_flight_before = sum(receiver.received.values())
    stack.kill("worker", signal.SIGKILL)
    killed_at = time.monotonic()
    time.sleep(FAULT_SECONDS)
    received_while_down = sum(receiver.received.values())
    # Started as a supervisor would (start_worker first asks manage.py
    # whether the command exists: seconds on a busy machine).
    stack.spawn("worker", [sys.executable, "manage.py", "db_worker"])
    restarted = time.monotonic()
    publisher.wait(timeout=120)
    written = [
        f"evt_{pk}"
        for pk in drill_python(
            stack, "events", PUBLISHING_AGENCY, str(subscription["last_event"])
        )["events"]
    ]
    last_arrival = None
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        if set(written) <= receiver.ids():
            last_arrival = time.monotonic()
            break
        time.sleep(0.2)
    receiver.stop()
    received = receiver.ids() & set(written)
    duplicates = sum(
        count - 1 for key, count in receiver.received.items() if key in received
    )
    summary = {
        "drill": "worker-kill",
        "events written": len(written),
        "received before the kill": in_flight_before,
        "received while the worker was down": received_while_down - in_flight_before,
        "events received": len(received),
        "lost events": len(set(written) - received),
        "duplicate deliveries": duplicates,
        "worker down seconds": round(restarted - killed_at, 2),
        "all delivered seconds after the restart": round(last_arrival - restarted, 2)
        if last_arrival
        else None,
    }
    print("\n=== drill: worker-kill (SIGKILL, restarted after 10 s) ===")
    print(json.dumps(summary, ensure_ascii=False, indent=2), flush=True)
    return summary
