"""Every section is within a few clicks of the home page, counted along the
links the site's templates actually show, not by the page's depth in the
tree.

What the templates link (and so the edges of the click graph):

- every page's header links the home page and the main navigation: the
  home's children that are live, public and shown in menus (the home page
  lists the same sections);
- an index page whose template lists its children (news, services,
  competitions, offices: ``BasePage.lists_children``) links each of them;
- a page's text links the pages it names: links in rich text, page
  choosers in blocks (calls to action), as :func:`content_links` reads them.

A standard page does not list its subpages: a page under About is reached
only if About (or another reachable page) links to it. Breadcrumbs only lead
back up, and the home's panels (latest news and the like) change daily, so
neither counts. The items of a listing (a news item, a service) are reached
through their section's listing, filters and search and are not held to
the rule themselves, as the national rule is about sections; the pages
their text links to are.
"""

from collections import defaultdict, deque

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, get_page_models

from cms.contracts.health import (
    ContentRule,
    Finding,
    HealthContext,
    PageRow,
    Parameter,
    Severity,
)
from cms.models import BasePage

from .links import PAGE, content_links

MAX_CLICKS = Parameter(
    key="structure.max_clicks",
    label=_("Clicks from the home page within which every page must be"),
    default=3,
)


def _listing_types() -> set[int]:
    return {
        ContentType.objects.get_for_model(model).pk
        for model in get_page_models()
        if issubclass(model, BasePage) and model.lists_children
    }


def clicks_from_home(context: HealthContext) -> dict[int, int]:
    """The fewest clicks from the home page (of the page's language) to each
    public page that can be reached, by page id. No query beyond the pages'
    links."""
    rows = {row.id: row for row in context.pages}
    by_parent: dict[str, list[PageRow]] = defaultdict(list)
    for row in context.pages:
        by_parent[row.path[: -Page.steplen]].append(row)
    listing_types = _listing_types()
    linked: dict[int, set[int]] = defaultdict(set)
    for link in content_links(context):
        if link.kind == PAGE and int(link.target) in rows:
            linked[link.source_id].add(int(link.target))
    clicks: dict[int, int] = {}
    queue: deque[int] = deque()
    menus: dict[str, list[int]] = {}
    for language, home in context.homes.items():
        clicks[home.id] = 0
        queue.append(home.id)
        menus[language] = [row.id for row in by_parent[home.path] if row.show_in_menus]
    while queue:
        current = rows[queue.popleft()]
        targets: set[int] = set(linked.get(current.id, ()))
        own_home = context.homes.get(current.language)
        if own_home is not None:
            targets.add(own_home.id)
            targets.update(menus.get(current.language, ()))
        if current.content_type_id in listing_types:
            targets.update(row.id for row in by_parent[current.path])
        for target in targets:
            if target not in clicks:
                clicks[target] = clicks[current.id] + 1
                queue.append(target)
    return clicks


def check_reachability(context: HealthContext) -> list[Finding]:
    """No section or page (other than the items of a listing) is unreachable
    from the home page or more clicks from it than allowed. No query beyond
    the pages' links (shared with the link check)."""
    allowed = context.value(MAX_CLICKS)
    clicks = clicks_from_home(context)
    listing_types = _listing_types()
    parents = {row.path: row for row in context.pages}
    findings: list[Finding] = []
    for row in sorted(context.pages, key=lambda row: row.path):
        home = context.homes.get(row.language)
        if home is None or not row.path.startswith(home.path) or row.id == home.id:
            continue
        parent = parents.get(row.path[: -Page.steplen])
        if parent is not None and parent.content_type_id in listing_types:
            continue
        count = clicks.get(row.id)
        if count is None:
            findings.append(
                Finding(
                    message=_(
                        "No menu, listing or link leads to “%(title)s” from the "
                        "home page."
                    ),
                    values={"title": row.title},
                    page_id=row.id,
                    fix=_(
                        "Link to the page from its section's text, or show "
                        "it in the menu (Promote › Show in menus) if it is a "
                        "section."
                    ),
                )
            )
        elif count > allowed:
            findings.append(
                Finding(
                    message=_(
                        "“%(title)s” is %(clicks)s clicks away from the home page."
                    ),
                    values={"title": row.title, "clicks": count},
                    page_id=row.id,
                    fix=_(
                        "Link to the page from its section, or from a page "
                        "closer to the home page."
                    ),
                )
            )
    return findings


REACHABILITY = ContentRule(
    code="structure.clicks",
    title=_("Every page is within reach of the home page"),
    explanation=_(
        "Every section should be reachable within three clicks of the home "
        "page, through the menu, the section listings and the links in "
        "pages. A page no menu or link leads to is found only by chance, by "
        "people or by search engines."
    ),
    severity=Severity.ADVICE,
    check=check_reachability,
    parameters=(MAX_CLICKS,),
)
