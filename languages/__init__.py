"""The language is in the URL: Finnish without a prefix, Swedish under /sv/, English under /en/."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path


def url_in_language(url: str, code: str) -> str:
    """The same page, with its query string, in another language (as a path).

    A path the site does not know is given back as it is.
    """
    language = get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return translate_url(url, code)


def language_versions(request):
    """Template context: this page in every language, for hreflang links and the switcher.

    `x-default` is the Finnish page, the catalogue's original language.
    """
    path = request.get_full_path()
    versions = [
        {"code": code, "url": url_in_language(path, code), "absolute": ""}
        for code, _name in settings.LANGUAGES
    ]
    for version in versions:
        version["absolute"] = request.build_absolute_uri(version["url"])
    default = next(v for v in versions if v["code"] == settings.LANGUAGE_CODE)
    return {"language_versions": versions, "default_language_version": default}


class UnprefixedLanguageMiddleware:
    """The admin and the API have no language in their URL (reader pages do): there the
    language is the reader's cookie (set by the language switch) or the browser's
    Accept-Language, as Django decides without a path. Without this, i18n_patterns would make
    every unprefixed path Finnish."""

    PREFIXES = ("/admin/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(self.PREFIXES):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
