from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from languages import url_in_language


@require_safe
def switch_language(request, code):
    """Go to the same page (and filters) in another language: the old `/kieli/sv/?next=…`
    links, from before the language was in the URL. Pages now link to their other languages
    directly; the cookie is still set for the admin, which has no language in its URL.
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if code in dict(settings.LANGUAGES):
        next_url = url_in_language(next_url, code)
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


@require_safe
def finnish_prefix_redirect(request, rest):
    """`/fi/kartta/` is `/kartta/`: Finnish, the default language, has no prefix."""
    query = request.META.get("QUERY_STRING", "")
    # Never "//host": a protocol-relative URL would lead off the site.
    path = "/" + rest.lstrip("/\\")
    return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))


@require_safe
def favicon(request):
    """`/favicon.ico`, which browsers and feed readers ask for whatever the page links to:
    the static file (hashed in production, so not a permanent redirect)."""
    return HttpResponseRedirect(static("img/favicon.ico"))


def server_error(request):
    """The 500 page in the reader's language, rendered without the database or the request's
    context processors: they may be what failed. It says nothing about the error itself."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": translation.get_language()}))


@require_safe
def privacy_notice(request):
    return render(request, "privacy.html")
