"""Provisioning: building and updating agency sites from the registry.

Every function here is idempotent. A run creates what is missing, brings
registry-owned data (official names, hostnames) up to date, and leaves
editors' content alone.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale, Page, Site

from agency_sites.models import Agency
from agency_sites.provisioning.access import (
    PermissionCatalogue,
    ensure_agency_access,
    ensure_agency_collections,
    ensure_portal_access,
)
from agency_sites.provisioning.indexing import deferred_indexing
from agency_sites.provisioning.pages import (
    add_published_child,
    delete_if_welcome_page,
    ensure_sections,
    ensure_translations,
    home_family,
    new_agency_tree,
    rendered_in_each_language,
    set_registry_title,
)
from agency_sites.provisioning.registry import AgencySpec, RegistryError
from agency_sites.provisioning.tree import build_translated_tree, slugs_taken
from cms.contracts.sections import SectionSpec
from cms.contracts.sites import site_blueprint

PORTAL_TITLE = gettext_lazy("Unified portal of the government bodies of Tajikistan")
PORTAL_SLUG = "portal"


class Outcome(enum.StrEnum):
    """What provisioning did to one site."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.CREATED: gettext_lazy("created"),
    Outcome.UPDATED: gettext_lazy("updated"),
    Outcome.UNCHANGED: gettext_lazy("unchanged"),
}


@dataclass
class ProvisioningReport:
    """Slugs of the agencies provisioned, by outcome."""

    portal: Outcome = Outcome.UNCHANGED
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated) or self.portal != Outcome.UNCHANGED

    def record(self, slug: str, outcome: Outcome) -> None:
        getattr(self, outcome.value).append(slug)


ProgressCallback = Callable[[int, int, str, Outcome], None]


def provision_agencies(
    *, specs: list[AgencySpec], progress: ProgressCallback | None = None
) -> ProvisioningReport:
    """Provision the portal site and every agency of a validated registry, in
    one transaction: on any error nothing is written.

    Raises:
        RegistryError: when the registry conflicts with the database (a
            hostname taken by another site, an unknown parent body).
    """
    locales = _content_locales()
    problems = _database_problems(specs)
    if problems:
        raise RegistryError(problems)
    sections = site_blueprint().sections()
    catalogue = PermissionCatalogue()
    report = ProvisioningReport()
    with transaction.atomic(), deferred_indexing():
        report.portal = ensure_portal_site(locales=locales, catalogue=catalogue)
        ensure_agency_collections(spec.slug for spec in specs)
        for position, spec in enumerate(specs, start=1):
            outcome = provision_agency_site(
                spec=spec, locales=locales, sections=sections, catalogue=catalogue
            )
            report.record(spec.slug, outcome)
            if progress:
                progress(position, len(specs), spec.slug, outcome)
        _link_parent_bodies(specs, report)
    return report


def provision_agency_site(
    *,
    spec: AgencySpec,
    locales: list[Locale],
    sections: list[SectionSpec],
    catalogue: PermissionCatalogue | None = None,
    build_directly: bool = True,
) -> Outcome:
    """Create or update one agency: its registry record, Site, home page in
    every language, standard sections, groups, permissions, collections,
    settings and moderation workflow.

    A new agency's pages are built directly in every language
    (:func:`~agency_sites.provisioning.tree.build_translated_tree`) unless
    ``build_directly`` is false or a slug they need is taken; otherwise, and
    for an existing agency's missing pages, through wagtail-localize's
    generic translation flow."""
    default_locale, *other_locales = locales
    default_code = default_locale.language_code
    other_codes = [locale.language_code for locale in other_locales]
    existing = (
        Agency.objects.select_related(
            "site__root_page",
            "site__agencysettings",
            "image_collection",
            "document_collection",
            "workflow",
        )
        .filter(slug=spec.slug)
        .first()
    )
    created = existing is None
    changed = False
    agency = Agency(slug=spec.slug) if existing is None else existing
    for name, value in (
        ("kind", spec.kind),
        ("region", spec.region),
        ("names", spec.names),
        ("hostname", spec.hostname),
    ):
        if getattr(agency, name) != value:
            setattr(agency, name, value)
            changed = True

    site_fields = {
        "hostname": spec.hostname,
        "port": settings.PORTAL_SITE_PORT,
        "site_name": spec.names[default_code],
    }
    new_homes: dict[str, Page] = {}
    if agency.site is None:
        root = Page.get_first_root_node()
        home_slugs = [spec.slug, *(f"{spec.slug}-{code}" for code in other_codes)]
        if not build_directly or slugs_taken(root, home_slugs):
            # Generic path: wagtail-localize finds free slugs for translations.
            home = site_blueprint().agency_home(
                title=spec.names[default_code], slug=spec.slug, locale=default_locale
            )
            add_published_child(root, home)
        else:
            # A new agency: its whole tree at once, in every language.
            new_homes = build_translated_tree(
                parent=root,
                draft=new_agency_tree(
                    agency=agency, sections=sections, locales=locales
                ),
                locales=locales,
            )
            home = new_homes[default_code]
        agency.site = Site.objects.create(root_page=home, **site_fields)
        changed = True
    else:
        home = agency.site.root_page
        changed |= _update_site(agency.site, site_fields)
        changed |= set_registry_title(home, spec.names[default_code])
    if changed:
        agency.save()

    if new_homes:
        home_pages = list(new_homes.values())
    else:
        family = home_family(home)
        home_pages = [
            page for page in family if page.translation_key == home.translation_key
        ]
        if ensure_translations(
            home,
            wanted={
                locale: {
                    "title": spec.names[locale.language_code],
                    "slug": f"{spec.slug}-{locale.language_code}",
                }
                for locale in other_locales
            },
            title_is_owned=True,
            translations=home_pages,
        ):
            changed = True
            home_pages = list(home.get_translations(inclusive=True))
        changed |= ensure_sections(
            home, sections=sections, locales=locales, agency=agency, family=family
        )
    changed |= ensure_agency_access(
        agency=agency,
        homes=home_pages,
        catalogue=catalogue or PermissionCatalogue(),
    )
    if created:
        return Outcome.CREATED
    return Outcome.UPDATED if changed else Outcome.UNCHANGED


def ensure_portal_site(
    *, locales: list[Locale], catalogue: PermissionCatalogue | None = None
) -> Outcome:
    """Make the default site (the bare portal domain) serve the portal's home
    page, in every language, replacing Wagtail's initial welcome page, and
    give portal administrators their rights."""
    default_locale, *other_locales = locales
    titles = rendered_in_each_language(PORTAL_TITLE, locales)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    outcome = Outcome.UNCHANGED
    home = site.root_page.specific if site else None
    portal_home = site_blueprint().portal_home
    if not isinstance(home, portal_home):
        previous_root = home
        home = portal_home(
            title=titles[default_locale.language_code],
            slug=PORTAL_SLUG,
            locale=default_locale,
        )
        add_published_child(Page.get_first_root_node(), home)
        if site is None:
            site = Site(is_default_site=True)
        site.root_page = home
        site.save()
        delete_if_welcome_page(previous_root)
        outcome = Outcome.CREATED
    if (
        _update_site(
            site,
            {
                "hostname": settings.PORTAL_DOMAIN,
                "port": settings.PORTAL_SITE_PORT,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        and outcome == Outcome.UNCHANGED
    ):
        outcome = Outcome.UPDATED
    if (
        ensure_translations(
            home,
            wanted={
                locale: {
                    "title": titles[locale.language_code],
                    "slug": f"{PORTAL_SLUG}-{locale.language_code}",
                }
                for locale in other_locales
            },
        )
        and outcome == Outcome.UNCHANGED
    ):
        outcome = Outcome.UPDATED
    if (
        ensure_portal_access(
            homes=list(home.get_translations(inclusive=True)),
            catalogue=catalogue or PermissionCatalogue(),
        )
        and outcome == Outcome.UNCHANGED
    ):
        outcome = Outcome.UPDATED
    return outcome


def _content_locales() -> list[Locale]:
    """The Locale of every content language, the default one first."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    try:
        existing = list(Locale.objects.filter(language_code__in=codes))
    except DatabaseError:
        raise RegistryError(
            [_("The database is not set up: run `python manage.py migrate` first.")]
        ) from None
    by_code = {locale.language_code: locale for locale in existing}
    missing = [code for code in codes if code not in by_code]
    if missing:
        raise RegistryError(
            [
                _(
                    "The database has no locale for %(codes)s: "
                    "run `python manage.py migrate` first."
                )
                % {"codes": ", ".join(missing)}
            ]
        )
    default = settings.LANGUAGE_CODE
    return [by_code[default], *(by_code[code] for code in codes if code != default)]


def _database_problems(specs: list[AgencySpec]) -> list[str]:
    """Conflicts between the registry and what the database already holds."""
    problems = []
    slugs = {spec.slug for spec in specs}
    known_parents = slugs | set(Agency.objects.values_list("slug", flat=True))
    hostnames = {spec.hostname: spec.slug for spec in specs}
    taken = Site.objects.filter(hostname__in=hostnames).select_related("agency")
    for site in taken:
        slug = hostnames[site.hostname]
        owner = getattr(site, "agency", None)
        if owner is None or owner.slug != slug:
            problems.append(
                _(
                    "agency %(slug)s, field 'hostname': %(hostname)s is already "
                    "used by the site '%(site)s'"
                )
                % {
                    "slug": slug,
                    "hostname": site.hostname,
                    "site": site.site_name or site.hostname,
                }
            )
    for spec in specs:
        if spec.parent and spec.parent not in known_parents:
            problems.append(
                _("agency %(slug)s, field 'parent': no agency with slug '%(parent)s'")
                % {"slug": spec.slug, "parent": spec.parent}
            )
    return problems


def _link_parent_bodies(specs: list[AgencySpec], report: ProvisioningReport) -> None:
    """Point each agency at its parent body, once every agency exists."""
    wanted = {spec.slug: spec.parent for spec in specs}
    agencies = Agency.objects.filter(slug__in=wanted).select_related("parent")
    for agency in agencies:
        current = agency.parent.slug if agency.parent else None
        if current == wanted[agency.slug]:
            continue
        agency.parent = (
            Agency.objects.get(slug=wanted[agency.slug])
            if wanted[agency.slug]
            else None
        )
        agency.save(update_fields=["parent", "updated_at"])
        if agency.slug in report.unchanged:
            report.unchanged.remove(agency.slug)
            report.updated.append(agency.slug)


def _update_site(site: Site, values: dict[str, object]) -> bool:
    changed = {
        name: value for name, value in values.items() if getattr(site, name) != value
    }
    for name, value in changed.items():
        setattr(site, name, value)
    if changed:
        site.save()
    return bool(changed)
