"""The frame around every page of a site: the agency's identity (name in
the current language, emblem, accent colour), its main navigation and its
official contacts, as the header, footer and structured data show them.

Built from the agency registry, AgencySettings and the site's sections, then
cached per hostname and language under the site's page-cache generation, so
a warm page view spends no query on it, and any publish in the site, any
change of its settings or of the registry, rebuilds it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils.translation import get_language, gettext

from wagtail import hooks
from wagtail.models import Page, Site

from agency_sites.models import ACCENT_PALETTE, AccentColour
from agency_sites.selectors import agency_identity
from cms.caching.generations import read_generations
from cms.contracts.portal import declared_portal_links
from cms.media.renditions import prefetch_stored_renditions, stored_rendition
from cms.selectors import live_now, public

CHROME_SECONDS = 24 * 3600
_REQUEST_ATTRIBUTE = "site_chrome"

# Hook called as ``hook(root=..., request=...)`` with a site's home page in
# one language; returns the agency's :class:`OfficialContacts` as its pages
# give them (its head office), or None. The footer uses them where the
# agency's settings leave a contact empty.
SITE_CONTACTS_HOOK = "site_official_contacts"


@dataclass(frozen=True)
class OfficialContacts:
    """An agency's contacts as one of its pages (the head office) gives
    them; ``hours`` are (days, hours) lines."""

    address: str = ""
    phone: str = ""
    email: str = ""
    hours: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""


@dataclass(frozen=True)
class Emblem:
    """The stored rendition of an agency's emblem: ``url`` for pages (on the
    media host, or this one), ``full_url`` for structured data."""

    url: str
    full_url: str
    width: int
    height: int


@dataclass(frozen=True)
class PortalLinkItem:
    """A link to a page of the portal, as the footer shows it."""

    title: str
    description: str
    url: str


@dataclass(frozen=True)
class NavigationItem:
    """A section in the main navigation."""

    page_id: int
    title: str
    url: str


_ACCENT_NAMES = {
    hex_value: colour.value for colour, hex_value in ACCENT_PALETTE.items()
}


@dataclass(frozen=True)
class SiteChrome:
    """Everything the frame of a site's pages shows, in one language."""

    site_id: int
    language_code: str
    name: str
    home_url: str
    home_full_url: str
    accent_hex: str
    is_agency: bool
    emblem: Emblem | None = None
    navigation: list[NavigationItem] = field(default_factory=list)
    phone: str = ""
    email: str = ""
    address: str = ""
    hours: list[tuple[str, str]] = field(default_factory=list)
    contacts_url: str = ""
    social_links: list[tuple[str, str]] = field(default_factory=list)
    description: str = ""

    @property
    def accent_name(self) -> str:
        """The palette name of the accent colour: the page's ``accent-NAME``
        class, which site.css turns into ``--color-accent`` (no inline style,
        so the Content-Security-Policy needs no exception for it)."""
        return _ACCENT_NAMES.get(self.accent_hex, AccentColour.NAVY.value)

    portal_url: str = ""

    @property
    def search_url(self) -> str:
        return f"/{self.language_code}/search/"

    @property
    def portal_links(self) -> list[PortalLinkItem]:
        """The portal pages content apps want every site to link to (the
        transparency page), on the portal, in this language."""
        base = self.portal_url or f"/{self.language_code}/"
        return [
            PortalLinkItem(
                title=str(link.title),
                description=str(link.description),
                url=f"{base}{link.path}",
            )
            for link in declared_portal_links()
        ]

    @property
    def has_contacts(self) -> bool:
        return bool(self.phone or self.email or self.address or self.hours)

    def organization_schema(self) -> dict[str, Any]:
        """The agency as a schema.org GovernmentOrganization."""
        data: dict[str, Any] = {
            "@type": "GovernmentOrganization" if self.is_agency else "Organization",
            "name": self.name,
            "url": self.home_full_url,
        }
        if self.emblem:
            data["logo"] = self.emblem.full_url
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        if self.address:
            data["address"] = {
                "@type": "PostalAddress",
                "streetAddress": self.address,
                "addressCountry": "TJ",
            }
        if self.social_links:
            data["sameAs"] = [url for _label, url in self.social_links]
        return data


def site_chrome(*, request: HttpRequest) -> SiteChrome | None:
    """The frame of the request's site in the active language (cached; see
    the module). None when no site serves the request."""
    if hasattr(request, _REQUEST_ATTRIBUTE):
        cached: SiteChrome | None = getattr(request, _REQUEST_ATTRIBUTE)
        return cached
    site = Site.find_for_request(request)
    chrome = None
    if site is not None:
        language_code = get_language() or settings.LANGUAGE_CODE
        key, chrome = _cached(site.hostname, language_code, create=True)
        if chrome is None:
            chrome = build_site_chrome(
                site=site, language_code=language_code, request=request
            )
            if key is not None:
                cache.set(key, chrome, CHROME_SECONDS)
    setattr(request, _REQUEST_ATTRIBUTE, chrome)
    return chrome


def cached_site_chrome(*, request: HttpRequest) -> SiteChrome | None:
    """The frame of the request's host from the cache only, never from the
    database: for the error page, when the database may be what failed."""
    try:
        hostname = split_domain_port(request.get_host())[0]
        return _cached(hostname, get_language() or settings.LANGUAGE_CODE)[1]
    except Exception:
        return None


def _cached(
    hostname: str, language_code: str, *, create: bool = False
) -> tuple[str | None, SiteChrome | None]:
    generations, _values = read_generations(hostname, create=create)
    if generations is None:
        return None, None
    # v2: the frame gained fields (hours, portal, description); an older
    # pickled frame lacks them.
    key = (
        f"cms:chrome:v2:{hostname}:{language_code}:"
        f"{generations.everything}:{generations.site}"
    )
    return key, cache.get(key)


def build_site_chrome(
    *, site: Site, language_code: str, request: HttpRequest | None = None
) -> SiteChrome:
    """The frame of ``site`` in ``language_code``, from the database."""
    root = _localized_root(site, language_code)
    identity = agency_identity(site_id=site.pk)
    navigation = [
        NavigationItem(page_id=page.pk, title=page.title, url=page.get_url(request))
        for page in public(root.get_children().live().in_menu()).select_related(
            "locale"
        )
    ]
    portal = (
        Site.objects.filter(is_default_site=True)
        .exclude(pk=site.pk)
        .only("hostname", "port")
        .first()
    )
    chrome = {
        "portal_url": f"{portal.root_url}/{language_code}/" if portal else "",
        "site_id": site.pk,
        "language_code": language_code,
        "home_url": root.get_url(request),
        "home_full_url": root.get_full_url(request),
        "navigation": navigation,
    }
    if identity is None:
        return SiteChrome(
            **chrome,
            name=root.title or settings.WAGTAIL_SITE_NAME,
            description=gettext(
                "The official websites of the government bodies of the Republic "
                "of Tajikistan: their services, news, competitions and contacts."
            ),
            accent_hex=ACCENT_PALETTE[AccentColour.NAVY],
            is_agency=False,
        )
    emblem = None
    if identity.emblem is not None:
        prefetch_stored_renditions(images=[identity.emblem])
        rendition = stored_rendition(image=identity.emblem, spec_name="emblem")
        if rendition is not None:
            emblem = Emblem(
                url=rendition.url,
                full_url=rendition.full_url,
                width=rendition.width,
                height=rendition.height,
            )
    # What AgencySettings leave empty, the head office's page gives.
    office = next(
        (
            contacts
            for hook in hooks.get_hooks(SITE_CONTACTS_HOOK)
            if (contacts := hook(root=root, request=request)) is not None
        ),
        OfficialContacts(),
    )
    return SiteChrome(
        **chrome,
        name=identity.name(language_code),
        description=identity.description(language_code),
        accent_hex=identity.accent_hex,
        is_agency=True,
        emblem=emblem,
        phone=identity.phone or office.phone,
        email=identity.email or office.email,
        address=identity.address(language_code) or office.address,
        hours=office.hours,
        contacts_url=office.url,
        social_links=identity.social_links,
    )


def _localized_root(site: Site, language_code: str) -> Page:
    """The site's home page in the language, or in the default one."""
    root = site.root_page
    translated = (
        Page.objects.filter(
            translation_key=root.translation_key,
            locale__language_code=language_code,
        )
        .filter(live_now())
        .select_related("locale")
        .first()
    )
    return translated or root
