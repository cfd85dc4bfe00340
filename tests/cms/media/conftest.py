"""S3 for media tests: a real moto_server over HTTP, one fresh bucket per test.

bin/test starts a shared moto_server and exports its address (the AWS_*
variables); without them (pytest run by hand) the session starts its own.
Tests that stop S3 start a private server with :func:`start_moto_server`.
"""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Collection
from wagtail.rich_text import RichText

import boto3
import pytest
import requests
from botocore.config import Config

from agency_sites.models import Agency
from agency_sites.provisioning import parse_registry, provision_agencies
from cms.media.storage import public_read_policy
from cms.models import CustomDocument, CustomImage, StandardPage
from tests.cms.media.admin_uploads import post_document, post_image
from tests.factories import agency_entry
from tests.factories.media import image_bytes, pdf_bytes

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class MotoServer:
    """A moto_server process on loopback."""

    endpoint: str
    process: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def request_log(self) -> "RequestLog":
        return RequestLog(endpoint=self.endpoint)


def wait_until_answering(endpoint: str, *, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(f"{endpoint}/moto-api/data.json", timeout=1)
            return
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def start_moto_server(directory: Path) -> MotoServer:
    """Start a private moto_server on a free loopback port."""
    port = free_port()
    executable = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(executable), "-H", "127.0.0.1", "-p", str(port)],
        cwd=directory,
        env={**os.environ, "MOTO_RECORDER_FILEPATH": str(directory / "requests.log")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = MotoServer(endpoint=f"http://127.0.0.1:{port}", process=process)
    try:
        wait_until_answering(server.endpoint)
    except requests.ConnectionError:
        server.stop()
        raise
    return server


@dataclass
class RequestLog:
    """moto's own record of the HTTP requests it received.

    One record per server, of every client: read it only on a server that no
    other test process uses (:func:`start_moto_server`)."""

    endpoint: str

    def _call(self, action: str) -> bytes:
        response = requests.request(
            "GET" if action == "download-recording" else "POST",
            f"{self.endpoint}/moto-api/recorder/{action}",
            timeout=10,
        )
        response.raise_for_status()
        return response.content

    def start(self) -> None:
        self._call("reset-recording")
        self._call("start-recording")

    def stop(self) -> list[dict]:
        self._call("stop-recording")
        lines = self._call("download-recording").decode().splitlines()
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL")
    if endpoint and "127.0.0.1" in endpoint:
        yield MotoServer(endpoint=endpoint.rstrip("/"))
        return
    server = start_moto_server(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()


@dataclass
class Bucket:
    """A test's bucket, seen from outside the application."""

    name: str
    endpoint: str
    client: object

    def list_keys(self, prefix: str = "") -> list[str]:
        response = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(entry["Key"] for entry in response.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def anonymous_get(self, url: str) -> tuple[int, bytes]:
        """GET a URL as a browser would: no credentials."""
        response = requests.get(url, timeout=10)
        return response.status_code, response.content


def s3_client(endpoint: str) -> object:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        **CREDENTIALS,
    )


def use_bucket(settings: object, *, endpoint: str, name: str) -> None:
    """Point the media storage at a bucket, as the S3 variables would."""
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "cms.media.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": endpoint,
                "region_name": REGION,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
            },
        },
    }


def create_bucket(endpoint: str) -> Bucket:
    client = s3_client(endpoint)
    name = f"media-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(
        Bucket=name, Policy=json.dumps(public_read_policy(bucket_name=name))
    )
    return Bucket(name=name, endpoint=endpoint, client=client)


def drop_bucket(bucket: Bucket) -> None:
    for key in bucket.list_keys():
        bucket.client.delete_object(Bucket=bucket.name, Key=key)
    bucket.client.delete_bucket(Bucket=bucket.name)


@pytest.fixture
def bucket(settings: object, moto_server: MotoServer) -> Iterator[Bucket]:
    """A fresh bucket with the platform's bucket policy, used as media storage."""
    created = create_bucket(moto_server.endpoint)
    use_bucket(settings, endpoint=moto_server.endpoint, name=created.name)
    yield created
    drop_bucket(created)


@pytest.fixture
def local_media(settings: object, tmp_path: Path) -> Path:
    """Media on local disk (the embedded default), in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def root_collection(db: None) -> Collection:
    return Collection.get_first_root_node()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what is scheduled for after commit (renditions, document moves) at
    the end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


TEMPLATES_DIR = Path(__file__).parent / "templates"


@pytest.fixture
def image(admin_client, bucket, root_collection, run_on_commit) -> CustomImage:
    with run_on_commit():
        response = post_image(
            admin_client,
            "Қасри Миллат.jpg",
            image_bytes("JPEG", size=(1600, 1000)),
            collection=root_collection,
            title="Қасри Миллат",
        )
    assert response.status_code == 302, response.context["form"].errors
    return CustomImage.objects.get()


@pytest.fixture
def document(admin_client, bucket, root_collection, run_on_commit) -> CustomDocument:
    with run_on_commit():
        response = post_document(
            admin_client,
            "Қарори Ҳукумат №5.pdf",
            pdf_bytes(),
            collection=root_collection,
            title="Қарори Ҳукумат",
        )
    assert response.status_code == 302, response.context["form"].errors
    return CustomDocument.objects.get()


@pytest.fixture
def standard_page(settings, document) -> StandardPage:
    """A live page of an agency site linking the document, rendered with a
    template that also shows every image through the stored-rendition tags."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [TEMPLATES_DIR],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "tests.cms.media.page_images.page_images",
                ],
            },
        }
    ]
    provision_agencies(specs=parse_registry({"agencies": [agency_entry("mvd")]}))
    home = Agency.objects.get(slug="mvd").site.root_page
    page = home.add_child(
        instance=StandardPage(
            title="Санадҳо",
            slug="sanadho",
            body=[
                (
                    "paragraph",
                    RichText(
                        f'<p><a linktype="document" id="{document.pk}">Қарор</a></p>'
                    ),
                )
            ],
        )
    )
    page.save_revision().publish()
    return page
