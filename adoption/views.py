from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from limits.counting import over_limit
from models_catalog.models import OperatingModel

from .forms import ALREADY_REPORTED, AdoptionReportForm

HOUR = 60 * 60


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, slug):
    """A coordinator tells that their municipality uses a model; shown once approved."""
    operating_model = get_object_or_404(OperatingModel.objects.published(), slug=slug)
    form = AdoptionReportForm(request.POST or None, operating_model=operating_model)
    if request.method == "POST" and form.is_valid():
        # Per client, as the accessibility feedback (limits.client): reports wait for an
        # editor, and a flood would bury the real ones.
        if over_limit(request, "adoption", settings.ADOPTION_REPORT_LIMIT_PER_HOUR, HOUR):
            form.add_error(
                None,
                _(
                    "You have sent several reports within the last hour. This report was not "
                    "sent: please wait an hour and send it again. It is still in the form."
                ),
            )
            return render(
                request,
                "adoption/report.html",
                {"form": form, "operating_model": operating_model},
                status=429,
            )
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # the same report sent twice at once
            form.add_error(None, ALREADY_REPORTED)
            return render(
                request, "adoption/report.html", {"form": form, "operating_model": operating_model}
            )
        messages.success(
            request,
            _(
                "Thank you. Your report was received; it is shown on the model's page once "
                "an editor has checked it."
            ),
        )
        return redirect(operating_model)
    return render(
        request, "adoption/report.html", {"form": form, "operating_model": operating_model}
    )
