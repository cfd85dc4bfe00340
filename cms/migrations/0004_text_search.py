"""Page titles answer the portal API's free-text filter from a trigram index
(see cms.text_search)."""

from django.db import migrations

from cms.text_search import trigram_extension, trigram_index


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cms", "0003_page_tree_tops_index"),
    ]

    operations = [
        trigram_extension(),
        trigram_index("wagtailcore_page", "title"),
    ]
