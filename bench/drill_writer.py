"""An editor saving drafts during a fault drill (bench/drills.py), or the
check of what was saved afterwards. Runs with the stack's production settings.

    python bench/drill_writer.py write SLUG SECONDS   one JSON line a save
    python bench/drill_writer.py verify FILE          lost / half-applied
    python bench/drill_writer.py upload               one document upload, when
                                                      a line arrives on stdin

A save is what the admin's edit view does: a new revision of the agency's
home page, its log entry and the page's draft state, in one transaction.
"""

import json
import sys
import time

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import transaction  # noqa: E402

from wagtail.documents import get_document_model  # noqa: E402
from wagtail.models import Page, PageLogEntry, Revision  # noqa: E402

from agency_sites.models import Agency  # noqa: E402

MARKER = "drill-save"


def write(slug: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    page_id = None
    while page_id is None and time.monotonic() < deadline:
        try:
            page_id = Agency.objects.get(slug=slug).site.root_page_id
        except Exception:
            # Started while the database is down: wait for it.
            from django.db import connection

            connection.close()
            time.sleep(0.2)
    number = 0
    while time.monotonic() < deadline:
        number += 1
        try:
            with transaction.atomic():
                page = Page.objects.get(pk=page_id).specific
                page.draft_title = f"{MARKER} {number}"
                revision = page.save_revision(log_action=True)
            print(json.dumps({"ok": revision.pk}), flush=True)
        except Exception as error:
            print(json.dumps({"error": type(error).__name__}), flush=True)
            from django.db import connection

            connection.close()
            time.sleep(0.2)
        time.sleep(0.1)


def verify(path: str) -> None:
    acknowledged = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            if "ok" in entry:
                acknowledged.append(entry["ok"])
    present = set(
        Revision.objects.filter(pk__in=acknowledged).values_list("pk", flat=True)
    )
    logged = set(
        PageLogEntry.objects.filter(revision_id__in=acknowledged).values_list(
            "revision_id", flat=True
        )
    )
    print(
        json.dumps(
            {
                "acknowledged": len(acknowledged),
                "lost": len(set(acknowledged) - present),
                "half_applied": len(present - logged),
            }
        )
    )


def upload() -> None:
    # Set up before the fault; the drill says when to upload (a line).
    sys.stdin.readline()
    started = time.monotonic()
    model = get_document_model()
    before = model.objects.count()
    try:
        document = model(title="drill upload")
        document.file.save("drill-upload.txt", ContentFile(b"drill\n"), save=False)
        document.save()
        outcome = "stored"
    except Exception as error:
        outcome = f"failed: {type(error).__name__}"
    print(
        json.dumps(
            {
                "upload": outcome,
                "seconds": round(time.monotonic() - started, 1),
                "new_rows": model.objects.count() - before,
            }
        )
    )


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write":
        write(sys.argv[2], float(sys.argv[3]))
    elif command == "verify":
        verify(sys.argv[2])
    else:
        upload()
