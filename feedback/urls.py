from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.accessibility_statement, name="statement"),
]
