"""Wagtail's database search backend, with a text-search configuration per
language on PostgreSQL.

PostgreSQL stems words only for the languages it has a dictionary for:
Russian text must be indexed and queried with the ``russian`` configuration
so that "услуги" finds "услуга"; Tajik has no stemmer and English must match
codes and names as written, so they use ``simple``. One index table holds
every language, so each object is indexed with the configuration of its own
locale (``LANGUAGE_SEARCH_CONFIGS``, the backend's ``SEARCH_CONFIG`` for the
others), and a search names its language with :meth:`for_language`. A search
that names none (the admin's) matches any language's configuration.

Each object's vectors also hold its words folded as citizens' queries are
(:func:`cms.search.text.fold`: the Tajik letters a Russian keyboard lacks,
and ё), so that the citizen search (:mod:`cms.search.engine`) finds
"шаҳрвандон" typed as "шахрвандон".

On other databases (the SQLite demo) this is Wagtail's own database backend.
"""

import copy
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import Model

from wagtail.models import Locale

from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.utils import get_content_type_pk

from cms.search.text import KEYBOARD_LETTERS, TAJIK_LETTERS

# What fold() changes, as arguments of PostgreSQL's translate().
FOLDED_FROM = TAJIK_LETTERS + "ё"
FOLDED_TO = KEYBOARD_LETTERS + "е"


class LocalisedSearchQueryCompiler(PostgresSearchQueryCompiler):
    """Queries in every configuration of the backend at once when no
    language was named (each object matches the one it was indexed with)."""

    def get_config(self, backend: "LocalisedPostgresSearchBackend") -> Any:
        if backend.language_config is not None or self.fields is not None:
            return backend.language_config or backend.config
        return backend.all_configs

    def build_tsquery(self, query: Any, config: Any = None) -> Any:
        if not isinstance(config, tuple):
            return super().build_tsquery(query, config=config)
        # (no zero-argument super() inside a comprehension's own scope)
        build = super().build_tsquery
        queries = [build(query, config=one) for one in config]
        return reduce(lambda left, right: left | right, queries)


# Adds to an object's title and body vectors the words of its text folded
# as queries are (cms.search.text.fold): Tajik letters to the letters a
# Russian keyboard types for them, ё to е. Weight A for the title, the
# lowest (D) for the body, as the index's own vectors.
FOLDED_WORDS_SQL = """
UPDATE {table} SET
  title = title || setweight(
    to_tsvector(%(config)s::regconfig, translate(lower(title_text), %(from)s, %(to)s)),
    'A'),
  body = body || setweight(
    to_tsvector(%(config)s::regconfig, translate(lower(body_text), %(from)s, %(to)s)),
    'D')
WHERE content_type_id = %(content_type)s AND object_id = ANY(%(ids)s)
"""


class LocalisedPostgresIndex(PostgresIndex):
    """Indexes each object with its own language's configuration, and its
    words' folded spellings too (see :data:`FOLDED_WORDS_SQL`)."""

    def add_items(self, model: type[Model], objs: Iterable[Model]) -> None:
        groups: dict[str, list[Model]] = defaultdict(list)
        objs = list(objs)
        languages = _language_codes(objs)
        for obj in objs:
            locale_id: int | None = getattr(obj, "locale_id", None)
            language = None if locale_id is None else languages.get(locale_id)
            groups[self.backend.config_for(language)].append(obj)
        for config, group in groups.items():
            PostgresIndex(self.backend.with_index_config(config)).add_items(
                model, group
            )
            self.add_folded_words(model, group, config=config)

    def add_folded_words(
        self, model: type[Model], objs: list[Model], *, config: str
    ) -> None:
        if not model.get_search_fields() or not objs:  # type: ignore[attr-defined]
            return
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                FOLDED_WORDS_SQL.format(table=self.entries.model._meta.db_table),
                {
                    "config": config,
                    "from": FOLDED_FROM,
                    "to": FOLDED_TO,
                    "content_type": get_content_type_pk(model),
                    "ids": [str(obj.pk) for obj in objs],
                },
            )


class LocalisedPostgresSearchBackend(PostgresSearchBackend):
    """PostgreSQL full-text search with a configuration per language."""

    query_compiler_class = LocalisedSearchQueryCompiler
    index_class = LocalisedPostgresIndex
    results_class = PostgresSearchResults

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.config: str = params.get("SEARCH_CONFIG") or "simple"
        self.language_configs: dict[str, str] = dict(
            params.get("LANGUAGE_SEARCH_CONFIGS") or {}
        )
        self.all_configs = tuple(
            dict.fromkeys([self.config, *self.language_configs.values()])
        )
        self.language_config: str | None = None

    def config_for(self, language_code: str | None) -> str:
        """The text-search configuration of a language."""
        return self.language_configs.get(language_code or "", self.config)

    def for_language(self, language_code: str) -> "LocalisedPostgresSearchBackend":
        """This backend, searching text in ``language_code`` only."""
        backend = copy.copy(self)
        backend.language_config = self.config_for(language_code)
        return backend

    def with_index_config(self, config: str) -> "LocalisedPostgresSearchBackend":
        backend = copy.copy(self)
        backend.config = config
        return backend


def _language_codes(objs: list[Model]) -> dict[int, str]:
    """Language code of each locale the objects are in, in one query."""
    ids = {getattr(obj, "locale_id", None) for obj in objs} - {None}
    if not ids:
        return {}
    return dict(Locale.objects.filter(pk__in=ids).values_list("pk", "language_code"))


def SearchBackend(params: dict[str, Any]) -> BaseSearchBackend:
    """The backend for the database in use (called by Wagtail by this name)."""
    if connection.vendor == "postgresql":
        return LocalisedPostgresSearchBackend(params)
    return DatabaseSearchBackend(params)


def search_backend_for(
    backend: BaseSearchBackend, *, language_code: str
) -> BaseSearchBackend:
    """``backend`` restricted to one language, where it supports that."""
    for_language = getattr(backend, "for_language", None)
    return for_language(language_code) if for_language else backend
