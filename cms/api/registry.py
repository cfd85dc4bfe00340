"""Where content apps plug into the portal API: each app's ``api.py``
registers its routers and the page types the cross-type search covers, and
the assembly (``assembly.api``) mounts them. ``cms`` never imports a
content app."""

from dataclasses import dataclass

from wagtail.models import Page

from ninja import Router


@dataclass(frozen=True)
class RegisteredRouter:
    prefix: str
    router: Router


@dataclass(frozen=True)
class SearchableType:
    """A page type in the cross-type search: its name in results and the
    text fields (besides the title) that free text is matched against, and
    the boolean field, if any, marking the pages it features (ranked first
    among equal matches by the citizen search)."""

    name: str
    model: type[Page]
    text_fields: tuple[str, ...]
    featured_field: str | None = None


routers: list[RegisteredRouter] = []
searchable_types: dict[str, SearchableType] = {}


def register_router(prefix: str, router: Router) -> None:
    """Mount ``router`` at /api/v1/<prefix>/. Several apps may share a prefix
    (content health adds ``/agencies/{slug}/health/`` next to the agency
    app's routes), each with its own paths; one router is mounted once."""
    if any(entry.router is router for entry in routers):
        raise ValueError(f"This API router is already registered at {prefix!r}.")
    routers.append(RegisteredRouter(prefix=prefix, router=router))


def register_searchable(
    name: str,
    model: type[Page],
    *,
    text_fields: tuple[str, ...] = (),
    featured_field: str | None = None,
) -> None:
    """Include ``model`` in /api/v1/search/ as results of type ``name``
    (and rank the pages whose ``featured_field`` is true first among equal
    matches of the citizen search)."""
    searchable_types[name] = SearchableType(
        name=name, model=model, text_fields=text_fields, featured_field=featured_field
    )
