"""A real HTTP receiver on loopback for the webhook tests: it records every
request and answers with the statuses it is told, in order."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    # (status, extra headers, seconds to wait before answering), used in
    # order; the last one answers every later request.
    answers: list[tuple[int, dict[str, str], float]] = field(
        default_factory=lambda: [(204, {}, 0.0)]
    )
    received: list[Received] = field(default_factory=list)

    def answer(self, *answers: int | tuple[int, dict[str, str], float]) -> None:
        self.answers = [
            answer if isinstance(answer, tuple) else (answer, {}, 0.0)
            for answer in answers
        ]


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                receiver.received.append(
                    Received(
                        path=self.path,
                        headers={k.lower(): v for k, v in self.headers.items()},
                        body=body,
                    )
                )
                index = min(len(receiver.received), len(receiver.answers)) - 1
                status, headers, delay = receiver.answers[index]
            time.sleep(delay)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
