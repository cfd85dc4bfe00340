"""Indexes behind the free-text filters of the portal API (``q``): a
trigram index (PostgreSQL's pg_trgm) on ``UPPER(column)``, the expression
Django's case-insensitive ``icontains`` compares, so that "contains this
text" is answered from the index instead of by reading every row.

They exist on PostgreSQL only; on SQLite (the demo) the same filters read
the tables. Built ``CONCURRENTLY``, so that adding them to a live platform
does not stop editors from saving pages meanwhile: migrations that use
:func:`trigram_index` must set ``atomic = False``.

The filters themselves compare with :class:`FoldedContains` and
:class:`FoldedExact`: Django's ``icontains`` and ``iexact`` as they are on
PostgreSQL (the same SQL, so the same indexes and plans), and on SQLite a
comparison that folds the case of every alphabet. SQLite's own ``LIKE`` and
``UPPER`` fold only Latin letters, so "ШАҲРВАНДОН" would not find
"шаҳрвандон" there; these lookups compare both sides through
:data:`SQLITE_FOLD`, Python's ``str.upper`` registered on every SQLite
connection (:func:`connect`), as PostgreSQL's ``UPPER`` is.
"""

from typing import TYPE_CHECKING, Any

from django.db import migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.signals import connection_created
from django.db.migrations.state import ProjectState
from django.db.models import F
from django.db.models.lookups import BuiltinLookup, IContains, IExact

#: The SQLite function that folds text's case in every alphabet.
SQLITE_FOLD = "hukumat_upper"


def _upper(text: str | None) -> str | None:
    return None if text is None else str(text).upper()


def _register_fold(
    sender: type, connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FOLD, 1, _upper, deterministic=True
        )


def connect() -> None:
    """Register :data:`SQLITE_FOLD` on every new SQLite connection."""
    connection_created.connect(_register_fold, dispatch_uid="cms.text_search.fold")


if TYPE_CHECKING:
    _BuiltinLookup = BuiltinLookup[str]
else:
    _BuiltinLookup = BuiltinLookup


class FoldedOnSQLite(_BuiltinLookup):
    """A case-insensitive pattern lookup (``LIKE`` on SQLite) whose two
    sides are folded by :data:`SQLITE_FOLD` on SQLite; Django's own SQL
    elsewhere."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (
            f"{SQLITE_FOLD}({lhs}) LIKE {SQLITE_FOLD}({rhs}) ESCAPE '\\'",
            (*lhs_params, *rhs_params),
        )


class FoldedContains(FoldedOnSQLite, IContains):
    """``field`` contains the text, whatever its case, in any alphabet."""


class FoldedExact(FoldedOnSQLite, IExact):
    """``field`` is the text, whatever its case, in any alphabet."""


def contains_text(field: str, text: str) -> FoldedContains:
    """A filter: ``field`` contains ``text`` whatever the case (the
    ``icontains`` the trigram indexes answer on PostgreSQL)."""
    return FoldedContains(F(field), text)


def equals_text(field: str, text: str) -> FoldedExact:
    """A filter: ``field`` is ``text`` whatever the case (``iexact``)."""
    return FoldedExact(F(field), text)


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` that does nothing on other databases."""

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_extension() -> RunSQLOnPostgreSQL:
    """pg_trgm, a trusted extension: the database's owner may create it."""
    return RunSQLOnPostgreSQL(
        sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
        reverse_sql=migrations.RunSQL.noop,
    )


def trigram_index(table: str, column: str) -> RunSQLOnPostgreSQL:
    name = f"{table}_{column}_trgm"
    return RunSQLOnPostgreSQL(
        sql=(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f'ON {table} USING gin (UPPER("{column}") gin_trgm_ops)'
        ),
        reverse_sql=f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
    )
