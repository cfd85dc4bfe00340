"""Content-health rules: how content apps state what the national content
requirements mean for their pages, so a daily check can score every agency
site against them without knowing any content app.

A content app registers :class:`ContentRule` values in ``content_rules``
from its ``AppConfig.ready()``. A rule's ``check`` is called with an
agency's site root (in the default language) and returns its findings:
one per missing or failing item, empty when the rule is met.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from wagtail.models import Page

from cms.contracts import Registry


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One thing an agency's editors should fix: what is wrong, and the page
    to fix it on (None when what is missing is a page)."""

    message: str | Promise
    page: Page | None = None


@dataclass(frozen=True, kw_only=True)
class ContentRule:
    """One national content requirement. ``code`` is stable (reports and
    history refer to it); ``weight`` is its share of the site's score."""

    code: str
    title: str | Promise
    weight: int
    check: Callable[[Page], list[Finding]]


content_rules: Registry[ContentRule] = Registry("content rules")


def declared_rules() -> list[ContentRule]:
    """Every rule, by code."""
    return sorted(content_rules, key=lambda rule: rule.code)
