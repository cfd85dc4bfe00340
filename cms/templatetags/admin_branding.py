"""The platform's name in the admin's templates (cms/templates/wagtailadmin)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def platform_name() -> str:
    """The platform's name, ``WAGTAIL_SITE_NAME`` (Hukumat.tj)."""
    return settings.WAGTAIL_SITE_NAME
