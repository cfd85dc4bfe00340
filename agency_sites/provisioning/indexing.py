"""Search and reference indexing deferred to the end of a provisioning run.

Every page save normally re-indexes the page (search) and its references;
provisioning saves each page several times (create, revision, publish,
translate), so it turns both off while it works and indexes each touched
object once at the end, inside the same transaction.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Model
from django.db.models.signals import post_save

from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler


@contextmanager
def deferred_indexing() -> Iterator[None]:
    """Index the objects saved inside the block once, when it ends."""
    saved: dict[tuple[type[Model], object], None] = {}
    indexed_models = [
        model
        for model in index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]

    def remember(sender: type[Model], instance: Model, **kwargs: object) -> None:
        if not kwargs.get("raw", False):
            saved[(type(instance), instance.pk)] = None

    for model in indexed_models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(remember, sender=model, weak=False)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in indexed_models:
            post_save.disconnect(remember, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    for model, pk in saved:
        instance = model._default_manager.filter(pk=pk).first()
        if instance is None:
            continue
        index.insert_or_update_object(instance)
        ReferenceIndex.create_or_update_for_object(instance)
