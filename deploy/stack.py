"""The production stack on loopback: Varnish in front of two gunicorn
application servers (``assembly.wsgi``, ``settings.production``), the
background worker when the project has one, PostgreSQL, Redis and
``moto_server`` as the S3 endpoint, every one on a free port in one
temporary folder, stopped and removed on exit.

Run through ``bin/stack`` (which installs the Debian packages it needs):
``bin/stack up`` starts it and waits; ``bench/drills.py`` uses
:class:`Stack` to inject faults. See docs/production.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VCL_TEMPLATE = ROOT / "deploy" / "varnish" / "default.vcl"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
BUCKET = "hukumat-media"
#: Agencies of the shipped registry provisioned on the stack.
AGENCIES = ("mvd", "adliya", "minfin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parts)
    if not found:
        sys.exit("PostgreSQL is not installed (bin/stack installs it).")
    return found[-1]


def wait_for(predicate, timeout: float, what: str) -> float:
    """Poll ``predicate`` every 50 ms; the seconds it took."""
    started = time.monotonic()
    while True:
        with contextlib.suppress(Exception):
            if predicate():
                return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(0.05)


def http_status(url: str, host: str | None = None, timeout: float = 2.0) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class Stack:
    """Every process of the stack, started in order and stopped in reverse."""

    def __init__(self, *, app_workers: int = 2) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="hukumat-stack-"))
        # PostgreSQL (as postgres) and Varnish (as its own user) read in here.
        self.dir.chmod(0o755)
        # Collected static files can be kept between runs (collectstatic
        # compresses every file: minutes on a busy machine).
        self.static_root = Path(
            os.environ.get("STACK_STATIC_ROOT") or self.dir / "static"
        )
        self.app_workers = app_workers
        self.ports = {
            name: free_port()
            for name in ("postgres", "redis", "s3", "app1", "app2", "varnish")
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.hostname = f"{AGENCIES[0]}.localhost"
        self.varnish_url = f"http://127.0.0.1:{self.ports['varnish']}"

    # --- environment --------------------------------------------------------
    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/hukumat"

    def env(self, settings_module: str = "settings.production") -> dict[str, str]:
        """What every Django process of the stack is given."""
        secret = self.dir / "secret_key"
        if not secret.exists():
            secret.write_text(secrets.token_urlsafe(50))
        return {
            **{
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("AWS_", "DJANGO_"))
                and key not in {"DATABASE_URL", "REDIS_URL"}
            },
            "DJANGO_SETTINGS_MODULE": settings_module,
            "SECRET_KEY": secret.read_text(),
            "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": "stack",
            "AWS_SECRET_ACCESS_KEY": "stack",
            "PORTAL_DOMAIN": "localhost",
            "PORTAL_SITE_PORT": str(self.ports["varnish"]),
            "WAGTAILADMIN_BASE_URL": self.varnish_url,
            "STATIC_ROOT": str(self.static_root),
            # Loopback has no TLS: a deployment terminates it in front of
            # Varnish and keeps these at their defaults (docs/production.md).
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            # Varnish is the one proxy in front: the client's address is
            # the last X-Forwarded-For entry.
            "TRUSTED_PROXY_HOPS": "1",
            "EDGE_CACHE_SECONDS": "300",
            "EDGE_CACHE_BAN_URLS": self.varnish_url,
            # The worker drill's webhook receiver listens on loopback; a
            # delivery whose worker was killed is sent again after the claim
            # (10 s), found by the sweep (every 2 s).
            "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "true",
            "WEBHOOK_TIMEOUT_SECONDS": "5",
            "WEBHOOK_CLAIM_SECONDS": "10",
            "WEBHOOK_SWEEP_SECONDS": "2",
            "PYTHONPATH": str(ROOT),
        }

    def log(self, name: str) -> Path:
        return self.dir / f"{name}.log"

    def spawn(self, name: str, args: list[str], env: dict[str, str] | None = None):
        with self.log(name).open("ab") as log:
            self.processes[name] = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env or self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self.processes[name]

    def manage(self, *args: str, settings_module: str = "settings.production") -> None:
        env = self.env(settings_module)
        # Set-up runs before Varnish is up: nothing to ban yet.
        env.pop("EDGE_CACHE_BAN_URLS")
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=self.log("setup").open("ab"),
            stderr=subprocess.STDOUT,
        )

    # --- PostgreSQL ---------------------------------------------------------
    def start_postgres(self, *, init: bool = False) -> None:
        data = self.dir / "pg"
        if init:
            data.mkdir()
            if self.as_postgres:
                shutil.chown(data, "postgres")
            subprocess.run(
                [
                    *self.as_postgres,
                    str(pg_bin() / "initdb"),
                    "-D",
                    str(data / "data"),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        subprocess.run(
            [
                *self.as_postgres,
                str(pg_bin() / "pg_ctl"),
                "-D",
                str(data / "data"),
                "-l",
                str(data / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {self.ports['postgres']} -k {data} -c listen_addresses=127.0.0.1",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if init:
            subprocess.run(
                [
                    str(pg_bin() / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.ports["postgres"]),
                    "-U",
                    "postgres",
                    "hukumat",
                ],
                check=True,
            )

    def stop_postgres(self, mode: str = "fast") -> None:
        subprocess.run(
            [
                *self.as_postgres,
                str(pg_bin() / "pg_ctl"),
                "-D",
                str(self.dir / "pg" / "data"),
                "-m",
                mode,
                "-w",
                "stop",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    # --- Redis and S3 -------------------------------------------------------
    def start_redis(self) -> None:
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
        )
        wait_for(
            lambda: (
                socket.create_connection(
                    ("127.0.0.1", self.ports["redis"]), timeout=0.5
                ).close()
                is None
            ),
            10,
            "redis",
        )

    def start_s3(self) -> None:
        self.spawn(
            "s3",
            [
                str(Path(sys.executable).parent / "moto_server"),
                "-H",
                "127.0.0.1",
                "-p",
                str(self.ports["s3"]),
            ],
        )
        wait_for(
            lambda: (
                http_status(f"http://127.0.0.1:{self.ports['s3']}/moto-api/data.json")
                < 500
            ),
            30,
            "moto_server",
        )

    # --- application servers, worker, Varnish -------------------------------
    def start_app(self, name: str) -> None:
        self.spawn(
            name,
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "assembly.wsgi",
                "--config",
                str(GUNICORN_CONFIG),
                "--bind",
                f"127.0.0.1:{self.ports[name]}",
                "--workers",
                str(self.app_workers),
            ],
        )

    def app_ready(self, name: str) -> bool:
        return http_status(f"http://127.0.0.1:{self.ports[name]}/readyz") == 200

    def has_worker(self) -> bool:
        result = subprocess.run(
            [sys.executable, "manage.py", "help", "db_worker"],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def start_worker(self) -> bool:
        if not self.has_worker():
            return False
        self.spawn("worker", [sys.executable, "manage.py", "db_worker"])
        return True

    def start_varnish(self) -> None:
        vcl = VCL_TEMPLATE.read_text()
        for key, value in {
            "@@APP1_PORT@@": str(self.ports["app1"]),
            "@@APP2_PORT@@": str(self.ports["app2"]),
            "@@PROBE_HOST@@": "localhost",
        }.items():
            vcl = vcl.replace(key, value)
        (self.dir / "default.vcl").write_text(vcl)
        workdir = self.dir / "varnish"
        workdir.mkdir(exist_ok=True)
        self.spawn(
            "varnish",
            [
                "varnishd",
                "-F",
                "-n",
                str(workdir),
                "-a",
                f"127.0.0.1:{self.ports['varnish']}",
                "-T",
                "127.0.0.1:0",
                "-f",
                str(self.dir / "default.vcl"),
                "-s",
                "malloc,256m",
                "-p",
                "default_ttl=0",
            ],
        )
        wait_for(
            lambda: http_status(f"{self.varnish_url}/healthz") == 200, 30, "varnish"
        )

    # --- the whole ----------------------------------------------------------
    def setup_content(self) -> None:
        """Migrations, the bucket, three agencies with demo content, static
        files: what a release and its first deployment do."""
        self.manage("migrate", "--noinput")
        if not (self.static_root / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput")
        import boto3

        env = self.env()
        boto3.client(
            "s3",
            endpoint_url=env["AWS_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="stack",
            aws_secret_access_key="stack",
        ).create_bucket(Bucket=BUCKET)
        registry = yaml.safe_load(
            (ROOT / "agency_sites" / "data" / "agencies.yaml").read_text()
        )
        registry["portal_domain"] = "localhost"
        registry["agencies"] = [
            agency for agency in registry["agencies"] if agency["slug"] in AGENCIES
        ]
        for agency in registry["agencies"]:
            agency.pop("hostname", None)
        path = self.dir / "agencies.yaml"
        path.write_text(yaml.safe_dump(registry, allow_unicode=True))
        # Demo content is only ever created by the demo's settings.
        self.manage("provision_agencies", str(path), settings_module="settings.dev")
        self.manage("load_demo_content", settings_module="settings.dev")

    def start(self) -> None:
        print(f"stack folder: {self.dir}", flush=True)
        self.start_postgres(init=True)
        self.start_redis()
        self.start_s3()
        self.setup_content()
        self.start_app("app1")
        self.start_app("app2")
        worker = self.start_worker()
        for name in ("app1", "app2"):
            wait_for(lambda name=name: self.app_ready(name), 60, name)
        self.start_varnish()
        wait_for(
            lambda: http_status(f"{self.varnish_url}/tg/", self.hostname) == 200,
            30,
            "a page through varnish",
        )
        print(
            json.dumps(
                {
                    "varnish": self.varnish_url,
                    "site": f"http://{self.hostname}:{self.ports['varnish']}/tg/",
                    "ports": self.ports,
                    "worker": "running"
                    if worker
                    else "none (no db_worker command yet)",
                    "logs": str(self.dir),
                },
                indent=2,
            ),
            flush=True,
        )

    def kill(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for name in ("varnish", "worker", "app1", "app2", "s3", "redis"):
            if name in self.processes and self.processes[name].poll() is None:
                # A stopped (SIGSTOP) process must be woken to die.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.processes[name].pid, signal.SIGCONT)
            self.kill(name)
        self.stop_postgres("immediate")
        if os.environ.get("STACK_KEEP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)


def stop_on_sigterm() -> None:
    """SIGTERM (a timeout, a supervisor) stops the stack like Ctrl-C."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main() -> None:
    stop_on_sigterm()
    stack = Stack()
    try:
        stack.start()
        print("Stack up. Ctrl-C stops it.", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
