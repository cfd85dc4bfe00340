"""A webhook subscriber on loopback for bench/publish_events.py, in a process
of its own (so that the publishing process's work never delays a receipt).

It answers every POST with 204 at once and writes one line per request to
its log: the ``webhook-id``, the Unix time of receipt, and whether the
Standard Webhooks signature verified with the secret it was given::

    python bench/webhook_receiver.py --secret whsec_... --log receipts.tsv

It prints ``listening on http://127.0.0.1:PORT/hooks`` once it accepts
requests.
"""

import argparse
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TextIO

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


def serve(secret: str, log: TextIO) -> ThreadingHTTPServer:
    verifier = Webhook(secret)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received_at = time.time()
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            try:
                verifier.verify(body, headers)
                signed = "ok"
            except WebhookVerificationError:
                signed = "bad"
            self.send_response(204)
            self.end_headers()
            with lock:
                log.write(f"{headers.get('webhook-id', '')}\t{received_at}\t{signed}\n")
                log.flush()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args(argv)
    with open(args.log, "a", encoding="utf-8") as log:
        server = serve(args.secret, log)
        print(
            f"listening on http://127.0.0.1:{server.server_address[1]}/hooks",
            flush=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


if __name__ == "__main__":
    main(sys.argv[1:])
