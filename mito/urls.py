from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("kieli/<str:code>/", views.switch_language, name="switch_language"),
    path("tilastot/", include("trainings.urls")),
    path("", include("models_catalog.urls")),
]
