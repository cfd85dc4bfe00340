from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.models import NewsTopic


class NewsTopicViewSet(SnippetViewSet):
    """The central list of news topics, in every language."""

    model = NewsTopic
    icon = "tag"
    menu_label = _("News topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(NewsTopicViewSet)
