"""Root URL configuration: the admin, site-wide files (sitemap.xml,
robots.txt), then every page and the search page under its language prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from agency_sites import admin_urls as agency_admin_urls
from assembly.api import portal_api
from cms import views
from cms.admin_account import account_settings
from cms.api import http as api_http
from cms.api.wagtail_v2 import wagtail_api
from cms.search import views as search_views
from compliance import urls as compliance_urls
from portal import views as portal_views

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"

urlpatterns = [
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Agency isolation guards, in front of the stock admin URLs they shadow.
    path("api/v1/", portal_api.urls),
    path("api/v2/", wagtail_api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_http.unknown_address),
    # Account settings where a name is optional, in front of Wagtail's own.
    path("admin/account/", account_settings, name="wagtailadmin_account"),
    path("admin/", include(agency_admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.SERVE_LOCAL_MEDIA:
    from django.views.static import serve

    from cms.media.serving import private_media_not_served

    # The local demo serves local media (with DEBUG on or off), except private
    # documents: those only through /documents/ after the privacy check, as in
    # production.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/private/", private_media_not_served
        ),
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

# Every page URL carries its language, the default (Tajik) included: /tg/, /ru/, /en/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include(compliance_urls)),
    # The portal's national pages on the bare domain; elsewhere these
    # addresses are the agency site's own pages (the views hand them on).
    re_path(
        r"^(?P<slug>[-\w]+)/(?P<kind>rss|atom)/$",
        portal_views.feed,
        name="portal_feed",
    ),
    re_path(r"^(?P<slug>[-\w]+)/$", portal_views.listing, name="portal_listing"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
