"""Indexes behind the free-text filters of the portal API (``q``): a
trigram index (PostgreSQL's pg_trgm) on ``UPPER(column)``, the expression
Django's case-insensitive ``icontains`` compares, so that "contains this
text" is answered from the index instead of by reading every row.

They exist on PostgreSQL only; on SQLite (the demo) the same filters read
the tables. Built ``CONCURRENTLY``, so that adding them to a live platform
does not stop editors from saving pages meanwhile: migrations that use
:func:`trigram_index` must set ``atomic = False``.
"""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
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
