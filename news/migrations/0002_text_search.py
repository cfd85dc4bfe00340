"""News leads and competitions' positions and units answer the portal API's
free-text filter from trigram indexes (see cms.text_search)."""

from django.db import migrations

from cms.text_search import trigram_index


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cms", "0004_text_search"),
        ("news", "0001_initial"),
    ]

    operations = [
        trigram_index("news_newspage", "lead"),
        trigram_index("news_competitionpage", "position"),
        trigram_index("news_competitionpage", "unit"),
    ]
