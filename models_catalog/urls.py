from django.urls import path

from . import views

app_name = "models_catalog"

urlpatterns = [
    path("", views.OperatingModelListView.as_view(), name="list"),
    path("toimintamallit/<slug:slug>/", views.OperatingModelDetailView.as_view(), name="detail"),
]
