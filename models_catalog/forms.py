from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Adoption, Municipality

ALREADY_REPORTED = _("This use of the model has already been reported; thank you.")


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AdoptionReportForm(forms.ModelForm):
    """A coordinator's report that their municipality uses a model; an editor approves it."""

    # Left empty by people; bots fill every field they find (as the feedback form).
    website = forms.CharField(required=False, widget=forms.HiddenInput)
    municipality = MunicipalityChoiceField(
        queryset=Municipality.objects.all(), label=_("Municipality"), to_field_name="slug"
    )

    class Meta:
        model = Adoption
        fields = ["municipality", "organisation", "since", "contact_name", "contact_email"]
        help_texts = {
            "contact_name": _("Shown on the model's page once an editor approves the report."),
            "contact_email": _("Shown on the model's page once an editor approves the report."),
        }
        widgets = {
            "organisation": forms.TextInput(
                attrs={"maxlength": 200, "autocomplete": "organization"}
            ),
            "since": forms.NumberInput(attrs={"min": 1990, "max": 2100, "inputmode": "numeric"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, operating_model, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.operating_model = operating_model
        self.instance.source = Adoption.Source.READER
        self.instance.status = Adoption.Status.PENDING

    def clean(self):
        cleaned = super().clean()
        # The model is not a field of the form, so its unique constraint is checked here.
        reported = Adoption.objects.filter(
            operating_model=self.instance.operating_model,
            municipality=cleaned.get("municipality"),
            organisation=cleaned.get("organisation", ""),
        )
        if cleaned.get("municipality") and reported.exists():
            raise forms.ValidationError(ALREADY_REPORTED)
        return cleaned

    def clean_organisation(self):
        return " ".join(self.cleaned_data["organisation"].split())

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent."))
        return ""
