"""wrk, the load generator every throughput bench drives (Debian's package)."""

import re
import subprocess


def wrk(
    url: str, host: str, *, seconds: int, connections: int, script: str | None = None
) -> float:
    """Requests per second wrk measured on ``url`` with one thread, sent
    with ``Host: host``; a non-2xx answer or a socket error (a timeout
    included) ends the bench, since its rate would mean nothing."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=30s",
        "-H",
        f"Host: {host}",
    ]
    if script:
        command += ["-s", script]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        raise SystemExit(f"wrk saw errors on {url}:\n{result.stdout}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if found is None:
        raise SystemExit(f"wrk printed no rate for {url}:\n{result.stdout}")
    return float(found.group(1))
