from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from limits.counting import over_limit

from .forms import AccessibilityFeedbackForm

HOUR = 60 * 60


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accessibility_statement(request):
    """The accessibility statement (saavutettavuusseloste) with its feedback form."""
    form = AccessibilityFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Per client (limits.client): the honeypot stops only naive bots, and a flood of valid
        # messages would bury the ones the admins must answer within 14 days.
        if over_limit(request, "feedback", settings.FEEDBACK_LIMIT_PER_HOUR, HOUR):
            form.add_error(
                None,
                _(
                    "You have sent several messages within the last hour. This message was not "
                    "sent: please wait an hour and send it again. It is still in the form."
                ),
            )
            return render(request, "feedback/statement.html", {"form": form}, status=429)
        form.save()
        messages.success(
            request, _("Thank you. Your feedback was received; we answer within 14 days.")
        )
        return redirect("feedback:statement")
    return render(request, "feedback/statement.html", {"form": form})
