from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityFeedback


class AccessibilityFeedbackForm(forms.ModelForm):
    # Left empty by people; bots fill every field they find.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "email"]
        labels = {"page_url": _("Page address (optional)"), "email": _("Email (optional)")}
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) > 5000:
            raise forms.ValidationError(_("Please keep the message under 5 000 characters."))
        return message

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent."))
        return ""
