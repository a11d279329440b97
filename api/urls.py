from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views
from .docs import SchemaView, SwaggerView

app_name = "api"

router = SimpleRouter()
router.register("operating-models", views.OperatingModelViewSet, basename="operating-model")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("wellbeing-services-counties", views.CountyViewSet, basename="county")
router.register("target-groups", views.TargetGroupViewSet, basename="target-group")
router.register("figures", views.FigureViewSet, basename="figure")

urlpatterns = [
    path("", views.api_root, name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so scripts keep to the CSP; Swagger
    # UI sets inline styles, which this page alone allows.
    path(
        "docs/",
        csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
            SwaggerView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
