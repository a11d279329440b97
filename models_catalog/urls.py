from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import OperatingModelFeed

app_name = "models_catalog"

urlpatterns = [
    path("", views.operating_model_list, name="list"),
    path("toimintamallit/<slug:slug>/", views.OperatingModelDetailView.as_view(), name="detail"),
    path("toimintamallit/<slug:slug>/esikatselu/", views.preview, name="preview"),
    path("toimintamallit/<slug:slug>/kaytossa/", views.report_adoption, name="report_adoption"),
    path("hankkeet/", views.projects, name="projects"),
    path("hankkeet/<slug:slug>/", views.ProjectDetailView.as_view(), name="project"),
    path("kartta/", views.map_view, name="map"),
    path("arviointi/", views.evidence_statuses, name="evidence"),
    path("kasitteet/", views.glossary, name="glossary"),
    path("haasteet/", views.challenges, name="challenges"),
    path("vertaa/", views.compare, name="compare"),
    path("muistilista/", views.shortlist, name="shortlist"),
    path("muistilista/lisaa/", views.shortlist_add, name="shortlist_add"),
    path("muistilista/jaettu/<str:share_id>/", views.shortlist_shared, name="shortlist_shared"),
    path("muistilista/tallenna/", views.shortlist_import, name="shortlist_import"),
    path(
        "muistilista/lataa.<str:kind>",
        views.shortlist_download,
        name="shortlist_download",
    ),
    path("avoin-data/", views.open_data, name="open_data"),
    path("toimintamallit.csv", views.export_csv, name="export_csv"),
    path("toimintamallit.xlsx", views.export_xlsx, name="export_xlsx"),
    path("syote.atom", require_safe(OperatingModelFeed()), name="feed"),
]
