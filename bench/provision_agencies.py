"""Time `provision_agencies` for N agencies (default 130) on a fresh database.

Run through ``bench/run-provisioning``, which starts a throwaway PostgreSQL;
or directly with DATABASE_URL pointing at an empty PostgreSQL database.
The registry is the 24 real bodies of agency_sites/data/agencies.yaml plus
synthetic district administrations up to N.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

import yaml  # noqa: E402

from bench.machine import cpu_seconds  # noqa: E402

REGIONS = ["sughd", "khatlon", "gbao", "drs"]


def registry(count: int) -> dict:
    data = yaml.safe_load(
        (REPO_ROOT / "agency_sites/data/agencies.yaml").read_text("utf-8")
    )
    agencies = data["agencies"][:count]
    for number in range(len(agencies) + 1, count + 1):
        agencies.append(
            {
                "slug": f"district-{number:03d}",
                "kind": "local",
                "region": REGIONS[number % len(REGIONS)],
                "names": {
                    "tg": f"Мақомоти иҷроияи ҳокимияти ноҳияи № {number}",
                    "ru": f"Исполнительный орган власти района № {number}",
                    "en": f"Executive Body of State Power of District No. {number}",
                },
            }
        )
    return {"agencies": agencies}


def timed_run(path: Path) -> tuple[float, str, str]:
    """Wall-clock seconds, the command's summary, and the CPU time it took
    (on a busy machine the wall-clock time grows with the load; CPU time
    much less)."""
    out = StringIO()
    cpu_before = cpu_seconds()
    started = time.monotonic()
    call_command(
        "provision_agencies", str(path), language="en", stdout=out, verbosity=0
    )
    wall = time.monotonic() - started
    cpu_after = cpu_seconds()
    python = cpu_after[0] - cpu_before[0]
    cpu = f"cpu: {python:.1f} s python"
    same_backend = cpu_before[2] == cpu_after[2]
    if cpu_before[1] is not None and cpu_after[1] is not None and same_backend:
        cpu += f", {cpu_after[1] - cpu_before[1]:.1f} s postgresql"
    return wall, out.getvalue().strip().splitlines()[-1], cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=130)
    args = parser.parse_args(argv)

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "agencies.yaml"
        path.write_text(
            yaml.safe_dump(registry(args.agencies), allow_unicode=True), "utf-8"
        )
        first, first_summary, first_cpu = timed_run(path)
        second, second_summary, second_cpu = timed_run(path)

    cores, python = os.cpu_count(), platform.python_version()
    print(f"machine: {platform.machine()}, {cores} cores, Python {python}")
    print(f"agencies: {args.agencies}")
    per_agency = first / args.agencies
    print(f"first run (create):   {first:6.1f} s  ({per_agency:.2f} s per agency)")
    print(f"  {first_summary}")
    print(f"  {first_cpu}")
    print(f"second run (no-op):   {second:6.1f} s")
    print(f"  {second_summary}")
    print(f"  {second_cpu}")


if __name__ == "__main__":
    main()
