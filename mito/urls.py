from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("MITO operating models: administration")
admin.site.site_title = _("MITO operating models")
admin.site.index_title = _("Catalogue content")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("kieli/<str:code>/", views.switch_language, name="switch_language"),
    path("tilastot/", include("trainings.urls")),
    path("saavutettavuusseloste/", include("feedback.urls")),
    path("tietosuojaseloste/", views.privacy_notice, name="privacy"),
    path("", include("models_catalog.urls")),
]

handler500 = "mito.views.server_error"
