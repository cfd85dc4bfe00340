from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The shared core: base pages, blocks, design system, URL and API framework."""

    name = "cms"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.conf import settings
        from django.core import checks

        from PIL import Image

        from cms import background, reference_index, text_search
        from cms.caching import handlers as caching_handlers
        from cms.caching.checks import check_shared_cache
        from cms.media import handlers
        from cms.media.checks import check_media_deployment, check_media_settings
        from cms.search import engine as search_engine

        # Pillow refuses to decode anything past the platform's pixel limit,
        # wherever it is asked to (uploads, renditions of older images).
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        handlers.connect()
        caching_handlers.connect()
        text_search.connect()
        search_engine.connect()
        background.register_jobs()
        reference_index.install()
        checks.register(check_media_settings)
        checks.register(check_media_deployment, checks.Tags.security, deploy=True)
        checks.register(check_shared_cache, checks.Tags.caches, deploy=True)
