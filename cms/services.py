"""Writes shared by every content app."""

from collections.abc import Mapping
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser

from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.users.models import UserProfile

from cms.translation import translate_snippet

PageT = TypeVar("PageT", bound=Page)
SnippetT = TypeVar("SnippetT", bound=TranslatableMixin)


def add_published_child(*, parent: Page, page: PageT) -> PageT:
    """Add ``page`` under ``parent`` and publish it. The page is validated
    first (its ``clean()`` rules apply), as in the admin. As there, it is
    added as a draft and goes live with its first revision: one change of
    what the public sees, not two (a page added live is public before its
    revision is published)."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def save_translated_snippet(
    snippet: SnippetT, *, translations: Mapping[str, Mapping[str, str]]
) -> SnippetT:
    """Validate and save ``snippet`` in the default language, then translate
    it into each other language of ``translations`` (language code -> field
    -> text) through wagtail-localize. Returns the default-language one."""
    snippet.locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    snippet.full_clean()
    snippet.save()
    for locale in Locale.objects.exclude(pk=snippet.locale_id).filter(
        language_code__in=list(translations)
    ):
        translate_snippet(
            snippet, locale=locale, strings=translations[locale.language_code]
        )
    return snippet


def start_admin_in_platform_language(*, user: AbstractBaseUser) -> UserProfile:
    """Give a new account the platform's language (Tajik) as its admin
    language, unless one was already chosen. Editors change it in their
    account settings; without it, the admin would follow each browser's
    language."""
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = settings.LANGUAGE_CODE
        profile.save(update_fields=["preferred_language"])
    return profile
