"""The free-text filter ``q``: pages where a title or a text field contains
the words asked for, whatever their case."""

from collections.abc import Sequence

from django.db.models import Model, Q

from cms.text_search import contains_text

#: A text field to search: the model (a page type, or Page for the title)
#: and the field's name.
TextSource = tuple[type[Model], str]


def containing(text: str, sources: Sequence[TextSource]) -> Q:
    """Pages with ``text`` in any of ``sources`` (case-insensitive, anywhere
    in the text).

    Each field is searched on its own and the matching ids are united: on
    PostgreSQL every field has a trigram index (migrations named
    ``*_text_search``), which one subquery per field can use and one OR
    across the joined tables cannot, so the cost follows the number of
    matches, not of pages. Case is folded in every alphabet on SQLite too
    (:func:`cms.text_search.contains_text`)."""
    matching = None
    for model, field in sources:
        ids = (
            model._base_manager.filter(contains_text(field, text))
            .order_by()
            .values("pk")
        )
        matching = ids if matching is None else matching.union(ids)
    if matching is None:
        return Q(pk__in=[])
    return Q(pk__in=matching)
