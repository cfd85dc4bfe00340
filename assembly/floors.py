"""The floors of the platform: the one table the layering rule is checked
against (tests/test_layering.py).

A module may import modules of its own floor and of the floors below it,
never above. On the content floor each app stands alone: a content app
imports no other content app, only the floors below (it plugs into the
platform through the registries of :mod:`cms.contracts`). A new package of
the project must be given a floor here, or the layering test fails.
"""

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Floor:
    name: str
    level: int
    # Dotted module prefixes; the longest prefix that matches decides.
    modules: tuple[str, ...]
    # Whether modules of different top-level packages on this floor may
    # import each other.
    packages_share: bool


FLOORS = (
    Floor(
        name="ground",
        level=0,
        # The shared core, and the tenancy records it reads (the agency
        # registry, its settings and the selectors over them).
        modules=(
            "cms",
            "agency_sites.models",
            "agency_sites.selectors",
            "agency_sites.migrations",
        ),
        packages_share=True,
    ),
    Floor(
        name="tenancy",
        level=1,
        # Provisioning, admin isolation, agency API and demo helpers.
        modules=("agency_sites",),
        packages_share=True,
    ),
    Floor(
        name="content",
        level=2,
        modules=(
            "home",
            "news",
            "portal",
            "service_pages",
            "compliance",
            "publishing_events",
        ),
        packages_share=False,
    ),
    Floor(
        name="assembly",
        level=3,
        modules=("assembly", "settings"),
        packages_share=True,
    ),
)


def floor_of(module: str) -> Floor | None:
    """The floor of a project module, or None when it is not the project's
    (Django, Wagtail, the standard library...) or not in the table."""
    matches = [
        (len(prefix), floor)
        for floor in FLOORS
        for prefix in floor.modules
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(matches, key=lambda match: match[0])[1] if matches else None


def import_allowed(importer: str, imported: str) -> bool:
    """Whether project module ``importer`` may import project module
    ``imported`` under the rule above."""
    source, target = floor_of(importer), floor_of(imported)
    if source is None or target is None:
        return False
    if target.level != source.level:
        return target.level < source.level
    same_package = importer.split(".")[0] == imported.split(".")[0]
    return same_package or source.packages_share
