"""Ranked free-text matching of pages, on the search index Wagtail keeps
(modelsearch's ``IndexEntry``: a title and a body per page).

On PostgreSQL the index holds ``tsvector``s, in each page's language's
configuration (:mod:`cms.search.backends`), with the folded spelling of
every word added (:mod:`cms.search.text`): a query matches every word as a
prefix, ranked by ``ts_rank`` with the title counting double and a bonus
when the title holds every word, then the registered types' featured pages
("most requested" services), then the most recently published.

The matching entries are found first, from the GIN indexes of the title and
body vectors (stored, folded at indexing time: nothing is computed per page
at query time), and only those pages are then tested against the caller's
conditions (public, in which trees, which language) and ranked: the cost
follows the number of matches, not the number of pages. Callers must pass
conditions that can be tested row by row (not ``pk__in`` a list of every
public page), or the planner reads every page again.

On SQLite (the demo) the index holds the plain text: the same words are
matched as the beginnings of words of the folded text, and ranked by the
same order of criteria (title, every word in the title, featured,
recency). Russian words are cut by :func:`cms.search.text.stem` there,
which finds the usual inflections but is not PostgreSQL's stemmer.
"""

import re
from typing import Any, cast

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import (
    Case,
    Exists,
    F,
    Field,
    FloatField,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Col, Combinable
from django.db.models.functions import Cast, Upper
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND, WhereNode

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from cms.api.registry import searchable_types
from cms.search.text import (
    QueryTerms,
    corrected,
    fold,
    query_terms,
    tsquery,
    vocabulary_of,
)

#: The SQLite function that folds indexed text for matching (see module).
SQLITE_FOLD_WORDS = "hukumat_fold_words"
# How many of the most similar titles a spelling suggestion is drawn from.
SUGGESTION_SOURCES = 20
# How many similar titles (the first the trigram index finds) are compared
# for them: the same service's title on a hundred agencies' sites is one
# title many times, and comparing every copy made a misspelt search cost
# what the number of agencies does. Each costs PostgreSQL about 15 us (its
# word similarity computed twice); at 100k pages 837 titles were similar to
# "спровка" (bench/README.md, search).
SUGGESTION_CANDIDATES = 100
# A featured page ("most requested") outranks an equal match by this much.
FEATURED_BONUS = 0.3
# A page whose title holds every word outranks one that holds them elsewhere.
TITLE_BONUS = 1.0
_NOT_WORD = re.compile(r"\W+")


def _fold_words(text: str | None) -> str:
    """The folded words of ``text``, each preceded and followed by a space,
    so that `` word`` marks a word's beginning."""
    return f" {_NOT_WORD.sub(' ', fold(text or ''))} "


#: The relation from a page to its own search index entry (see OwnEntry).
OWN_ENTRY = "own_search_entry"


class OwnEntry(GenericRelation):
    """A page's own index entry: the one of its own type, joined by the
    entry's id read as a number. The join modelsearch adds (``index_entries``)
    compares the entry's text id with the page's id made text, which no
    index of the pages answers: joined that way, PostgreSQL reads every page
    of the language to find the few hundred whose entry matched. This one
    lets each matching entry find its page from the primary key.

    For querying only: deleting a page leaves its entry to modelsearch's
    relation, which removes it."""

    auto_created = True

    def get_extra_restriction(self, alias: str | None, remote_alias: str) -> WhereNode:
        def column(model: type[Model], name: str, table: str) -> Col:
            return Col(table, cast("Field[Any, Any]", model._meta.get_field(name)))

        if alias is None:
            raise ValueError("the pages' alias is needed to join their entries")
        entry, page = self.remote_field.model, self.model
        condition = WhereNode()
        condition.add(
            Exact(
                column(entry, "content_type", remote_alias),
                column(page, "content_type", alias),
            ),
            AND,
        )
        condition.add(
            Exact(
                Cast(column(entry, "object_id", remote_alias), IntegerField()),
                column(page, "id", alias),
            ),
            AND,
        )
        return condition

    def resolve_related_fields(self) -> list[Any]:
        return []

    def bulk_related_objects(self, objs: Any, using: str = "default") -> QuerySet[Any]:
        return self.remote_field.model._base_manager.none()


def _register(sender: type, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FOLD_WORDS, 1, _fold_words, deterministic=True
        )


def connect() -> None:
    """Register :data:`SQLITE_FOLD_WORDS` on every new SQLite connection,
    and add :class:`OwnEntry` to pages."""
    if not any(field.name == OWN_ENTRY for field in Page._meta.private_fields):
        OwnEntry(IndexEntry).contribute_to_class(Page, OWN_ENTRY)
    connection_created.connect(_register, dispatch_uid="cms.search.engine.fold")


def search_config(language_code: str) -> str:
    """The PostgreSQL text-search configuration of a language."""
    config_for = getattr(get_search_backend(), "config_for", None)
    return config_for(language_code) if config_for else "simple"


def _featured() -> Combinable:
    """A bonus for the pages each registered type features."""
    bonus: Combinable = Value(0.0, output_field=FloatField())
    for entry in searchable_types.values():
        if entry.featured_field:
            featured = entry.model.objects.filter(
                pk=OuterRef("pk"), **{entry.featured_field: True}
            )
            bonus = bonus + Case(
                When(Exists(featured), then=Value(FEATURED_BONUS)),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return bonus


def _ordered(pages: QuerySet[Page], score: Combinable) -> QuerySet[Page]:
    ordered: QuerySet[Page] = pages.annotate(_score=score).order_by(
        F("_score").desc(), F("last_published_at").desc(nulls_last=True), "-pk"
    )
    return ordered


def _postgresql_query(terms: QueryTerms, *, language_code: str) -> SearchQuery:
    config = search_config(language_code)
    return SearchQuery(
        tsquery(terms, stemmed_by_database=config != "simple"),
        search_type="raw",
        config=config,
    )


#: The search fields of a page's own entry (:class:`OwnEntry`).
_TITLE, _BODY = f"{OWN_ENTRY}__title", f"{OWN_ENTRY}__body"


def _postgresql_matches(
    pages: QuerySet[Page], terms: QueryTerms, *, language_code: str
) -> QuerySet[Page]:
    # Each page joined to its own entry where that matches: the entries come
    # from the GIN indexes (a bitmap of the two), each finds its page by
    # primary key (OwnEntry), and the pages' own conditions are tested on
    # those alone.
    query = _postgresql_query(terms, language_code=language_code)
    return pages.filter(Q(**{_TITLE: query}) | Q(**{_BODY: query}))


def _postgresql(
    pages: QuerySet[Page], terms: QueryTerms, *, language_code: str
) -> QuerySet[Page]:
    query = _postgresql_query(terms, language_code=language_code)
    # Scored from the entry that matched (the join the matches made).
    found = _postgresql_matches(pages, terms, language_code=language_code)
    score = (
        SearchRank(F(_TITLE), query) * 2
        + SearchRank(F(_BODY), query)
        + Case(
            When(**{_TITLE: query}, then=Value(TITLE_BONUS)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + _featured()
    )
    return _ordered(found, score)


def _sqlite(pages: QuerySet[Page], terms: QueryTerms) -> QuerySet[Page]:
    found = pages.annotate(
        _title=Func(F("index_entries__title"), function=SQLITE_FOLD_WORDS),
        _body=Func(F("index_entries__body"), function=SQLITE_FOLD_WORDS),
    )
    in_title = Q()
    for part in terms.stems:
        word_start = f" {part}"
        found = found.filter(
            Q(_title__contains=word_start) | Q(_body__contains=word_start)
        )
        in_title &= Q(_title__contains=word_start)
    score = (
        Case(
            When(in_title, then=Value(TITLE_BONUS + 2.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + _featured()
    )
    return _ordered(found, score)


def ranked_pages(
    pages: QuerySet[Page], terms: QueryTerms, *, language_code: str
) -> QuerySet[Page]:
    """The pages of ``pages`` that hold every word of ``terms`` (as the
    beginning of a word), most relevant first. No query is run until the
    result is read."""
    if not terms:
        return pages.none()
    if connection.vendor == "postgresql":
        return _postgresql(pages, terms, language_code=language_code)
    return _sqlite(pages, terms)


def matching_pages(
    pages: QuerySet[Page], terms: QueryTerms, *, language_code: str
) -> QuerySet[Page]:
    """The pages of :func:`ranked_pages`, unranked and in no order: what
    the results are counted by (on PostgreSQL, the same join to the
    matching entries, without their scores)."""
    if not terms:
        return pages.none()
    if connection.vendor == "postgresql":
        return _postgresql_matches(pages, terms, language_code=language_code)
    return _sqlite(pages, terms).order_by()


def spelling_suggestion(
    pages: QuerySet[Page], terms: QueryTerms, *, language_code: str
) -> str | None:
    """The query as probably meant, from the words of the titles most
    similar to it (pg_trgm's ``word_similarity`` on PostgreSQL; every title
    on SQLite, the demo's few), or None. One query."""
    if not terms:
        return None
    text = " ".join(terms.words)
    if connection.vendor == "postgresql":
        # The candidates come from the titles' trigram index (on
        # UPPER(title), cms.text_search): ``%>`` is a word similarity above
        # the connection's pg_trgm.word_similarity_threshold (settings).
        # In no order: the first that the index finds (sorting every
        # similar title by path first, to keep some, doubled the cost).
        candidates = (
            pages.filter(TrigramWordSimilar(Upper("title"), text.upper()))
            .order_by()
            .values("pk")[:SUGGESTION_CANDIDATES]
        )
        titles = list(
            Page.objects.filter(pk__in=candidates)
            .annotate(_similarity=TrigramWordSimilarity(text, "title"))
            .order_by("-_similarity")
            .values_list("title", flat=True)[:SUGGESTION_SOURCES]
        )
    else:
        titles = list(pages.values_list("title", flat=True))
    suggestion = corrected(terms, vocabulary_of(titles))
    if suggestion is None:
        return None
    again = query_terms(suggestion, language_code=language_code)
    return suggestion if again.words != terms.words else None
