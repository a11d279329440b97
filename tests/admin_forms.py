"""Reading an admin change form back as the POST data a browser would send."""

from django import forms
from django.urls import reverse


def change_url(model):
    return reverse("admin:models_catalog_operatingmodel_change", args=[model.pk])


def _field_value(bound_field):
    value = bound_field.value()
    if isinstance(bound_field.field, forms.BooleanField):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def form_data(response) -> dict:
    """What the browser would post back from an admin change form, unchanged."""
    data = {}
    forms_to_read = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms_to_read.append(formset.management_form)
        forms_to_read.extend(formset.forms)
    for form in forms_to_read:
        for bound_field in form:
            value = _field_value(bound_field)
            if value is not None:
                data[bound_field.html_name] = value
    return data


def step_prefix(data, number):
    """The form prefix of the inline row showing step `number`."""
    for key, value in data.items():
        if key.startswith("steps-") and key.endswith("-number") and value == str(number):
            return key[: -len("-number")]
    raise AssertionError(f"no step {number}")
