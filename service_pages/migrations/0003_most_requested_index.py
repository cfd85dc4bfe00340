"""The "most requested" services, indexed apart: the site search boosts
them, testing each service it found, and the answer is mostly no."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("service_pages", "0002_text_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="servicepage",
            index=models.Index(
                condition=models.Q(("is_most_requested", True)),
                fields=["page_ptr"],
                name="service_most_requested",
            ),
        ),
    ]
