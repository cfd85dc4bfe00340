"""Search and reference indexing deferred to the end of a provisioning run.

Every page save normally re-indexes the page (search) and its references;
provisioning saves each page several times (create, revision, publish,
translate), so it turns both off while it works and indexes each touched
object once at the end, inside the same transaction.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from django.db.models import Model
from django.db.models.signals import post_save

from modelcluster.models import get_all_child_relations
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler

logger = logging.getLogger(__name__)


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
    _index(saved)


def _index(saved: dict[tuple[type[Model], object], None]) -> None:
    """Search-index the saved objects, a batch per model (one query to read
    them back, one to write their entries), and update each one's references."""
    by_model: dict[type[Model], list[object]] = {}
    for model, pk in saved:
        by_model.setdefault(model, []).append(pk)
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for model, pks in by_model.items():
        # get_indexed_objects: only what the model's index holds (as
        # insert_or_update_object checks object by object).
        indexed_objects = cast(type[index.Indexed], model).get_indexed_objects()
        # Child objects (a page's comments) read once for the batch: the
        # reference index walks them.
        relations = [
            relation.get_accessor_name() for relation in get_all_child_relations(model)
        ]
        instances = list(
            indexed_objects.filter(pk__in=pks).prefetch_related(*relations)
        )
        indexed: dict[type[Model], list[Model]] = {}
        for instance in instances:
            indexed_instance = instance.get_indexed_instance()
            if indexed_instance is not None:
                indexed.setdefault(type(indexed_instance), []).append(indexed_instance)
        for indexed_model, objects in indexed.items():
            for name, backend in backends:
                try:
                    backend.add_bulk(indexed_model, objects)
                except Exception:
                    # As modelsearch's own signal handler: a backend that is an
                    # external service may fail without failing the run.
                    logger.exception("Could not index %s in '%s'", indexed_model, name)
                    if not backend.catch_indexing_errors:
                        raise
        found = {instance.pk for instance in instances}
        for instance in model._default_manager.filter(
            pk__in=[pk for pk in pks if pk not in found]
        ):
            instances.append(instance)
        for instance in instances:
            ReferenceIndex.create_or_update_for_object(instance)
