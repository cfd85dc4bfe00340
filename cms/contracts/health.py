"""Content-health rules: how content apps state what the national content
requirements mean for their pages, so a daily check can score every agency
site against them without knowing any content app.

A content app registers :class:`ContentRule` values in ``content_rules``
from its ``AppConfig.ready()``. A rule's ``check`` is called with a
:class:`HealthContext` (the agency, a snapshot of its live public pages in
every language, today's date and the thresholds portal administrators set)
and returns its findings: one per missing or failing item, empty when the
rule is met. A check costs a fixed number of queries per agency, whatever
the number of its pages: it reads the snapshot, and at most a few queries of
its own over the pages the snapshot names.

Messages are lazy translatable strings with named placeholders filled from
``Finding.values``; the daily run stores the untranslated text, so a report
is read in each reader's own language.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms.contracts import Registry

if TYPE_CHECKING:
    from agency_sites.models import Agency

T = TypeVar("T")


class Severity(IntEnum):
    """How much a failing rule costs an agency's score: its weight."""

    ADVICE = 1
    IMPORTANT = 2
    CRITICAL = 3

    @property
    def label(self) -> str | Promise:
        return SEVERITY_LABELS[self]


SEVERITY_LABELS: dict[Severity, str | Promise] = {
    Severity.ADVICE: _("Advice"),
    Severity.IMPORTANT: _("Important"),
    Severity.CRITICAL: _("Critical"),
}


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """A threshold of a rule (days, counts, yes = 1 / no = 0) that portal
    administrators may change; ``default`` applies until they do."""

    key: str
    label: str | Promise
    default: int


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One thing an agency's editors should fix: what is wrong, on which page
    (None when what is missing is a page or a setting), in which field, and
    how to fix it. ``message`` and ``fix`` may hold ``%(name)s`` placeholders
    filled from ``values``."""

    message: str | Promise
    values: Mapping[str, str | int | Promise] = field(default_factory=dict)
    page_id: int | None = None
    field: str | Promise = ""
    fix: str | Promise = ""


# An international number as Tajik agencies publish it: +992 and nine digits.
PHONE_PATTERN = re.compile(r"^\+992[\s\-()0-9]{9,}$")


def phone_is_well_formed(phone: str) -> bool:
    """+992 followed by the nine digits of a Tajik number, spaced freely."""
    digits = re.sub(r"\D", "", phone)
    return bool(PHONE_PATTERN.match(phone.strip())) and len(digits) == 12


def email_is_well_formed(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True, kw_only=True)
class PageRow:
    """A live, public page of an agency, as the snapshot holds it."""

    id: int
    path: str
    slug: str
    depth: int
    title: str
    language: str
    translation_key: str
    content_type_id: int
    last_published_at: datetime | None
    show_in_menus: bool


@dataclass(frozen=True, kw_only=True)
class HealthContext:
    """What a check reads: the agency, its home page in each language, the
    live public pages of its trees, today's date, and the thresholds."""

    agency: "Agency"
    today: date
    homes: Mapping[str, PageRow]
    pages: tuple[PageRow, ...]
    settings: Mapping[str, int]
    default_language: str = "tg"
    # What several checks of this snapshot derive from it alike (the links
    # of its pages), computed once: see :meth:`shared`.
    _shared: dict[str, object] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def shared(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, once per snapshot and ``key``: the checks that need
        the same derived data read one copy."""
        if key not in self._shared:
            self._shared[key] = compute()
        return cast(T, self._shared[key])

    def value(self, parameter: Parameter) -> int:
        """The threshold as set by portal administrators, or its default."""
        return self.settings.get(parameter.key, parameter.default)

    def pages_of(
        self, model: type[Page], *, language: str | None = None
    ) -> list[PageRow]:
        """Live public pages of exactly ``model`` (in ``language``, default
        the platform's default language; ``"*"`` for every language)."""
        content_type_id = ContentType.objects.get_for_model(model).pk
        wanted = language or self.default_language
        return [
            row
            for row in self.pages
            if row.content_type_id == content_type_id
            and (wanted == "*" or row.language == wanted)
        ]

    def children_of(self, row: PageRow) -> list[PageRow]:
        return [
            page
            for page in self.pages
            if page.depth == row.depth + 1 and page.path.startswith(row.path)
        ]

    @property
    def home(self) -> PageRow | None:
        """The home page in the default language."""
        return self.homes.get(self.default_language)


@dataclass(frozen=True, kw_only=True)
class ContentRule:
    """One national content requirement. ``code`` is stable (reports and
    history refer to it); ``explanation`` says in plain words what the rule
    asks and why; ``severity`` is its weight in the site's score."""

    code: str
    title: str | Promise
    explanation: str | Promise
    severity: Severity
    check: Callable[[HealthContext], list[Finding]]
    parameters: tuple[Parameter, ...] = ()
    # Whether the owners of the pages its findings name are reminded too
    # (a service past its review date reminds whoever is responsible for it).
    remind_page_owners: bool = False


content_rules: Registry[ContentRule] = Registry("content rules")


def declared_rules() -> list[ContentRule]:
    """Every rule, by code."""
    return sorted(content_rules, key=lambda rule: rule.code)


def declared_parameters() -> list[tuple[ContentRule, Parameter]]:
    """Every threshold of every rule, by rule code."""
    return [
        (rule, parameter) for rule in declared_rules() for parameter in rule.parameters
    ]
