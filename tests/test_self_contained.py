"""The project needs nothing outside its repository: no tracked file points
at the development workspace's shared folder, and nothing reads it."""

import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO_ROOT

# Spelt in two parts so that this file does not match itself.
OUTSIDE_FOLDER = ".." + "/shared"


def tracked_files() -> list[Path]:
    git = shutil.which("git")
    assert git, "git is needed to list the tracked files"
    listing = subprocess.run(
        [git, "ls-files", "-z"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
        timeout=60,
    )
    names = [name for name in listing.stdout.decode().split("\0") if name]
    return [REPO_ROOT / name for name in names if (REPO_ROOT / name).is_file()]


def test_no_tracked_file_refers_to_the_shared_folder():
    files = tracked_files()
    assert any(path.name == "README.md" for path in files)
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in files
        if OUTSIDE_FOLDER.encode() in path.read_bytes()
    ]
    assert offenders == []


def test_the_architecture_is_in_the_repository():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/architecture.md)" in readme
    assert (REPO_ROOT / "docs" / "architecture.md").is_file()
