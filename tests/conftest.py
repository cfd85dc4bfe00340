"""Shared fixtures. The database is a real PostgreSQL server and S3 a real
moto_server endpoint, both started by bin/test; the tests marked ``sqlite``
run a second time against SQLite (DATABASE_URL=sqlite://)."""

import atexit
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import boto3
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REGISTRY = REPO_ROOT / "agency_sites" / "data" / "agencies.yaml"


def pytest_configure(config: pytest.Config) -> None:
    # Files stored on local disk (runs without S3) go to a folder removed at exit.
    from django.conf import settings

    media_root = tempfile.mkdtemp(prefix="hukumat-test-media-")
    atexit.register(shutil.rmtree, media_root, ignore_errors=True)
    settings.MEDIA_ROOT = media_root


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests of a property only PostgreSQL has are skipped on SQLite, with
    the reason their ``postgresql_only`` marker gives."""
    from django.conf import settings

    marker = item.get_closest_marker("postgresql_only")
    if marker is None or "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        return
    reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
    if not reason:
        raise pytest.UsageError(f"{item.nodeid}: postgresql_only needs a reason")
    pytest.skip(f"PostgreSQL only: {reason}")


# --- pytest-xdist: test classes and modules in order, one piece at a time ---
# pytest-django orders the collection so that tests in a transaction come
# before tests that empty the database after them (TransactionTestCase and
# transaction=True), which would leave the next test without the rows the
# migrations wrote (the locales, the root page). xdist's --dist loadscope
# hands a worker whole modules in the order of their first test, so a module
# with both kinds ran its emptying tests first. Here a module is cut where
# the collection leaves it and comes back, and the pieces are handed out in
# the collection's order, so each worker runs them in that order.


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadscope":
        return None
    # xdist would otherwise hand out the largest pieces first, whatever
    # their order.
    config.option.loadscopereorder = False
    from xdist.scheduler import LoadScopeScheduling

    class ContiguousScopes(LoadScopeScheduling):
        _pieces: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self._pieces is None and self.collection is not None:
                self._pieces = self._cut(self.collection)
            piece = (self._pieces or {}).get(nodeid)
            return piece or super()._split_scope(nodeid)

        def _cut(self, collection: list[str]) -> dict[str, str]:
            pieces: dict[str, str] = {}
            seen: dict[str, int] = {}
            previous = None
            for nodeid in collection:
                scope = super()._split_scope(nodeid)
                if scope != previous:
                    seen[scope] = seen.get(scope, -1) + 1
                    previous = scope
                piece = seen[scope]
                pieces[nodeid] = f"{scope}::piece{piece}" if piece else scope
            return pieces

    return ContiguousScopes(config, log)  # type: ignore[arg-type]


# --- The Tajik coverage of each catalogue, printed at the end of a run ------
# (tests/i18n/test_coverage.py counts it; with pytest-xdist each worker
# sends its counts to the controller, which prints them.)


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.i18n.catalogues import COVERAGE_COUNTS

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["tajik_coverage"] = dict(COVERAGE_COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    from tests.i18n.catalogues import COVERAGE_COUNTS

    counts = getattr(node, "workeroutput", {}).get("tajik_coverage", {})
    COVERAGE_COUNTS.update({label: tuple(pair) for label, pair in counts.items()})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.i18n.catalogues import COVERAGE_COUNTS

    if not COVERAGE_COUNTS:
        return
    terminalreporter.section("Tajik catalogue coverage")
    width = max(len(label) for label in COVERAGE_COUNTS)
    translated_sum = total_sum = 0
    for label, (translated, total) in sorted(COVERAGE_COUNTS.items()):
        translated_sum += translated
        total_sum += total
        share = translated / total if total else 1.0
        terminalreporter.write_line(
            f"{label:<{width}}  {translated:>5} / {total:<5} {share:7.1%}"
        )
    share = translated_sum / total_sum if total_sum else 1.0
    terminalreporter.write_line(
        f"{'all':<{width}}  {translated_sum:>5} / {total_sum:<5} {share:7.1%}"
    )


@pytest.fixture(scope="session", autouse=True)
def media_bucket() -> None:
    """The bucket named by bin/test's S3 variables, where every test that
    stores a file without choosing its own bucket (tests/cms/media do) puts it."""
    from cms.media.storage import public_read_policy

    name = os.environ.get("AWS_STORAGE_BUCKET_NAME")
    if not name:
        return
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL"),
        region_name=os.environ.get("AWS_S3_REGION_NAME"),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
    )
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(Bucket=name)
    # As in production: public media readable by anyone, private/ only signed.
    client.put_bucket_policy(
        Bucket=name, Policy=json.dumps(public_read_policy(bucket_name=name))
    )


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Every test starts with an empty cache: cached pages, site frames and
    generations of one test's sites must not leak into the next; nor the API
    items a process keeps in its own memory."""
    from django.core.cache import cache

    from cms.api import item_cache

    cache.clear()
    item_cache.memory.clear()


@pytest.fixture
def shipped_registry() -> Path:
    return SHIPPED_REGISTRY
