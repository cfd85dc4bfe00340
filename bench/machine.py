"""What the benchmarks print about the machine they ran on."""

import os
import platform
import resource
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> str:
    """CPU model and count, operating system and Python version."""
    system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    return (
        f"{cpu_model()}, {os.cpu_count()} CPUs, {system}, "
        f"Python {platform.python_version()}"
    )


def cpu_seconds() -> tuple[float, float | None, int | None]:
    """CPU seconds used so far by this process, and by the PostgreSQL
    backend serving it when that runs on this machine (else None), with
    that backend's process id. On a busy machine wall-clock times grow with
    the load; CPU times much less."""
    from django.db import connection

    usage = resource.getrusage(resource.RUSAGE_SELF)
    backend = pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            backend = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            backend = None
    return usage.ru_utime + usage.ru_stime, backend, pid
