"""Reads of the per-site search page."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Window
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from wagtail.models import Page, Site

from cms.api.content import PublicScope, in_every_tree, public_live, public_scope
from cms.search.engine import matching_pages, ranked_pages, spelling_suggestion
from cms.search.text import QueryTerms, highlight, query_terms

RESULTS_PER_PAGE = 10
# A page number beyond this is taken as past the last page of results.
MAX_PAGE_NUMBER = 1000
# Longer queries are cut: nobody types more, and each word costs the database.
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchHit:
    """One page found, as the results list shows it."""

    page_id: int
    # Escaped, with the words that matched in <mark>.
    title: SafeString
    url: str
    summary: SafeString
    kind: str
    # The agency the page belongs to, on the portal's search (which spans
    # every agency); empty on an agency's own.
    agency: str = ""

    @property
    def meta(self) -> str:
        return " · ".join(str(part) for part in (self.kind, self.agency) if part)


@dataclass(frozen=True)
class SiteSearch:
    """One page of results of a search in one site and language."""

    query: str
    hits: list[SearchHit]
    pagination: PaginatorPage[Page]
    total: int
    # The query as probably meant, when the results are that one's (nothing
    # matched the query as typed); empty otherwise.
    suggestion: str = ""


class ResultPages(Paginator[Page]):
    """The ranked results of a search, :data:`RESULTS_PER_PAGE` a page.
    The page asked for and the number of matches are read in one query
    (a window count over the ranked matches, which are all read to be
    ranked anyway); a number past the last page costs a count, unranked,
    and the last page."""

    def __init__(
        self, pages: QuerySet[Page], terms: QueryTerms, *, language_code: str
    ) -> None:
        # The ids alone: the pages shown are read again, as their own types.
        self.ranked = ranked_pages(pages, terms, language_code=language_code).only("pk")
        super().__init__(self.ranked, RESULTS_PER_PAGE)
        self.matches = matching_pages(pages, terms, language_code=language_code)

    @cached_property
    def count(self) -> int:
        """How many pages match, on every page of results."""
        return self.matches.count()

    def get_page(self, number: float | str | None) -> PaginatorPage[Page]:
        try:
            wanted = max(int(number or 1), 1)
        except (TypeError, ValueError, OverflowError):
            wanted = 1
        if wanted > MAX_PAGE_NUMBER:
            # Surely past the last page (and past what OFFSET takes).
            return super().get_page(number)
        start = (wanted - 1) * self.per_page
        rows = list(
            self.ranked.annotate(_matches=Window(Count("pk")))[
                start : start + self.per_page
            ]
        )
        if rows or wanted == 1:
            self.__dict__["count"] = rows[0]._matches if rows else 0
            return PaginatorPage(rows, wanted, self)
        # Past the last page: the last one.
        return super().get_page(number)


def clean_query(text: str) -> str:
    """The query as searched: trimmed, single-spaced, bounded."""
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def page_address(
    page: Page, *, scope: PublicScope | None, request: HttpRequest | None
) -> str:
    """The address of a page found: on the portal's search, an agency's
    page's from the agencies already read (no query, as the portal API
    builds it); else Wagtail's."""
    if scope is not None and scope.tenancy.home_of(page.path) is not None:
        return scope.tenancy.page_url(path=page.path, url_path=page.url_path)
    url: str = page.get_url(request)
    return url


def agency_name(page: Page, *, scope: PublicScope, language_code: str) -> str:
    """The name of the agency whose site ``page`` is on, or empty."""
    home = scope.tenancy.home_of(page.path)
    return home.agency.name(language_code) if home else ""


def search_site(
    *,
    site: Site,
    language_code: str,
    query: str,
    page_number: str | None,
    request: HttpRequest | None = None,
) -> SiteSearch:
    """Live, public pages of ``site`` in ``language_code`` matching ``query``
    (on the portal's own site, every online agency's too), most relevant
    first, a page of results at a time (see :mod:`cms.search.engine`).
    When nothing matches and a spelling of the query as probably meant
    does, the results are that one's, and say so.
    Queries: the language's home, the count, the results, and the specific
    pages shown (plus three when content has changed since the public scope
    was last read); when nothing matches, one for the suggestion and two for
    its results."""
    root = (
        Page.objects.filter(
            translation_key=site.root_page.translation_key,
            locale__language_code=language_code,
        ).first()
        or site.root_page
    )
    # The platform's rule of what is public (live, unexpired, unrestricted:
    # the API's, with the restricted subtrees read once per change), as
    # conditions on each page's own row, which the search tests on the pages
    # that match only (not a list of every public page's id).
    # Expiry by the application's clock, as every citizen page counts it
    # (and the page cache, which keeps this answer until the next expiry).
    public_rule = public_scope()
    now = timezone.now()
    # The portal's own site (the bare domain) searches every online agency's
    # tree as well (the API's rule, :func:`cms.api.content.in_trees`): the
    # scope of the agencies a search spans, None within one agency's site.
    spanned = (
        public_rule
        if site.is_default_site and site.root_page.path not in public_rule.tenancy.homes
        else None
    )
    trees = Page.objects.descendant_of_q(root, inclusive=True)
    if spanned is not None:
        # Empty (no condition) when every tree is an online agency's.
        agencies = in_every_tree(spanned.tenancy)
        trees = trees | agencies if agencies else Q()
    # The public rule written once for the trees searched: each match's
    # page is tested against it once.
    pages = public_live(Page.objects.filter(trees), scope=public_rule, at=now).filter(
        locale_id=root.locale_id
    )
    terms = query_terms(query, language_code=language_code)
    pagination = ResultPages(pages, terms, language_code=language_code).get_page(
        page_number
    )
    suggestion = ""
    if not pagination.paginator.count:
        spelled = spelling_suggestion(pages, terms, language_code=language_code)
        if spelled:
            terms = query_terms(spelled, language_code=language_code)
            pagination = ResultPages(
                pages, terms, language_code=language_code
            ).get_page(page_number)
            suggestion = spelled if pagination.paginator.count else ""
    found = list(pagination.object_list)
    specific = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[page.pk for page in found])
        .defer_streamfields()
        .specific()
    }
    hits = []
    for found_page in found:
        page = specific.get(found_page.pk)
        if page is None:  # gone since it was ranked
            continue
        listing_title = getattr(page, "get_listing_title", None)
        listing_summary = getattr(page, "get_listing_summary", None)
        title = listing_title() if listing_title else page.title
        summary = listing_summary() if listing_summary else page.search_description
        hits.append(
            SearchHit(
                page_id=page.pk,
                title=highlight(title, terms),
                url=page_address(page, scope=spanned, request=request),
                summary=highlight(summary or "", terms),
                kind=capfirst(page._meta.verbose_name),
                agency=agency_name(page, scope=spanned, language_code=language_code)
                if spanned is not None
                else "",
            )
        )
    return SiteSearch(
        query=query,
        hits=hits,
        pagination=pagination,
        total=pagination.paginator.count,
        suggestion=suggestion,
    )
