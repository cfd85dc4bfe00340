"""Signal receivers: news topics are shared by every site, so a change to
one drops every site's cached pages."""

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from cms.caching import invalidate_all_sites
from news.models import NewsTopic


def topic_changed(sender: type[Model], **kwargs: object) -> None:
    invalidate_all_sites()


def connect() -> None:
    """Connect the receivers (from NewsConfig.ready)."""
    post_save.connect(
        topic_changed, sender=NewsTopic, dispatch_uid="pagecache-topic-save"
    )
    post_delete.connect(
        topic_changed, sender=NewsTopic, dispatch_uid="pagecache-topic-delete"
    )
