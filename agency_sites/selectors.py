"""Reads of the agency registry."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.permissions import page_permission_policy
from wagtail.query import PageQuerySet

from django_stubs_ext import StrOrPromise

from agency_sites.models import Agency, AgencyKind, AgencySettings
from cms.collation import collation_key

DIRECTORY_HEADINGS: dict[str, StrOrPromise] = {
    AgencyKind.CENTRAL: _("Central government bodies"),
    AgencyKind.LOCAL: _("Local executive bodies"),
}


@dataclass(frozen=True)
class DirectoryEntry:
    """An agency as listed in the portal's directory."""

    slug: str
    name: str
    url: str
    region: str


@dataclass(frozen=True)
class DirectoryGroup:
    """Agencies of one kind (central or local), sorted by name."""

    kind: str
    label: StrOrPromise
    entries: list[DirectoryEntry]


def portal_directory(*, language_code: str) -> list[DirectoryGroup]:
    """Every provisioned agency, grouped by kind, named and linked in the given
    language. One query, whatever the number of agencies."""
    agencies = Agency.objects.filter(
        site__isnull=False, deprovisioned_at__isnull=True
    ).select_related("site")
    groups: dict[str, list[DirectoryEntry]] = {kind: [] for kind in AgencyKind.values}
    for agency in agencies:
        if agency.site is None:  # excluded by the query
            continue
        groups[agency.kind].append(
            DirectoryEntry(
                slug=agency.slug,
                name=agency.name(language_code),
                url=f"{agency.site.root_url}/{language_code}/",
                region=agency.get_region_display(),
            )
        )
    return [
        DirectoryGroup(
            kind=kind,
            label=DIRECTORY_HEADINGS[kind],
            entries=sorted(entries, key=lambda e: collation_key(e.name, language_code)),
        )
        for kind, entries in groups.items()
        if entries
    ]


AGENCY_DESCRIPTIONS: dict[str, StrOrPromise] = {
    AgencyKind.CENTRAL: _(
        "%(name)s is a central government body of the Republic of Tajikistan. "
        "Its official website presents its services, news, competitions and "
        "contacts."
    ),
    AgencyKind.LOCAL: _(
        "%(name)s is a local executive body of state power of the Republic of "
        "Tajikistan. Its official website presents its services, news, "
        "competitions and contacts."
    ),
}


def agency_description(*, name: str, kind: str, language_code: str) -> str:
    """What an agency is, in one or two sentences of the language, from the
    registry alone: the default of its About page and of every page's meta
    description that has none of its own."""
    text = AGENCY_DESCRIPTIONS.get(kind, AGENCY_DESCRIPTIONS[AgencyKind.CENTRAL])
    with translation.override(language_code):
        return str(text) % {"name": name}


OFFLINE_SITES_CACHE_KEY = "agency_sites:offline_site_ids"
OFFLINE_SITES_CACHE_SECONDS = 60


def offline_site_ids() -> frozenset[int]:
    """Sites of deprovisioned agencies. Cached: every public page view asks."""
    ids: frozenset[int] | None = cache.get(OFFLINE_SITES_CACHE_KEY)
    if ids is None:
        ids = frozenset(
            Agency.objects.filter(
                deprovisioned_at__isnull=False, site__isnull=False
            ).values_list("site_id", flat=True)
        )
        cache.set(OFFLINE_SITES_CACHE_KEY, ids, OFFLINE_SITES_CACHE_SECONDS)
    return ids


def is_site_offline(*, site_id: int) -> bool:
    """Whether the site belongs to a deprovisioned agency."""
    return site_id in offline_site_ids()


@dataclass(frozen=True)
class AgencyIdentity:
    """What an agency's site shows of its identity and official contacts,
    from the registry and its AgencySettings."""

    slug: str
    kind: str
    names: dict[str, str]
    accent_hex: str
    emblem: object | None  # an image of the image model, or None
    phone: str
    email: str
    addresses: dict[str, str]
    social_links: list[tuple[str, str]]

    def name(self, language_code: str) -> str:
        return self.names.get(language_code) or self.names.get(
            settings.LANGUAGE_CODE, self.slug
        )

    def description(self, language_code: str) -> str:
        return agency_description(
            name=self.name(language_code), kind=self.kind, language_code=language_code
        )

    def address(self, language_code: str) -> str:
        return self.addresses.get(language_code) or self.addresses.get(
            settings.LANGUAGE_CODE, ""
        )


SOCIAL_NETWORKS = [
    ("telegram_url", "Telegram"),
    ("facebook_url", "Facebook"),
    ("instagram_url", "Instagram"),
    ("youtube_url", "YouTube"),
    ("x_url", "X"),
]


def agency_identity(*, site_id: int) -> AgencyIdentity | None:
    """The identity of the agency whose site this is, or None (the portal's
    own site). One query, and it never writes: unlike
    ``AgencySettings.for_site()``, a missing settings row is not created
    (provisioning creates one per agency), its defaults are used instead."""
    row = (
        AgencySettings.objects.filter(site_id=site_id)
        .select_related("emblem", "site__agency")
        .first()
    )
    if row is not None:
        agency = getattr(row.site, "agency", None)
    else:
        agency = Agency.objects.filter(site_id=site_id).first()
        row = AgencySettings(site_id=site_id)
    if agency is None:
        return None
    return AgencyIdentity(
        slug=agency.slug,
        kind=agency.kind,
        names=dict(agency.names),
        accent_hex=row.accent_hex,
        emblem=row.emblem,
        phone=row.phone,
        email=row.email,
        addresses={code: row.address(code) for code, _name in settings.LANGUAGES},
        social_links=[
            (label, getattr(row, field))
            for field, label in SOCIAL_NETWORKS
            if getattr(row, field)
        ],
    )


def choosable_pages(pages: PageQuerySet, *, user: User | AnonymousUser) -> PageQuerySet:
    """``pages`` narrowed to those a page chooser offers the user: every page
    of the user's own trees, and only live, public pages of other sites
    (linking to another agency's published service is legitimate; seeing or
    using its drafts and private pages is not). Superusers choose anything.

    One definition for the chooser (``agency_sites.wagtail_hooks``) and for
    the check of submitted references (``agency_sites.references``)."""
    if user.is_superuser:
        return pages
    own = page_permission_policy.explorable_instances(user).values("pk")
    return pages.filter(pk__in=own) | pages.live().public()
