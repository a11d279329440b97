from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Placement, ReportSection

#: Each page's template: what it says around the report's sections.
TEMPLATES = {
    Placement.BEFORE_YOU_START: "report/before_you_start.html",
    Placement.ABOUT: "report/about.html",
}


@require_safe
def section_page(request, placement):
    """A page made of the report's sections placed on it, in the report's order."""
    sections = ReportSection.objects.on_page(placement)
    return render(request, TEMPLATES[placement], {"sections": sections})
