from django.urls import path

from . import views
from .feeds import OperatingModelFeed

app_name = "models_catalog"

urlpatterns = [
    path("", views.OperatingModelListView.as_view(), name="list"),
    path("toimintamallit/<slug:slug>/", views.OperatingModelDetailView.as_view(), name="detail"),
    path("toimintamallit/<slug:slug>/esikatselu/", views.preview, name="preview"),
    path("hankkeet/<slug:slug>/", views.ProjectDetailView.as_view(), name="project"),
    path("kartta/", views.map_view, name="map"),
    path("arviointi/", views.evidence_statuses, name="evidence"),
    path("kasitteet/", views.glossary, name="glossary"),
    path("haasteet/", views.challenges, name="challenges"),
    path("vertaa/", views.compare, name="compare"),
    path("avoin-data/", views.open_data, name="open_data"),
    path("toimintamallit.csv", views.export_csv, name="export_csv"),
    path("toimintamallit.json", views.export_json, name="export_json"),
    path("syote.atom", OperatingModelFeed(), name="feed"),
]
