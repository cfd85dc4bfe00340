"""An index of the tops of the page tree (the root and the home page of each
language of each site), read each time the portal API loads which agencies
are online: without it, finding them reads every page (20 ms at 100,000
pages). Partial, so it costs nothing to keep; the same SQL on PostgreSQL and
SQLite."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_content_locales"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS cms_page_tree_tops "
                "ON wagtailcore_page (path) WHERE depth <= 2"
            ),
            reverse_sql="DROP INDEX IF EXISTS cms_page_tree_tops",
        ),
    ]
