"""The cross-cutting content-health rules: what every agency site must have
whatever its content apps (standard sections with content, official contacts,
pages in every required language, alternative text on images, pages kept
up to date).

Each check reads the :class:`~cms.contracts.health.HealthContext` snapshot
and costs at most one query of its own per agency.
"""

from datetime import timedelta

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from agency_sites.models import AgencySettings
from cms.contracts.health import (
    ContentRule,
    Finding,
    HealthContext,
    PageRow,
    Parameter,
    Severity,
    email_is_well_formed,
    phone_is_well_formed,
)
from cms.contracts.sections import declared_sections
from cms.models import StandardPage

# The languages AgencySettings holds an address in.
ADDRESS_LANGUAGES = ("tg", "ru", "en")

REQUIRE_RUSSIAN = Parameter(
    key="translations.require_ru",
    label=_("Pages must also be published in Russian (1 = yes, 0 = no)"),
    default=1,
)
REQUIRE_ENGLISH = Parameter(
    key="translations.require_en",
    label=_("Pages must also be published in English (1 = yes, 0 = no)"),
    default=0,
)
STALE_DAYS = Parameter(
    key="pages.stale_days",
    label=_("Days without an update after which a page is out of date"),
    default=365,
)


def _languages() -> dict[str, str | Promise]:
    """The content languages by code, with their (lazy) names."""
    return dict(settings.WAGTAIL_CONTENT_LANGUAGES)


def check_sections(context: HealthContext) -> list[Finding]:
    """Each standard section is published under the home page, with pages
    in it or text of its own. One query (the sections' own text)."""
    home = context.home
    if home is None:
        return [
            Finding(
                message=_("The site has no published home page."),
                fix=_("Publish the home page of the site."),
            )
        ]
    findings: list[Finding] = []
    children = context.children_of(home)
    found: list[tuple[str | Promise, PageRow]] = []
    for spec in declared_sections():
        of_type = {page.id for page in context.pages_of(spec.page_model)}
        row = next((page for page in children if page.slug == spec.slug), None) or next(
            (page for page in children if page.id in of_type), None
        )
        if row is None:
            findings.append(
                Finding(
                    message=_("The section “%(section)s” is missing."),
                    values={"section": spec.title},
                    fix=_(
                        "Publish the section under the home page (ask the "
                        "portal administrators to restore it if it was deleted)."
                    ),
                )
            )
        else:
            found.append((spec.title, row))
    empty = [(title, row) for title, row in found if not context.children_of(row)]
    with_text = {
        pk
        for pk, intro, body in StandardPage.objects.filter(
            pk__in=[row.id for _title, row in empty]
        ).values_list("pk", "intro", "body")
        if intro.strip() or len(body)
    }
    for title, row in empty:
        if row.id not in with_text:
            findings.append(
                Finding(
                    message=_("The section “%(section)s” is empty."),
                    values={"section": title},
                    page_id=row.id,
                    fix=_("Publish the pages of the section, or write its text."),
                )
            )
    return findings


def check_contacts(context: HealthContext) -> list[Finding]:
    """The site settings hold the official address in every language, a
    well-formed phone and e-mail address. One query."""
    site_id = context.agency.site_id
    contacts = AgencySettings.objects.filter(site_id=site_id).first()
    fix_settings = _("Fill in the official contacts in Settings › Agency settings.")
    if contacts is None:
        return [
            Finding(
                message=_("The site's official contacts are not filled in."),
                fix=fix_settings,
            )
        ]
    findings: list[Finding] = []
    for code, name in _languages().items():
        if code not in ADDRESS_LANGUAGES:
            continue
        if not getattr(contacts, f"address_{code}", "").strip():
            findings.append(
                Finding(
                    message=_("The official address in %(language)s is missing."),
                    values={"language": name},
                    field=AgencySettings._meta.get_field(
                        f"address_{code}"
                    ).verbose_name,
                    fix=fix_settings,
                )
            )
    if not phone_is_well_formed(contacts.phone):
        findings.append(
            Finding(
                message=_(
                    "The official phone number is missing or not in the "
                    "international form."
                ),
                field=AgencySettings._meta.get_field("phone").verbose_name,
                fix=_("Enter the number as +992 followed by its nine digits."),
            )
        )
    if not email_is_well_formed(contacts.email):
        findings.append(
            Finding(
                message=_("The official e-mail address is missing or not valid."),
                field=AgencySettings._meta.get_field("email").verbose_name,
                fix=fix_settings,
            )
        )
    return findings


def check_translations(context: HealthContext) -> list[Finding]:
    """Every public page of the default language is published in each
    required language, no published translation (required or not) is older
    than its source, and no page is published only in another language. No
    query."""
    required = [
        code
        for code, parameter in (("ru", REQUIRE_RUSSIAN), ("en", REQUIRE_ENGLISH))
        if context.value(parameter)
    ]
    names = _languages()
    others = [code for code in names if code != context.default_language]
    by_key: dict[tuple[str, str], PageRow] = {
        (row.translation_key, row.language): row for row in context.pages
    }
    findings: list[Finding] = []
    sources = sorted(
        (row for row in context.pages if row.language == context.default_language),
        key=lambda row: row.path,
    )
    for source in sources:
        for code in others:
            translation = by_key.get((source.translation_key, code))
            values = {"title": source.title, "language": names[code]}
            if translation is None:
                if code in required:
                    findings.append(
                        Finding(
                            message=_("“%(title)s” is not published in %(language)s."),
                            values=values,
                            page_id=source.id,
                            fix=_(
                                "Translate the page (Translate in the page's "
                                "menu) and publish the translation."
                            ),
                        )
                    )
            elif (
                translation.last_published_at is not None
                and source.last_published_at is not None
                and translation.last_published_at < source.last_published_at
            ):
                findings.append(
                    Finding(
                        message=_(
                            "The %(language)s version of “%(title)s” is older "
                            "than the page it translates."
                        ),
                        values=values,
                        page_id=translation.id,
                        fix=_(
                            "Update the translation with the changes of the "
                            "source page (Sync translated pages) and publish it."
                        ),
                    )
                )
    sources_keys = {source.translation_key for source in sources}
    for row in sorted(context.pages, key=lambda row: row.path):
        if row.language != context.default_language and (
            row.translation_key not in sources_keys
        ):
            findings.append(
                Finding(
                    message=_(
                        "“%(title)s” is published in %(language)s but not in "
                        "%(default)s."
                    ),
                    values={
                        "title": row.title,
                        "language": names.get(row.language, row.language),
                        "default": names.get(
                            context.default_language, context.default_language
                        ),
                    },
                    page_id=row.id,
                    fix=_(
                        "Publish the page in %(default)s too, or unpublish "
                        "this translation."
                    ),
                )
            )
    return findings


def check_image_alt_text(context: HealthContext) -> list[Finding]:
    """Every image of the agency's collection has alternative text. One
    query."""
    collection_id = context.agency.image_collection_id
    if collection_id is None:
        return []
    images = (
        get_image_model()
        .objects.filter(collection_id=collection_id, description="")
        .order_by("title", "pk")
        .values_list("title", flat=True)
    )
    return [
        Finding(
            message=_("The image “%(title)s” has no alternative text."),
            values={"title": title},
            field=_("Description"),
            fix=_(
                "Open the image in Images and describe what it shows in its "
                "description, for people who cannot see it."
            ),
        )
        for title in images
    ]


def check_stale_pages(context: HealthContext) -> list[Finding]:
    """Standard pages (About and the agency's other text pages) were updated
    within the period. No query."""
    oldest = context.today - timedelta(days=context.value(STALE_DAYS))
    findings: list[Finding] = []
    for row in sorted(context.pages_of(StandardPage), key=lambda row: row.path):
        published = row.last_published_at
        if published is not None and published.date() < oldest:
            findings.append(
                Finding(
                    message=_("“%(title)s” was last updated on %(date)s."),
                    values={"title": row.title, "date": published.date().isoformat()},
                    page_id=row.id,
                    fix=_(
                        "Check the page is still right, correct it, and "
                        "publish it again."
                    ),
                )
            )
    return findings


SECTIONS = ContentRule(
    code="structure.sections",
    title=_("Every standard section is present and filled"),
    explanation=_(
        "The national rules for official websites list the sections every "
        "state body must have: services, news, competitions, about the "
        "agency, contacts. Citizens expect to find them in the same place on "
        "every site; an empty section is a dead end."
    ),
    severity=Severity.CRITICAL,
    check=check_sections,
)
CONTACTS = ContentRule(
    code="contacts.official",
    title=_("Official contacts are complete"),
    explanation=_(
        "The site's footer and structured data show the agency's official "
        "address, phone number and e-mail address from its settings. Without "
        "them citizens cannot write to or visit the agency."
    ),
    severity=Severity.CRITICAL,
    check=check_contacts,
)
TRANSLATIONS = ContentRule(
    code="language.translations",
    title=_("Pages are published in the required languages"),
    explanation=_(
        "Official websites are published in Tajik, and in Russian (and "
        "English where required) for everyone else. A translation must not "
        "lag behind its Tajik page: a reader of another language would get "
        "outdated facts."
    ),
    severity=Severity.IMPORTANT,
    check=check_translations,
    parameters=(REQUIRE_RUSSIAN, REQUIRE_ENGLISH),
)
IMAGE_ALT_TEXT = ContentRule(
    code="accessibility.alt_text",
    title=_("Images have alternative text"),
    explanation=_(
        "Blind and partially sighted people hear a description of each image "
        "read aloud. An image without one is a gap in what they learn."
    ),
    severity=Severity.ADVICE,
    check=check_image_alt_text,
)
STALE_PAGES = ContentRule(
    code="pages.stale",
    title=_("Pages are kept up to date"),
    explanation=_(
        "A text page nobody has looked at for a year is likely to be wrong: "
        "a head who left, a moved office, a repealed decree. Check each page "
        "at least once in the period and publish it again."
    ),
    severity=Severity.ADVICE,
    check=check_stale_pages,
    parameters=(STALE_DAYS,),
)
