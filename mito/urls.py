from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from api.views import operating_models_json
from models_catalog.sitemaps import SITEMAPS
from models_catalog.views import robots_txt
from sitepages import views

admin.site.site_header = _("MITO operating models: administration")
admin.site.site_title = _("MITO operating models")
admin.site.index_title = _("Catalogue content")

# Outside the language prefix: the same for every language (or, the admin, for editors).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("kieli/<str:code>/", views.switch_language, name="switch_language"),
    path("api/v1/", include("api.urls")),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The JSON download is the API's detail form; the catalogue does not depend on the API.
    path("toimintamallit.json", operating_models_json, name="export_json"),
    # Finnish pages have no prefix; a link with one leads to the same page without it.
    re_path(r"^fi/(?P<rest>.*)$", views.finnish_prefix_redirect),
]

# Reader pages: Finnish at /…, Swedish at /sv/…, English at /en/….
urlpatterns += i18n_patterns(
    path("tilastot/", include("trainings.urls")),
    path("saavutettavuusseloste/", include("feedback.urls")),
    path("tietosuojaseloste/", views.privacy_notice, name="privacy"),
    path("", include("report.urls")),
    path("", include("models_catalog.urls")),
    prefix_default_language=False,
)

handler500 = "sitepages.views.server_error"
