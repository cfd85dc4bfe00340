"""Reads of the agency registry."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from agency_sites.models import Agency, AgencyKind
from cms.collation import collation_key

DIRECTORY_HEADINGS = {
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
    label: str
    entries: list[DirectoryEntry]


def portal_directory(*, language_code: str) -> list[DirectoryGroup]:
    """Every provisioned agency, grouped by kind, named and linked in the given
    language. One query, whatever the number of agencies."""
    agencies = Agency.objects.filter(site__isnull=False).select_related("site")
    groups = {kind: [] for kind in AgencyKind.values}
    for agency in agencies:
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
