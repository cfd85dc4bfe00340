"""Media storage is chosen by the environment alone, as a deployment would."""

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

S3_VARIABLES = {
    "AWS_STORAGE_BUCKET_NAME": "hukumat-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.tj",
    "AWS_S3_REGION_NAME": "tj-dushanbe-1",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_S3_CUSTOM_DOMAIN": "media.hukumat.tj",
}
PRINT_STORAGE = (
    "from django.core.files.storage import storages; "
    "from cms.media.storage import is_object_storage; "
    "s = storages['default']; "
    "print(type(s).__name__, is_object_storage(s)); "
    "print(s.url('original_images/Акс.jpg') if is_object_storage(s) else ''); "
    "c = s.client_config if is_object_storage(s) else None; "
    "print(c.connect_timeout, c.read_timeout, c.retries) if c else print()"
)


def run_shell(env: dict[str, str]) -> list[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            PRINT_STORAGE,
            "--settings=settings.dev",
        ],
        cwd=REPO_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_without_s3_variables_media_stay_on_local_disk(tmp_path):
    lines = run_shell({"VAR_DIR": str(tmp_path)})
    assert lines[0] == "FileSystemStorage False"


def test_s3_variables_switch_media_to_object_storage(tmp_path):
    lines = run_shell({"VAR_DIR": str(tmp_path), **S3_VARIABLES})
    assert lines[0] == "MediaStorage True"
    # Public URLs come from the CDN domain, computed without any request.
    assert lines[1] == "https://media.hukumat.tj/original_images/%D0%90%D0%BA%D1%81.jpg"
    assert lines[2] == "3.0 10.0 {'max_attempts': 2, 'mode': 'standard'}"
