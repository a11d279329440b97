from django.urls import path

from . import views
from .models import Placement

app_name = "report"

urlpatterns = [
    path(
        "ennen-kuin-aloitat/",
        views.section_page,
        {"placement": Placement.BEFORE_YOU_START.value},
        name="before_you_start",
    ),
    path("ohjelma/", views.section_page, {"placement": Placement.ABOUT.value}, name="about"),
]
