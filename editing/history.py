"""The admin's history with values: what each version changed, field by field, and any two
versions side by side, with who saved them and when (django-reversion's versions).

django-reversion-compare would do this, but its current release needs Python 3.12 and its pages
carry inline styles and scripts, which the site's Content Security Policy refuses; this is the
small part of it the editors need. History entries ("Changed name and theme.") are stored
untranslated, as Django's own log is, and shown in the reader's language (`change_text`).
"""

import difflib
import json
import re

import reversion
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.models import Version

#: Context kept around a change in a long text, in words on each side.
CONTEXT_WORDS = 8
#: Never shown as a change: bookkeeping that every save touches.
NOT_SHOWN = {"updated_at", "created_at", "search_text"}


def label_text(label: str) -> str:
    """A field label as stored in a history entry (English), in the reader's language.

    The labels of translated fields are made up ("name [sv]", "name [sv]: translation status")
    and so have no entry of their own in the translations: their parts have.
    """
    if match := re.fullmatch(r"(.+) \[([a-z]{2})\]: translation status", label):
        return gettext("%(field)s [%(language)s]: translation status") % {
            "field": gettext(match[1]),
            "language": match[2],
        }
    if match := re.fullmatch(r"(.+) \[([a-z]{2})\]", label):
        return f"{gettext(match[1])} [{match[2]}]"
    return gettext(label)


def change_text(comment: str) -> str:
    """A revision's comment in the reader's language: Django's change message (JSON) or text."""
    try:
        messages = json.loads(comment)
    except ValueError:
        return gettext(comment) if comment else ""
    if not isinstance(messages, list):
        return comment
    for message in messages:
        for change in message.values():
            if isinstance(change, dict) and "fields" in change:
                change["fields"] = [label_text(label) for label in change["fields"]]
    return LogEntry(change_message=json.dumps(messages)).get_change_message()


def words_diff(before: str, after: str) -> tuple[list, list]:
    """Each text as (kind, words) pieces: "same", "removed" (before) or "added" (after).

    Unchanged stretches are cut to a few words on either side of a change.
    """
    old, new = before.split(), after.split()
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = old[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(same) > 2 * CONTEXT_WORDS + 1:
                head = [] if first else same[:CONTEXT_WORDS]
                tail = [] if last else same[-CONTEXT_WORDS:]
                same = [*head, "…", *tail]
            left.append(("same", " ".join(same)))
            right.append(("same", " ".join(same)))
            continue
        if i2 > i1:
            left.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            right.append(("added", " ".join(new[j1:j2])))
    return left, right


class VersionValues:
    """One version's fields as an editor reads them: labels and shown values, by field."""

    def __init__(self, version):
        self.version = version
        self.model = version._model
        self.values = {}
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        fields |= {f.attname: f for f in self.model._meta.many_to_many}
        translated = set(getattr(self.model, "TRANSLATED_FIELDS", []))
        for attname, value in version.field_dict.items():
            field = fields.get(attname)
            if field is None or field.name in NOT_SHOWN or field.name in translated:
                continue  # a translated field's own column repeats its Finnish version
            if field.name == "translation_status":
                self.values |= self._statuses(value or {})
                continue
            self.values[field.name] = (capfirst(str(field.verbose_name)), self._shown(field, value))

    def _shown(self, field, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(field, models.ManyToManyField):
            names = {
                str(pk): str(obj)
                for pk, obj in field.related_model._base_manager.in_bulk(value).items()
            }
            return ", ".join(sorted(names.get(str(pk), f"#{pk}") for pk in value))
        if isinstance(field, models.ForeignKey):
            obj = field.related_model._base_manager.filter(pk=value).first()
            return str(obj) if obj else f"#{value}"
        if field.flatchoices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return gettext("Yes") if value else gettext("No")
        if isinstance(field, models.DateTimeField):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return date_format(value, "DATE_FORMAT")
        return str(value)

    def _statuses(self, statuses: dict) -> dict:
        # The status field says what its values mean (models_catalog.translation_status).
        status_labels = getattr(self.model._meta.get_field("translation_status"), "labels", {})
        shown = {}
        for key, entry in sorted(statuses.items()):
            field, _sep, language = key.rpartition("_")
            try:
                label = self.model._meta.get_field(field).verbose_name
            except Exception:
                label = field
            status = entry.get("status") if isinstance(entry, dict) else None
            shown[f"status:{key}"] = (
                gettext("%(field)s [%(language)s]: translation status")
                % {"field": label, "language": language},
                str(status_labels.get(status, "—")),
            )
        return shown


def differences(before: VersionValues | None, after: VersionValues) -> list[dict]:
    """The fields whose shown value differs, in the model's order, with each side's value."""
    rows = []
    old = before.values if before else {}
    for key in [*after.values, *(k for k in old if k not in after.values)]:
        label, new_value = after.values.get(key, (old.get(key, ("", ""))[0], "—"))
        old_value = old.get(key, (label, "—"))[1]
        if old_value == new_value:
            continue
        left, right = words_diff(old_value, new_value)
        rows.append({"label": label, "before": left, "after": right})
    return rows


def parts_differences(before, after) -> list[dict]:
    """The parts saved with the object (steps, materials…): added, removed or changed."""

    def parts(version):
        if version is None:
            return {}
        followed = version.revision.version_set.exclude(pk=version.pk).select_related(
            "content_type"
        )
        return {(v.content_type_id, v.object_id): v for v in followed}

    old, new = parts(before), parts(after)
    rows = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[0], str(k[1]).zfill(12))):
        a, b = old.get(key), new.get(key)
        part = b or a
        name = capfirst(str(part.content_type.model_class()._meta.verbose_name))
        title = f"{name} “{part.object_repr}”"
        try:
            changes = differences(VersionValues(a) if a else None, VersionValues(b) if b else None)
        except Exception:
            changes = []
        if b is None:
            rows.append({"title": title, "state": gettext("removed"), "changes": []})
        elif a is None:
            rows.append({"title": title, "state": gettext("added"), "changes": changes})
        elif changes:
            rows.append({"title": title, "state": gettext("changed"), "changes": changes})
    return rows


class HistoryAdmin(VersionAdmin):
    """django-reversion's admin, its history showing what each version changed, and a page
    comparing any two versions."""

    object_history_template = "admin/history_with_values.html"
    history_latest_first = True

    class Media:
        css = {"all": ["css/admin_history.css"]}

    def get_deleted_objects(self, objs, request):
        """Without the rows of many-to-many link tables ("OperatingModel_counties object (1)"):
        they say nothing to an editor, and have no name in any language."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [
            model._meta
            for model in apps.get_models(include_auto_created=True)
            if model._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(str(opts.verbose_name))}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}

        def without_links(items):
            return [
                without_links(item) if isinstance(item, list) else item
                for item in items
                if isinstance(item, list) or not str(item).startswith(prefixes)
            ]

        counts = {name: count for name, count in counts.items() if str(name) not in plurals}
        return without_links(deleted), counts, perms_needed, protected

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._comment_untranslated(entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._comment_untranslated(entry)
        return entry

    def _comment_untranslated(self, entry):
        # reversion stores the message as the saving editor read it; keep Django's JSON instead,
        # which each reader sees in their own language (change_text).
        if reversion.is_active() and entry.change_message:
            reversion.set_comment(entry.change_message)

    def _versions(self, request, object_id):
        return self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).select_related(
                "revision", "revision__user"
            ),
        )

    def history_view(self, request, object_id, extra_context=None):
        versions = list(self._versions(request, object_id))
        # Each version against the one saved before it (the list runs newest first).
        chronological = sorted(versions, key=lambda v: (v.revision.date_created, v.pk))
        previous, entries = None, {}
        for version in chronological:
            values = VersionValues(version)
            entries[version.pk] = {
                "version": version,
                "comment": change_text(version.revision.comment),
                "changes": differences(previous, values) if previous else [],
                "parts": parts_differences(previous.version, version) if previous else [],
                "url": reverse(
                    f"{self.admin_site.name}:{self.model._meta.app_label}_"
                    f"{self.model._meta.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            previous = values
        context = {
            "entries": [entries[version.pk] for version in versions],
            "compare_url": reverse(
                f"{self.admin_site.name}:{self.model._meta.app_label}_"
                f"{self.model._meta.model_name}_compare",
                args=(quote(unquote(object_id)),),
            ),
            "media": self.media,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        versions = self._versions(request, object_id)
        try:
            chosen = [int(request.GET.get(name, "")) for name in ("from", "to")]
        except ValueError:
            chosen = []
        found = {v.pk: v for v in versions.filter(pk__in=chosen)} if chosen else {}
        if len(chosen) != 2 or set(chosen) - set(found):
            raise Http404(gettext("Choose two versions of this object to compare."))
        first, second = sorted(
            (found[pk] for pk in chosen), key=lambda v: (v.revision.date_created, v.pk)
        )
        obj = self.model._base_manager.filter(pk=unquote(object_id)).first()
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Compare versions of %(object)s") % {"object": first.object_repr},
            "subtitle": None,
            "opts": opts,
            "object": obj,
            "object_id": object_id,
            "first": first,
            "second": second,
            "first_comment": change_text(first.revision.comment),
            "second_comment": change_text(second.revision.comment),
            "changes": differences(VersionValues(first), VersionValues(second)),
            "parts": parts_differences(first, second),
            "history_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
                args=(quote(unquote(object_id)),),
            ),
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history_compare.html", context)
