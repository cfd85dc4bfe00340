"""What the benchmarks print about the machine they ran on."""

import os
import platform
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
