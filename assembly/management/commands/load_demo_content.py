"""``manage.py load_demo_content``: the local demo's services, offices, news
and competitions, in three languages, on the provisioned agencies."""

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.contracts.demo import declared_demo_content
from cms.management.base import LocalizedCommand


class Command(LocalizedCommand):
    help = (
        "Add demo content (services, offices, news, competitions) to the agencies "
        "provisioned from agency_sites/data/agencies.yaml. Runs only in the local "
        "demo (settings.dev, settings.demo); safe to run again: it only adds what "
        "is missing."
    )

    def handle(self, *args: object, **options: Any) -> None:
        if not settings.LOCAL_DEMO:
            raise CommandError(
                _(
                    "load_demo_content only runs in the local demo (settings.dev): "
                    "it would add invented content to real sites."
                )
            )
        if int(options["verbosity"]) < 2:
            # Wagtail logs every publish at INFO: hundreds of lines per run.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
        batches = declared_demo_content()
        created = 0
        with transaction.atomic():
            for position, batch in enumerate(batches, start=1):
                count = batch.load()
                created += count
                self.stdout.write(
                    _("  [%(position)s/%(total)s] %(name)s: %(count)s created")
                    % {
                        "position": position,
                        "total": len(batches),
                        "name": batch.name,
                        "count": count,
                    }
                )
        if created:
            message = _("Done: %(count)s demo items created.") % {"count": created}
        else:
            message = _("Nothing to add: the demo content is already there.")
        self.stdout.write(self.style.SUCCESS(message))
