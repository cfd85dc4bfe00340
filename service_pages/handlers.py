"""Signal receivers: cached pages of the catalogue are dropped when what
they show changes, including on other agencies' sites.

A service lists the offices where it is applied for, and an office lists the
services it handles; the two may belong to different agencies (a Public
Services Center of the city handles ministries' services). Each side's site
is dropped when the link or the other side changes. Categories are shared
by every site.
"""

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from cms.caching import invalidate_all_sites, invalidate_pages
from service_pages.models import OfficePage, ServiceCategory, ServiceOffice, ServicePage


def category_changed(sender: type[Model], **kwargs: object) -> None:
    invalidate_all_sites()


def service_office_link_changed(
    sender: type[ServiceOffice],
    instance: ServiceOffice,
    raw: bool = False,
    **kwargs: object,
) -> None:
    """A service gained or lost an office (on publish): the office's site
    lists the service, in every language."""
    if not raw:
        invalidate_pages(page_ids=[instance.office_id])


def office_changed(sender: type[Model], instance: OfficePage, **kwargs: object) -> None:
    """Services on any site show the office's name and address."""
    services = ServicePage.objects.filter(
        offices__office__translation_key=instance.translation_key
    ).values_list("pk", flat=True)
    invalidate_pages(page_ids=services)


def connect() -> None:
    """Connect the receivers (from ServicePagesConfig.ready)."""
    for signal in (post_save, post_delete):
        tag = "save" if signal is post_save else "delete"
        signal.connect(
            category_changed,
            sender=ServiceCategory,
            dispatch_uid=f"pagecache-category-{tag}",
        )
        signal.connect(
            service_office_link_changed,
            sender=ServiceOffice,
            dispatch_uid=f"pagecache-service-office-{tag}",
        )
    page_published.connect(
        office_changed, sender=OfficePage, dispatch_uid="pagecache-office-publish"
    )
    page_unpublished.connect(
        office_changed, sender=OfficePage, dispatch_uid="pagecache-office-unpublish"
    )
