"""The backup and restore drill (bench/drills.py backup-restore).

Under the drills' load (8 client threads through Varnish, an editor saving
a draft every 0.1 s), a backup is taken as a deployment would take it: first
``pg_dump`` (one consistent snapshot of the database), then a copy of every
object of the media bucket (after the dump, so that every object a dumped
row names is already stored; objects newer than the dump are at worst
orphans, which ``media_check`` does not count within its grace period).

Both are restored into a fresh database and a fresh bucket, a third
application server is started on them (its own Redis database, so that no
cached page is shared), and the drill compares the bodies of a sample of
pages and API answers from an original server and the restored one (media
URLs name the bucket: the restored bucket's name is read as the original's),
then runs ``media_check`` on the restored stack. Prints: requests and errors
under load while the backup ran, the dump's size and seconds, objects
copied, URLs compared / identical / different, and media_check's result.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import boto3

# Its sibling modules, whether it runs as a script (bin/stack) or is
# imported as bench.drill_backup (the bench smoke test).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from drills import (
    AFTER,
    BEFORE,
    ROOT,
    WRITER_AGENCY,
    Load,
    drill_python,
    table,
    writer,
)
from stack import BUCKET, Stack, free_port, http_status, pg_bin, wait_for

RESTORED_BUCKET = f"{BUCKET}-restored"
RESTORED_DATABASE = "hukumat_restored"
SAMPLE = (
    "/tg/",
    "/ru/",
    "/en/",
    "/tg/services/",
    "/ru/services/",
    "/tg/news/",
    "/en/news/",
    "/tg/about/",
    "/tg/contacts/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v1/agencies/",
    "/api/v1/services/",
    "/api/v1/services/?locale=ru",
    "/api/v1/news/",
    "/api/v1/offices/",
    "/api/v1/competitions/",
    "/api/v1/search/?q=%D0%B4%D0%B0%D1%80%D1%85%D0%BE%D1%81%D1%82",
)


def s3(stack: Stack):
    env = stack.env()
    return boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="stack",
        aws_secret_access_key="stack",
    )


def copy_bucket(stack: Stack) -> int:
    client = s3(stack)
    client.create_bucket(Bucket=RESTORED_BUCKET)
    copied = 0
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.copy_object(
                Bucket=RESTORED_BUCKET,
                Key=item["Key"],
                CopySource={"Bucket": BUCKET, "Key": item["Key"]},
            )
            copied += 1
    return copied


def same_objects(stack: Stack) -> str:
    """How many objects of the original bucket the restored one holds with
    the same bytes, of how many."""
    client = s3(stack)
    keys = [
        item["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        for item in page.get("Contents", [])
    ]
    same = 0
    for key in keys:
        original = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        try:
            restored = client.get_object(Bucket=RESTORED_BUCKET, Key=key)["Body"].read()
        except client.exceptions.NoSuchKey:
            continue
        same += original == restored
    return f"{same} of {len(keys)}"


def postgres(stack: Stack, tool: str, *args: str) -> None:
    subprocess.run(
        [
            str(pg_bin() / tool),
            "-h",
            "127.0.0.1",
            "-p",
            str(stack.ports["postgres"]),
            "-U",
            "postgres",
            *args,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def restored_env(stack: Stack) -> dict[str, str]:
    env = stack.env()
    env["DATABASE_URL"] = stack.database_url.rsplit("/", 1)[0] + f"/{RESTORED_DATABASE}"
    env["AWS_STORAGE_BUCKET_NAME"] = RESTORED_BUCKET
    env["REDIS_URL"] = f"redis://127.0.0.1:{stack.ports['redis']}/1"
    env.pop("EDGE_CACHE_BAN_URLS")
    return env


def body(port: int, path: str, host: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": host}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def run(stack: Stack) -> dict:
    documents = drill_python(stack, "seed-media", WRITER_AGENCY, "5")["documents"]
    load = Load(stack)
    editor = writer(stack, BEFORE + 60 + AFTER, stack.dir / "writes-backup.jsonl")
    load.start()
    time.sleep(BEFORE)
    backup_start = time.monotonic()
    dump = stack.dir / "backup.dump"
    postgres(stack, "pg_dump", "-Fc", "-f", str(dump), "hukumat")
    dumped = time.monotonic()
    copied = copy_bucket(stack)
    backup_end = time.monotonic()
    time.sleep(AFTER)
    load.stop()
    editor.terminate()
    editor.wait(timeout=30)
    under_load = table(load.results, backup_start, backup_end)

    restore_start = time.monotonic()
    postgres(stack, "createdb", RESTORED_DATABASE)
    postgres(stack, "pg_restore", "--no-owner", "-d", RESTORED_DATABASE, str(dump))
    restored_in = time.monotonic() - restore_start
    env = restored_env(stack)
    stack.ports["restored"] = free_port()
    stack.spawn(
        "restored",
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "assembly.wsgi",
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{stack.ports['restored']}",
            "--workers",
            "2",
        ],
        env=env,
    )
    wait_for(
        lambda: (
            http_status(f"http://127.0.0.1:{stack.ports['restored']}/readyz") == 200
        ),
        60,
        "the restored server",
    )
    host = f"{stack.hostname}:{stack.ports['varnish']}"
    identical, different = [], []
    statuses: Counter[int] = Counter()
    for path in SAMPLE:
        original = body(stack.ports["app2"], path, host)
        restored = body(stack.ports["restored"], path, host)
        restored = (
            restored[0],
            restored[1].replace(RESTORED_BUCKET.encode(), BUCKET.encode()),
        )
        statuses[original[0]] += 1
        (identical if original == restored else different).append(
            f"{path} {original[0]}/{restored[0]}"
        )
    check = subprocess.run(
        [sys.executable, "manage.py", "media_check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    stack.kill("restored")
    rows = under_load.values()
    summary = {
        "drill": "backup-restore",
        "requests while the backup ran": sum(row["requests"] for row in rows),
        "2xx": sum(row["2xx"] for row in rows),
        "5xx": sum(row["503"] + row["5xx other"] for row in rows),
        "no answer": sum(row["no answer"] for row in rows),
        "dump seconds": round(dumped - backup_start, 2),
        "dump bytes": dump.stat().st_size,
        "objects copied": copied,
        "documents stored before the backup": len(documents),
        "objects identical in the restored bucket": same_objects(stack),
        "bucket copy seconds": round(backup_end - dumped, 2),
        "restore seconds": round(restored_in, 2),
        "urls compared": len(SAMPLE),
        "their statuses (original)": dict(statuses),
        "identical": len(identical),
        "different": different,
        "media_check exit": check.returncode,
        "media_check": (check.stdout.strip().splitlines() or [""])[-1],
        "writer agency": WRITER_AGENCY,
    }
    print("\n=== drill: backup-restore (pg_dump + bucket copy under load) ===")
    print(json.dumps(summary, ensure_ascii=False, indent=2), flush=True)
    return summary
