"""Service summaries and office addresses answer the portal API's free-text
filter from trigram indexes (see cms.text_search)."""

from django.db import migrations

from cms.text_search import trigram_index


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cms", "0004_text_search"),
        ("service_pages", "0001_initial"),
    ]

    operations = [
        trigram_index("service_pages_servicepage", "summary"),
        trigram_index("service_pages_officepage", "address"),
    ]
