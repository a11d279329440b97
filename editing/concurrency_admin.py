"""Two editors at once in the admin: nothing either saves is lost without a word.

A change form (and each row of its inlines) carries, hidden, the version of the row it was
opened at and the values it showed then. When it is posted after someone else saved the row:

- a field only the other editor changed takes their saved value (the form's own is the one
  it was opened with), a field only this editor changed keeps theirs: the two merge, and the
  save goes through with a note of what was merged;
- a field both changed, to different values, refuses the save: everything this editor typed
  stays in the form, the fields only the other editor changed show their values, and a table
  shows, field by field, the value when this editor opened the form, the other editor's and
  this editor's. The form is now based on the other editor's version, so saving again keeps
  their changes wherever this editor did not change the field.

The decision is taken with the row locked (PostgreSQL: the row; SQLite: the database's write
lock, taken first thing in the transaction), and the UPDATE itself checks the version
(versioning.Versioned), so a save that raced past both is refused by the database and the
view runs again on what is now saved.
"""

import json
from contextlib import suppress
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy

from .versioning import EditConflict, Versioned, lock

OPENED_VERSION = "opened_version"
OPENED_VALUES = "opened_values"
OPENED = (OPENED_VERSION, OPENED_VALUES)


def _widget(field):
    widget = field.widget
    while hasattr(widget, "widget"):  # the admin's RelatedFieldWidgetWrapper
        widget = widget.widget
    return widget


def _mergeable(field) -> bool:
    # Split widgets (date and time apart) post several keys; no content form has one.
    return not isinstance(_widget(field), forms.MultiWidget) and not field.disabled


def _is_multiple(field) -> bool:
    return getattr(_widget(field), "allow_multiple_selected", False)


def _as_posted(field, value) -> list[str]:
    """A value as the browser posts it back from a field the editor leaves alone."""
    widget = _widget(field)
    value = field.prepare_value(value)
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if widget.check_test(value) else []
    if _is_multiple(field):
        return sorted(str(item) for item in value or [])
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        return [str(item) for item in formatted]
    return ["" if formatted is None else str(formatted)]


def _same(field, one, other) -> bool:
    def normal(values):
        # A browser posts a text area's line breaks as CR LF; the field strips its text.
        values = [str(value).replace("\r\n", "\n").strip() for value in values or []]
        return sorted(values) if _is_multiple(field) else (values or [""])

    return normal(one) == normal(other)


def _shown(field, values) -> str:
    """A posted value as an editor reads it: labels of choices, "yes"/"no", the text."""
    widget = _widget(field)
    values = [value for value in values or [] if value != ""]
    if isinstance(widget, forms.CheckboxInput):
        return gettext("yes") if values else gettext("no")
    if not values:
        return "—"
    if isinstance(field, forms.ModelChoiceField):
        try:
            chosen = field.queryset.filter(pk__in=values)
            return ", ".join(sorted(str(obj) for obj in chosen))
        except (ValidationError, ValueError):
            pass
    elif isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, list | tuple):  # a group of choices
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        return ", ".join(labels.get(value, value) for value in values)
    return "\n".join(values)


@dataclass
class FieldChange:
    name: str
    label: str
    opened: list | None
    theirs: list
    mine: list


class ConcurrentModelForm(forms.ModelForm):
    """A model form that merges with, or refuses to overwrite, what was saved after it opened."""

    opened_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=gettext_lazy("Version when opened")
    )
    opened_values = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        strip=False,
        label=gettext_lazy("Values when opened"),
    )

    class Media:
        css = {"all": ["css/admin_concurrency.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: Fields both editors changed differently: the save is refused.
        self.edit_conflicts: list[FieldChange] = []
        #: Fields only the other editor changed: their values were taken into this form.
        self.merged: list[FieldChange] = []
        #: Fields only this editor changed.
        self.own_changes: list[FieldChange] = []
        self._merged_with_saved = False
        if self._versioned:
            # Whatever this form saves writes only over the version it read.
            self.instance.based_on(self.instance.version)

    @property
    def _versioned(self) -> bool:
        return isinstance(self.instance, Versioned) and self.instance.pk is not None

    def _saved_values(self) -> dict[str, list[str]]:
        return {
            name: _as_posted(
                field, super(ConcurrentModelForm, self).get_initial_for_field(field, name)
            )
            for name, field in self.fields.items()
            if name not in OPENED and _mergeable(field)
        }

    def get_initial_for_field(self, field, field_name):
        if field_name == OPENED_VERSION and self._versioned:
            return self.instance.version
        if field_name == OPENED_VALUES and self._versioned:
            return json.dumps(self._saved_values())
        return super().get_initial_for_field(field, field_name)

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name not in OPENED]

    def full_clean(self):
        if self.is_bound and self._versioned and not self._merged_with_saved:
            self._merged_with_saved = True
            self._merge_with_saved()
        super().full_clean()
        if self.edit_conflicts and hasattr(self, "cleaned_data"):
            self.add_error(None, self._conflict_error())

    def _posted(self, name, field) -> list[str]:
        key = self.add_prefix(name)
        if isinstance(_widget(field), forms.CheckboxInput):
            return ["on"] if _widget(field).value_from_datadict(self.data, self.files, key) else []
        if hasattr(self.data, "getlist"):
            return self.data.getlist(key)
        value = self.data.get(key)
        return [] if value is None else list(value) if isinstance(value, list | tuple) else [value]

    def _merge_with_saved(self) -> None:
        try:
            opened_version = int(self.data.get(self.add_prefix(OPENED_VERSION)))
        except (TypeError, ValueError):
            return  # posted without one (not from this form): saved as posted, as ever
        if opened_version == self.instance.version:
            return
        try:
            opened = json.loads(self.data.get(self.add_prefix(OPENED_VALUES)) or "{}")
        except ValueError:
            opened = {}
        if not isinstance(opened, dict):
            opened = {}
        saved = self._saved_values()
        data = self.data.copy()
        for name, theirs in saved.items():
            field = self.fields[name]
            mine, base = self._posted(name, field), opened.get(name)
            if _same(field, mine, theirs):
                continue
            change = FieldChange(name, str(field.label or name), base, theirs, mine)
            if base is not None and _same(field, mine, base):
                self.merged.append(change)  # only they changed it: theirs, in the form too
                if theirs:
                    data.setlist(self.add_prefix(name), theirs)
                else:
                    data.pop(self.add_prefix(name), None)
            elif base is None or not _same(field, theirs, base):
                self.edit_conflicts.append(change)
            else:
                self.own_changes.append(change)
        # From now on the form is based on what is saved: saving it again, deliberately,
        # writes this editor's values only where they differ from it.
        data[self.add_prefix(OPENED_VERSION)] = str(self.instance.version)
        data[self.add_prefix(OPENED_VALUES)] = json.dumps(saved)
        self.data = data

    def _conflict_error(self) -> ValidationError:
        def row(change, state):
            field = self.fields[change.name]
            opened = _shown(field, change.opened) if change.opened is not None else "?"
            return (
                change.label,
                state,
                opened,
                _shown(field, change.theirs),
                _shown(field, change.mine),
            )

        rows = [row(change, gettext("both of you changed it")) for change in self.edit_conflicts]
        rows += [
            row(change, gettext("only they changed it: their value is now in the form"))
            for change in self.merged
        ]
        rows += [row(change, gettext("only you changed it")) for change in self.own_changes]
        columns = [
            gettext("Field"),
            gettext("When you opened it"),
            gettext("Saved by the other editor"),
            gettext("Yours, kept in the form"),
        ]
        # Each cell names its column too: on a phone the rows stack (admin_concurrency.css).
        table = format_html(
            '<table class="edit-conflict"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
            format_html_join("", '<th scope="col">{}</th>', ((column,) for column in columns)),
            format_html_join(
                "",
                '<tr><th scope="row">{}<br><small>{}</small></th><td data-label="{}">{}</td>'
                '<td data-label="{}">{}</td><td data-label="{}">{}</td></tr>',
                (
                    (label, state, columns[1], opened, columns[2], theirs, columns[3], mine)
                    for label, state, opened, theirs, mine in rows
                ),
            ),
        )
        message = gettext(
            "Another editor saved “%(object)s” after you opened it and changed the same "
            "fields as you. Nothing was saved. What you typed is still in the form; fields "
            "only they changed now show their values. Merge the fields below and save again: "
            "their changes stay wherever you leave their value."
        ) % {"object": self.instance}
        return ValidationError(format_html("<p>{}</p>{}", message, table), code="edit_conflict")


class ConcurrentInlineMixin:
    """For an inline: each row is merged or refused like the main form (ConcurrentModelForm)."""

    form = ConcurrentModelForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields + [name for name in OPENED if name not in fields]


class ConcurrentAdminMixin:
    """For a model admin (before VersionAdmin): the lock, the retry and the merge's notice."""

    form = ConcurrentModelForm

    #: Times a save refused by the database (a race past the lock) is tried again.
    RETRIES = 2

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and issubclass(self.model, Versioned):
            # First thing in the transaction: the row locked until it commits (PostgreSQL),
            # the database's write lock taken (SQLite). Another editor's save waits here,
            # then reads what this one saved.
            with suppress(ValidationError, ValueError):  # no such object: the admin says so
                lock(self.model._base_manager.filter(**{from_field or "pk": unquote(object_id)}))
        return super().get_object(request, object_id, from_field)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Around VersionAdmin's revision, so that a refused attempt leaves none behind.
        for _attempt in range(self.RETRIES):
            try:
                return super().change_view(request, object_id, form_url, extra_context)
            except EditConflict:
                continue  # rolled back; read again what the other save committed
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        merged = [change.label for change in getattr(form, "merged", [])]
        for formset in formsets:
            for row in formset.forms:
                merged += [
                    f"{row.instance}: {change.label}" for change in getattr(row, "merged", [])
                ]
        if merged:
            self.message_user(
                request,
                gettext(
                    "Another editor saved this after you opened it. Their changes were kept "
                    "and yours saved on top of them; these fields have their values: %(fields)s."
                )
                % {"fields": ", ".join(merged)},
                messages.WARNING,
            )
