from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import DetailView

from limits.counting import over_limit

from . import caching, nearby
from .adoption import adoptions_by_county, taking_into_use, uses
from .compare import differing_aspects, mark_chosen, parse_slugs, select_models
from .documents import shortlist_csv, shortlist_docx, shortlist_xlsx
from .exports import operating_models_csv, operating_models_xlsx
from .forms import ALREADY_REPORTED, AdoptionReportForm
from .licence import CITATION, LICENCE, SOURCE_URL
from .listing import (
    PAGE_SIZES,
    build_listing,
    cache_key,
    download,
    filtered_for_export,
    normalised_query,
)
from .models import (
    ChallengeTag,
    EvidenceStatus,
    FormerSlug,
    GlossaryTerm,
    OperatingModel,
    Project,
    WellbeingCounty,
    is_slug,
)
from .shortlist import (
    MAX_MODELS,
    Shortlist,
    entries_for,
    mark_added,
    shared_by_id,
    shared_contents,
    shared_from_query,
)
from .structured_data import operating_model_json_ld


@require_safe
def operating_model_list(request):
    # The filters, facets and results are the same for every reader of a query, so rendered
    # once and cached until the catalogue changes; the page around them holds what is the
    # reader's own (the CSRF token of the shortlist form, messages) and is never cached.
    query = normalised_query(request.GET)

    def render_body():
        listing = build_listing(query)
        html = render_to_string(
            "models_catalog/operatingmodel_list_body.html", listing.context(), request
        )
        return html, listing.filter.cleaned().get("q") or ""

    body, text = caching.get_or_compute(cache_key(query), render_body)
    # The reader's own ticks for comparison (`models`, where an add to the shortlist returns
    # them) are left out of the normalised query, so they never multiply cached pages.
    ticked = request.GET.getlist("models")
    address = request.GET.copy()
    address.pop("models", None)
    body = mark_added(mark_chosen(body, ticked), Shortlist(request.session).slugs)
    return render(
        request,
        "models_catalog/operatingmodel_list.html",
        {
            "body": mark_safe(body),
            "query": text,
            "remembered": nearby.remember(request, query),
            # The token and address only where a button sends them: a form with nothing to
            # send it is an error to assistive technology (a search without results has none).
            "with_shortlist_form": 'form="shortlist-add"' in body,
            "next": f"{request.path}?{address.urlencode()}" if address else request.path,
        },
    )


class OperatingModelDetailView(DetailView):
    queryset = OperatingModel.objects.published().for_detail().with_adoption()

    def get(self, request, *args, **kwargs):
        # The same for every reader of the page: rendered once, cached until the catalogue
        # changes (ranking the related models grows with the catalogue).
        try:
            parts = caching.get_or_compute(
                ("detail", get_language(), request.get_host(), kwargs["slug"]),
                lambda: detail_parts(request, self.get_object()),
            )
        except Http404:
            return redirect_from_former_slug(self.get_queryset(), kwargs["slug"])
        return render_detail(request, parts)


def redirect_from_former_slug(queryset, slug):
    """301 to the page that had this slug before (in the reader's language), else 404."""
    address = FormerSlug.current_url(queryset, slug)
    if address is None:
        raise Http404
    return redirect(address, permanent=True)


def attach_link_checks(operating_model) -> None:
    """Put the last check of each link (links app) on the model and its prefetched materials."""
    from links.models import LinkCheck

    materials = operating_model.materials.all()
    checks = LinkCheck.objects.by_url([operating_model.innokyla_url, *(m.url for m in materials)])
    operating_model.innokyla_check = checks.get(operating_model.innokyla_url)
    for material in materials:
        material.link_check = checks.get(material.url)


def detail_parts(request, operating_model, preview=False) -> dict:
    """The pieces of a model's page that are the same for every reader, as HTML."""
    published = OperatingModel.objects.published()
    attach_link_checks(operating_model)
    related_pks = published.related_pks(operating_model, limit=4)
    page_url = request.build_absolute_uri(operating_model.get_absolute_url())
    context = {
        "object": operating_model,
        "operatingmodel": operating_model,
        "preview": preview,
        "related_models": published.for_cards().in_order_of(related_pks),
        "json_ld": operating_model_json_ld(operating_model, page_url),
        "page_url": page_url,
        # "Taking it into use" and "where it is used now".
        "taking_into_use": taking_into_use(operating_model),
        "uses": uses(operating_model),
    }
    return {
        "name": operating_model.name,
        "theme": operating_model.theme,
        "head": render_to_string(
            "models_catalog/operatingmodel_detail_head.html", context, request
        ),
        "content": render_to_string(
            "models_catalog/operatingmodel_detail_content.html", context, request
        ),
    }


def render_detail(request, parts):
    html = {name: mark_safe(parts[name]) for name in ("head", "content")}
    html["content"] = mark_safe(mark_added(parts["content"], Shortlist(request.session).slugs))
    return render(
        request, "models_catalog/operatingmodel_detail.html", {"parts": {**parts, **html}}
    )


class ProjectDetailView(DetailView):
    queryset = Project.objects.prefetch_related(
        Prefetch("operating_models", queryset=OperatingModel.objects.published())
    )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return redirect_from_former_slug(self.get_queryset(), kwargs["slug"])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_adoption(request, slug):
    """A coordinator tells that their municipality uses a model; shown once approved."""
    operating_model = get_object_or_404(OperatingModel.objects.published(), slug=slug)
    form = AdoptionReportForm(request.POST or None, operating_model=operating_model)
    context = {"form": form, "operating_model": operating_model}
    if request.method == "POST" and form.is_valid():
        # Per client, as the accessibility feedback (limits.client): reports wait for an
        # editor, and a flood would bury the real ones.
        if over_limit(request, "adoption", settings.ADOPTION_REPORT_LIMIT_PER_HOUR, 60 * 60):
            form.add_error(
                None,
                _(
                    "You have sent several reports within the last hour. This report was not "
                    "sent: please wait an hour and send it again. It is still in the form."
                ),
            )
            return render(request, "models_catalog/adoption_report.html", context, status=429)
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # the same report sent twice at once
            form.add_error(None, ALREADY_REPORTED)
            return render(request, "models_catalog/adoption_report.html", context)
        messages.success(
            request,
            _(
                "Thank you. Your report was received; it is shown on the model's page once "
                "an editor has checked it."
            ),
        )
        return redirect(operating_model)
    return render(request, "models_catalog/adoption_report.html", context)


@require_safe
def projects(request):
    return render(
        request, "models_catalog/project_list.html", {"projects": Project.objects.for_index()}
    )


@require_safe
def map_view(request):
    counties = WellbeingCounty.objects.with_model_counts()
    return render(
        request,
        "models_catalog/map.html",
        {"counties": counties, "used_now": adoptions_by_county()},
    )


@csrf_exempt  # a post changes nothing here: it is only sent on to the address below
@require_http_methods(["GET", "HEAD", "POST"])
def compare(request):
    """Two to four models side by side: `?models=digimieli,mielikioski`.

    The list page's form is posted (it also adds to the shortlist, views.shortlist_add): its
    compare button's post goes on to the comparison's own address, to keep and share."""
    if request.method == "POST":
        chosen = urlencode({"models": parse_slugs(request.POST.getlist("models"))}, doseq=True)
        return redirect(f"{request.path}?{chosen}" if chosen else request.path)
    selection = select_models(parse_slugs(request.GET.getlist("models")))
    html = render_to_string(
        "models_catalog/compare.html",
        {
            "models": selection.models,
            "messages_list": selection.messages,
            "differs": differing_aspects(selection.models),
            "share_query": "models=" + ",".join(model.slug for model in selection.models),
        },
        request,
    )
    return HttpResponse(mark_added(html, Shortlist(request.session).slugs))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def shortlist(request):
    """The reader's shortlist with a note per model; or, with `?models=…`, a shared one."""
    mine = Shortlist(request.session)
    if request.method == "POST":
        # Every button of the page sends the notes as typed (the form holds them all), so
        # none is lost without JavaScript; site.js also sends them as they are typed.
        notes = {key[5:]: value for key, value in request.POST.items() if key.startswith("note-")}
        mine.set_notes(notes)
        if _wants_json(request):
            return JsonResponse({"saved": True})
        if "remove" in request.POST:
            mine.remove(request.POST["remove"])
            return redirect("models_catalog:shortlist")
        if "share" in request.POST and len(mine):
            return _share(request, mine)
        if request.POST.get("download") in DOWNLOADS:
            return redirect("models_catalog:shortlist_download", kind=request.POST["download"])
        messages.success(request, _("Your notes were saved."))
        return redirect("models_catalog:shortlist")
    shared = "models" in request.GET
    if shared:
        slugs, notes = shared_from_query(request.GET)
        entries = entries_for(slugs, notes)
    else:
        entries = mine.entries()
    response = render(
        request,
        "models_catalog/shortlist.html",
        {"entries": entries, "shared": shared},
    )
    return _kept_from_search_engines(response) if shared else response


def _kept_from_search_engines(response):
    # A shared list is any reader's text under the site's name: never indexed.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _share(request, mine):
    """Store the shortlist with its notes and open its link, which carries only an id."""
    if over_limit(request, "share", settings.SHARE_LIMIT_PER_HOUR, 60 * 60):
        messages.error(
            request,
            _("Your notes were saved, but no more links can be made from here for an hour."),
        )
        return redirect("models_catalog:shortlist")
    shared = mine.share()
    return redirect("models_catalog:shortlist_shared", share_id=shared.pk)


@never_cache
@require_safe
def shortlist_shared(request, share_id):
    """A shortlist someone shared, with their notes, as long as its link is valid."""
    shared = shared_by_id(share_id)
    entries = entries_for(*shared_contents(shared)) if shared else []
    response = render(
        request,
        "models_catalog/shortlist.html",
        {
            "entries": entries,
            "shared": True,
            "stored": shared,
            "missing": shared is None,
            "share_url": request.build_absolute_uri(request.path),
        },
        status=200 if shared else 404,
    )
    return _kept_from_search_engines(response)


def _wants_json(request) -> bool:
    """Sent by site.js's fetch, which updates the page in place; a form's own submission
    asks for HTML."""
    return request.headers.get("Accept", "") == "application/json"


@require_POST
def shortlist_add(request):
    """Add a model and go back to where the reader was: to its card (`#model-<slug>`) on the
    page they came from, or, asked by site.js, just say how it went."""
    slug = request.POST.get("slug", "")
    mine = Shortlist(request.session)
    already = slug in mine
    added = mine.add(slug)
    if added:
        message = _("Added to your shortlist.")
    elif already:
        message = _("Already on your shortlist")
    elif len(mine) >= MAX_MODELS:
        message = _("The shortlist holds at most %(max)s models: remove one to add another.") % {
            "max": MAX_MODELS
        }
    else:
        message = _("The model could not be added. Try again.")
    if _wants_json(request):
        return JsonResponse(
            {"added": added, "on_shortlist": slug in mine, "message": message},
            status=200 if slug in mine else 400,
        )
    messages.add_message(request, messages.SUCCESS if slug in mine else messages.ERROR, message)
    address, _hash, fragment = _safe_next(request).partition("#")
    # Sent from the list page's form, the add carries the reader's ticks for comparison: the
    # page shows them again (operating_model_list), as the script leaves them in place.
    ticked = [s for s in dict.fromkeys(parse_slugs(request.POST.getlist("models"))) if is_slug(s)]
    ticked = ticked[: max(PAGE_SIZES)]  # no more than a page has
    if ticked:
        address += ("&" if "?" in address else "?") + urlencode({"models": ticked}, doseq=True)
    if slug in mine and not fragment:
        fragment = f"model-{slug}"
    return redirect(f"{address}#{fragment}" if fragment else address)


@require_POST
def shortlist_import(request):
    """Make a shared shortlist the reader's own, notes included."""
    shared = shared_by_id(request.POST.get("shared", ""))
    slugs, notes = shared_contents(shared) if shared else shared_from_query(request.POST)
    Shortlist(request.session).replace(slugs, notes)
    messages.success(request, _("The shared shortlist is now yours."))
    return redirect("models_catalog:shortlist")


DOWNLOADS = {"csv": shortlist_csv, "docx": shortlist_docx, "xlsx": shortlist_xlsx}


@require_safe
def shortlist_download(request, kind):
    if kind not in DOWNLOADS:
        raise Http404
    entries = Shortlist(request.session).entries()
    if "jaettu" in request.GET:
        shared = shared_by_id(request.GET["jaettu"])
        entries = entries_for(*shared_contents(shared)) if shared else []
    elif "models" in request.GET:
        entries = entries_for(*shared_from_query(request.GET))

    def page_url(model):
        return request.build_absolute_uri(model.get_absolute_url())

    return DOWNLOADS[kind](entries, page_url)


def _safe_next(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("models_catalog:list")


@require_safe
def challenges(request):
    """The recurring challenges, each with the models that met it and what they did."""
    tags = ChallengeTag.objects.prefetch_related(
        Prefetch("operating_models", queryset=OperatingModel.objects.published())
    )
    return render(request, "models_catalog/challenges.html", {"challenges": tags})


@require_safe
def glossary(request):
    return render(request, "models_catalog/glossary.html", {"terms": GlossaryTerm.objects.all()})


@require_safe
def evidence_statuses(request):
    return render(request, "models_catalog/evidence_statuses.html", {"statuses": EvidenceStatus})


@never_cache
@staff_member_required
def preview(request, slug):
    """A model's public page as it would look, drafts included; for editors only."""
    operating_model = get_object_or_404(
        OperatingModel.objects.for_detail().with_adoption(), slug=slug
    )
    response = render_detail(request, detail_parts(request, operating_model, preview=True))
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def export_csv(request):
    return download("csv", request, operating_models_csv)


@require_safe
def export_xlsx(request):
    return operating_models_xlsx(filtered_for_export(request.GET))


def api_rate() -> tuple[int, str]:
    """The API's limit per address as the open-data page states it: from the setting that
    sets it (API_ANON_RATE, "120/minute"), read as Django REST framework reads it."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]
    count, period = rate.split("/")
    periods = {
        "s": pgettext("requests per", "a second"),
        "m": pgettext("requests per", "a minute"),
        "h": pgettext("requests per", "an hour"),
        "d": pgettext("requests per", "a day"),
    }
    return int(count), periods[period[0]]


@require_safe
def open_data(request):
    requests, period = api_rate()
    return render(
        request,
        "models_catalog/open_data.html",
        {
            "licence": LICENCE,
            "citation": CITATION,
            "source": SOURCE_URL,
            "api_requests": requests,
            "api_period": period,
        },
    )


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /kieli/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
