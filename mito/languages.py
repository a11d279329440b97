"""The language is in the URL: Finnish without a prefix, Swedish under /sv/, English under /en/."""

from functools import lru_cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils import translation
from django.utils.translation import get_language, get_language_from_path


def page_url(name: str) -> str:
    """`reverse(name)` of a page without arguments, in the active language, reversed once per
    language and script prefix: every page's header and footer link to fifteen such pages."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(name, get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=512)
def _reversed(name: str, _language: str, _script_prefix: str, urlconf: str) -> str:
    # Reversed in the active language, under the active script prefix: both are in the key.
    return reverse(name, urlconf=urlconf)


def url_in_language(url: str, code: str) -> str:
    """The same page, with its query string, in another language (as a path).

    A path the site does not know is given back as it is.
    """
    return urls_in_languages(url)[code]


def urls_in_languages(url: str) -> dict[str, str]:
    """{language: url_in_language(url, language)} for every language, the path resolved once
    (Django's translate_url resolves it again for each language: every page lists all three)."""
    parts = urlsplit(url)
    language = get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    urls = {code: url for code, _name in settings.LANGUAGES}
    with translation.override(language):
        try:
            match = resolve(unquote(parts.path))  # it may be percent-encoded
        except Resolver404:
            return urls
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    for code in urls:
        with translation.override(code):
            try:
                path = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                continue
        urls[code] = parts._replace(path=path).geturl()
    return urls


def language_versions(request):
    """Template context: this page in every language, for hreflang links and the switcher.

    `x-default` is the Finnish page, the catalogue's original language.
    """
    urls = urls_in_languages(request.get_full_path())
    versions = [
        {"code": code, "url": url, "absolute": request.build_absolute_uri(url)}
        for code, url in urls.items()
    ]
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
