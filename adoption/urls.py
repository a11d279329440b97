from django.urls import path

from . import views

app_name = "adoption"

urlpatterns = [
    path("toimintamallit/<slug:slug>/kaytossa/", views.report, name="report"),
]
