"""An editor saving drafts during a fault drill (bench/drills.py), or the
check of what was saved afterwards. Runs with the stack's production settings.

    python bench/drill_writer.py write SLUG SECONDS   one JSON line a save
    python bench/drill_writer.py verify FILE          lost / half-applied
    python bench/drill_writer.py upload               one document upload, when
                                                      a line arrives on stdin
    python bench/drill_writer.py subscribe URL SLUG   a webhook endpoint for
                                                      the agency's events
    python bench/drill_writer.py publish SLUG SECONDS publish one of its pages
                                                      every 0.1 s
    python bench/drill_writer.py events SLUG AFTER    ids of its events after
                                                      the id AFTER
    python bench/drill_writer.py seed-media SLUG N    N documents of the agency

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


def seed_media(slug: str, count: int) -> None:
    """Store ``count`` documents in the agency's collection (media the
    backup must carry); prints their addresses."""
    agency = Agency.objects.get(slug=slug)
    model = get_document_model()
    urls = []
    for number in range(count):
        document = model(
            title=f"drill backup {number}", collection_id=agency.document_collection_id
        )
        document.file.save(
            f"drill-backup-{number}.txt",
            ContentFile(f"backup drill document {number}\n".encode() * 50),
            save=False,
        )
        document.save()
        urls.append(document.url)
    print(json.dumps({"documents": urls}))


def subscribe(url: str, slug: str) -> None:
    """An endpoint for every event of one agency; prints the last event id
    before it (the drill counts the events after it)."""
    from publishing_events.models import Event, WebhookEndpoint
    from publishing_events.webhooks import new_secret

    endpoint = WebhookEndpoint.objects.create(
        url=url, secret=new_secret(), agencies=[slug], description="worker drill"
    )
    last = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    print(json.dumps({"endpoint": endpoint.pk, "last_event": last}))


def publish(slug: str, seconds: float) -> None:
    """Publish, every 0.1 s, a new revision of a page of the agency whose
    publishing is announced (the page of its latest page event): each
    publish writes an event in its transaction."""
    from publishing_events.models import Event

    item_id = (
        Event.objects.filter(agency_slug=slug)
        .exclude(item_type="agency")
        .order_by("-id")
        .values_list("item_id", flat=True)
        .first()
    )
    page = Page.objects.get(pk=item_id).specific
    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline:
        number += 1
        page.refresh_from_db()
        page.title = f"{page.title.split(' #')[0]} #{number}"
        page.save_revision(log_action=True).publish()
        print(json.dumps({"published": number}), flush=True)
        time.sleep(0.1)


def events(slug: str, after: int) -> None:
    from publishing_events.models import Event

    ids = list(
        Event.objects.filter(agency_slug=slug, id__gt=after)
        .order_by("id")
        .values_list("id", flat=True)
    )
    print(json.dumps({"events": ids}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write":
        write(sys.argv[2], float(sys.argv[3]))
    elif command == "verify":
        verify(sys.argv[2])
    elif command == "subscribe":
        subscribe(sys.argv[2], sys.argv[3])
    elif command == "publish":
        publish(sys.argv[2], float(sys.argv[3]))
    elif command == "seed-media":
        seed_media(sys.argv[2], int(sys.argv[3]))
    elif command == "events":
        events(sys.argv[2], int(sys.argv[3]))
    else:
        upload()
