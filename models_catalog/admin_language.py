"""The admin wholly in Finnish and Swedish.

The admin's third-party parts come without some of their texts in Finnish or Swedish:
django-reversion has no Finnish, django-admin-sortable2 and django-axes neither language, and
Django 5.2's newest admin texts are not yet in its Finnish catalogue. They are listed here so
that `makemessages` puts them in the project's own catalogue (locale/), which Django reads before
any app's; tests/test_admin_languages.py finds any that are still missing.
(modeltranslation shows no text of its own: the languages' labels are built from ours.)
"""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

THIRD_PARTY_TEXTS = [
    # django-reversion: its history, revert and recover pages, and its comments.
    gettext_noop("Initial version."),
    gettext_noop("Deleted %(verbose_name)s."),
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Recover %(name)s"),
    gettext_noop("Revert %(name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop("Press the save button below to revert to this version of the object."),
    gettext_noop("There are no deleted objects to recover."),
    gettext_noop("Choose a date from the list below to recover a deleted version of an object."),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    # django-admin-sortable2: the inlines' arrows and the list's sort actions.
    gettext_noop("Move to first position"),
    gettext_noop("Move to last position"),
    gettext_noop("Sort"),
    gettext_noop("Move selected to specific page"),
    gettext_noop("Move selected ... pages back"),
    gettext_noop("Move selected ... pages forward"),
    gettext_noop("Move selected to first page"),
    gettext_noop("Move selected to last page"),
    # Django 5.2's admin index, not yet in its Finnish catalogue.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # django-axes: the sign-in records superusers see.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
]


def boolean_icon(value):
    """Django's yes/no icon, its text in the reader's language (Django's says "True")."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def install() -> None:
    # Django's lists, read-only fields and filters import the icon from here when they draw it.
    from django.contrib.admin.templatetags import admin_list

    admin_list._boolean_icon = boolean_icon
