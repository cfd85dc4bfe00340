"""The search page of every site: /tg/search/, /ru/search/, /en/search/."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

from wagtail import hooks
from wagtail.models import Site

from cms.models import PAGE_CONTEXT_HOOK, LanguageVersion
from cms.search.selectors import clean_query, search_site
from cms.site_status import offline_response


def search(request: HttpRequest) -> HttpResponse:
    """Search the live pages of the request's site in the current language."""
    site = Site.find_for_request(request)
    offline = offline_response(request, site)
    if offline is not None:
        return offline
    language_code = get_language()
    query = clean_query(request.GET.get("q", ""))
    results = (
        search_site(
            site=site,
            language_code=language_code,
            query=query,
            page_number=request.GET.get("page"),
            request=request,
        )
        if query and site is not None
        else None
    )
    suffix = f"?{urlencode({'q': query})}" if query else ""
    context = {
        "query": query,
        "results": results,
        "query_string": urlencode({"q": query}),
        "language_versions": [
            LanguageVersion(
                language_code=code,
                name=capfirst(get_language_info(code)["name_local"]),
                url=f"/{code}/search/{suffix}",
                full_url=None,
                is_current=code == language_code,
            )
            for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        ],
    }
    if site is not None:
        root = site.root_page.localized
        for hook in hooks.get_hooks(PAGE_CONTEXT_HOOK):
            hook(page=root, request=request, context=context)
    response = TemplateResponse(request, "cms/search.html", context)
    # Results are not worth keeping for search engines.
    response["X-Robots-Tag"] = "noindex"
    return response
