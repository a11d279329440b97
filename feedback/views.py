from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import AccessibilityFeedbackForm


@never_cache
def accessibility_statement(request):
    """The accessibility statement (saavutettavuusseloste) with its feedback form."""
    form = AccessibilityFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Thank you. Your feedback was received; we answer within 14 days.")
        )
        return redirect("feedback:statement")
    return render(request, "feedback/statement.html", {"form": form})
