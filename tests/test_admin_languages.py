"""The admin wholly in Finnish and Swedish: every page an editor opens, compared with its English
rendering; an English interface text that appears verbatim in the Finnish or Swedish page fails.

Content (names, texts, numbers, dates, addresses) is the same in every language and allowed:
a text counts as content when every word of it occurs in the catalogue's Finnish, Swedish or
language-neutral texts, or in the editors' names.
"""

import contextlib
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django.urls import NoReverseMatch, reverse
from reversion.models import Version

from models_catalog.models import Organisation
from models_catalog.signals import is_content as is_catalogue_content
from tests.admin_forms import change_url, form_data

pytestmark = pytest.mark.django_db

#: Attributes whose text a reader hears or sees.
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-placeholder"}
#: The report's own Finnish headings, quoted as they are in every language's help texts.
REPORT_TERMS = {"Tavoitteet.", "Haasteet ja ratkaisut."}
#: The same word in English and in the language checked (checked by hand).
SAME_IN_BOTH = {
    "fi": {"OK", "CSV", "ID", "URL", "PDF", "Video", "Axes"},
    "sv": {
        *("OK", "CSV", "ID", "URL", "PDF", "Video", "Axes", "Status", "Version", "Material"),
        *("Filter", "Definition", "Text", "Organisation"),
    },
}
#: The concurrency work (issue 31) replaces the operating model form's hidden version field.
BEING_REPLACED: set[str] = set()


class ShownText(HTMLParser):
    """The texts of a page a reader sees or hears: text nodes and a few attributes, without
    scripts, styles and what editors typed (textareas, input values)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.skip = set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style", "textarea", "svg"}:
            self.skip += 1
        for name in SHOWN_ATTRIBUTES & attrs.keys():
            self.add(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.add(attrs.get("value"))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "textarea", "svg"}:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.add(data)

    def add(self, text):
        text = re.sub(r"\s+", " ", text or "").strip()
        if re.search(r"[A-Za-z]{2}", text):
            self.texts.add(text)


def shown_texts(html: str) -> set[str]:
    parser = ShownText()
    parser.feed(html)
    return parser.texts


def content_words() -> set[str]:
    """Every word of the catalogue's texts but their English versions, and the users' names."""
    words = set()
    for model in apps.get_models():
        if not is_catalogue_content(model):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(
                f, models.CharField | models.TextField | models.URLField | models.SlugField
            )
            and not f.attname.endswith("_en")
        ]
        for row in model._base_manager.values_list(*fields):
            for value in row:
                words.update(re.findall(r"\w+", str(value or "")))
    for version in Version.objects.all():  # what history keeps is content too
        words.update(re.findall(r"\w+", version.serialized_data))
    for user in User.objects.all():
        words.update(re.findall(r"\w+", f"{user.username} {user.get_full_name()}"))
    return words


def is_content(text: str, words: set[str], language: str) -> bool:
    if text in SAME_IN_BOTH[language] or text in REPORT_TERMS | BEING_REPLACED:
        return True
    tokens = [token for token in re.findall(r"\w+", text) if not token.isdigit()]
    return all(token in words or token in SAME_IN_BOTH[language] for token in tokens)


@pytest.fixture
def editor(db):
    user = User.objects.create_user(
        "toimittaja", password="x", is_staff=True, first_name="Tiina", last_name="Toimittaja"
    )
    user.groups.add(Group.objects.get(name="Toimittaja"))
    return user


def admin_pages(client, catalogue) -> list[str]:
    """Every kind of page an editor opens: index, lists, add and change forms, delete pages,
    histories, a version, the compare page, the deleted rows and one to recover."""
    model = catalogue[13]
    for change in ("Ensimmäinen tallennus.", "Toinen tallennus."):
        data = form_data(client.get(change_url(model)))
        data["results_fi"] = f"{model.results} {change}"
        assert client.post(change_url(model), data).status_code == 302
    add = reverse("admin:models_catalog_organisation_add")
    data = form_data(client.get(add))
    data.update(name_fi="Poistettava järjestö", slug="poistettava-jarjesto")
    assert client.post(add, data).status_code == 302
    organisation = Organisation.objects.get(slug="poistettava-jarjesto")
    delete = reverse("admin:models_catalog_organisation_delete", args=[organisation.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    deleted = Version.objects.get_deleted(Organisation).first()
    versions = list(Version.objects.get_for_object(model).order_by("pk"))

    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model_class in admin.site._registry:
        opts = model_class._meta
        info = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(reverse(f"{info}_changelist"))
        pages.append(reverse("admin:app_list", args=[opts.app_label]))
        obj = model_class._default_manager.first()
        for name, args in [
            ("add", []),
            ("change", [obj.pk] if obj else None),
            ("history", [obj.pk] if obj else None),
            ("delete", [obj.pk] if obj else None),
            ("recoverlist", []),
        ]:
            if args is None:
                continue
            with contextlib.suppress(NoReverseMatch):  # recoverlist: reversion's admins only
                pages.append(reverse(f"{info}_{name}", args=args))
    pages += [
        reverse("admin:models_catalog_operatingmodel_history", args=[model.pk]),
        reverse("admin:models_catalog_operatingmodel_revision", args=[model.pk, versions[0].pk]),
        reverse("admin:models_catalog_operatingmodel_compare", args=[model.pk])
        + f"?from={versions[0].pk}&to={versions[-1].pk}",
        reverse("admin:models_catalog_organisation_recover", args=[deleted.pk]),
    ]
    return list(dict.fromkeys(pages))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_admin_has_no_english_interface_text(client, editor, catalogue, language):
    client.force_login(editor)
    pages = admin_pages(client, catalogue)
    words = content_words()
    found = {}
    for page in pages:
        english = client.get(page, HTTP_ACCEPT_LANGUAGE="en")
        translated = client.get(page, HTTP_ACCEPT_LANGUAGE=language)
        if english.status_code in {403, 404}:  # not this editor's (users, permissions)
            continue
        assert english.status_code == translated.status_code == 200, page
        assert f'lang="{language}"' in translated.content.decode()[:300], page
        same = shown_texts(translated.content.decode()) & shown_texts(english.content.decode())
        leaks = sorted(text for text in same if not is_content(text, words, language))
        if leaks:
            found[page] = leaks
    assert found == {}


@pytest.mark.parametrize(
    ("language", "available", "select2"),
    [("fi", "Mahdolliset", "fi.js"), ("sv", "Tillgängliga", "sv.js")],
)
def test_the_widgets_scripts_speak_the_editors_language(
    client, editor, catalogue, language, available, select2
):
    """The two-box selectors and calendars read Django's JavaScript catalogue; the
    municipalities' autocomplete loads select2's texts in the editor's language."""
    client.force_login(editor)
    html = client.get(change_url(catalogue[13]), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'src="/admin/jsi18n/"' in html
    assert f"admin/js/vendor/select2/i18n/{select2}" in html
    catalogue_js = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE=language)
    assert catalogue_js.status_code == 200
    assert json.dumps(available)[1:-1] in catalogue_js.content.decode()
