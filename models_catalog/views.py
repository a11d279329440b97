from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from api.metadata import CITATION, LICENCE, SOURCE_URL
from api.serializers import OperatingModelDetailSerializer
from mito.client import over_limit

from . import caching
from .compare import differing_aspects, parse_slugs, select_models
from .documents import shortlist_csv, shortlist_docx
from .exports import operating_models_csv
from .filters import OperatingModelFilter
from .models import (
    ChallengeTag,
    EvidenceStatus,
    GlossaryTerm,
    OperatingModel,
    Project,
    WellbeingCounty,
)
from .shortlist import (
    Shortlist,
    entries_for,
    shared_by_id,
    shared_contents,
    shared_from_query,
)
from .structured_data import operating_model_json_ld

PAGE_SIZES = [10, 20, 50, 100]
DEFAULT_PAGE_SIZE = 20


class OperatingModelListView(FilterView):
    filterset_class = OperatingModelFilter
    queryset = OperatingModel.objects.published().for_cards()
    # Invalid filter values are ignored (and shown as errors) instead of emptying the list.
    strict = False
    # The filters, facets and results: the same for every reader of a query string, so rendered
    # once and cached until the catalogue changes. The page around them holds what is the
    # reader's own (the CSRF token of the shortlist form, messages) and is never cached.
    template_name = "models_catalog/operatingmodel_list_body.html"
    page_template_name = "models_catalog/operatingmodel_list.html"

    def get(self, request, *args, **kwargs):
        parts = ("list", get_language(), request.GET.urlencode())
        body, query = caching.get_or_compute(parts, self.render_body)
        return render(request, self.page_template_name, {"body": mark_safe(body), "query": query})

    def render_body(self) -> tuple[str, str]:
        response = super().get(self.request).render()
        return response.content.decode(), self.filterset.form.cleaned_data.get("q") or ""

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, even with no parameters, so defaults and facets come from one path.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return int(size) if size.isdigit() and int(size) in PAGE_SIZES else DEFAULT_PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        # get_page() turns a malformed or too large page number into a real page, never a 404.
        paginator = self.get_paginator(queryset, page_size)
        paginator.count = self.filterset.total  # counted with the facets (get_context_data)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        # Facets first: the query that counts them also counts the results for the paginator.
        return super().get_context_data(
            facets=filterset.facets(),
            chips=filterset.chips(),
            page_sizes=PAGE_SIZES,
            page_size=self.get_paginate_by(None),
            query_without_page=_query_without(self.request.GET, "page"),
            export_query=_query_without(self.request.GET, "page", "page_size", "sort"),
            **kwargs,
        )


def _query_without(query_dict, *names):
    data = query_dict.copy()
    for name in names:
        data.pop(name, None)
    return data.urlencode()


class OperatingModelDetailView(DetailView):
    queryset = OperatingModel.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        # The same for every reader of the page: rendered once, cached until the catalogue
        # changes (ranking the related models grows with the catalogue).
        parts = caching.get_or_compute(
            ("detail", get_language(), request.get_host(), kwargs["slug"]),
            lambda: detail_parts(request, self.get_object()),
        )
        return render_detail(request, parts)


def detail_parts(request, operating_model, preview=False) -> dict:
    """The pieces of a model's page that are the same for every reader, as HTML."""
    published = OperatingModel.objects.published()
    related_pks = published.related_pks(operating_model, limit=4)
    page_url = request.build_absolute_uri(operating_model.get_absolute_url())
    context = {
        "object": operating_model,
        "operatingmodel": operating_model,
        "preview": preview,
        "related_models": published.for_cards().in_order_of(related_pks),
        "json_ld": operating_model_json_ld(operating_model, page_url),
        "page_url": page_url,
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
    return render(
        request, "models_catalog/operatingmodel_detail.html", {"parts": {**parts, **html}}
    )


class ProjectDetailView(DetailView):
    queryset = Project.objects.prefetch_related(
        Prefetch("operating_models", queryset=OperatingModel.objects.published())
    )


def map_view(request):
    counties = WellbeingCounty.objects.with_model_counts()
    return render(request, "models_catalog/map.html", {"counties": counties})


def compare(request):
    """Two to four models side by side: `?models=digimieli,mielikioski`."""
    selection = select_models(parse_slugs(request.GET.getlist("models")))
    return render(
        request,
        "models_catalog/compare.html",
        {
            "models": selection.models,
            "messages_list": selection.messages,
            "differs": differing_aspects(selection.models),
            "share_query": "models=" + ",".join(model.slug for model in selection.models),
        },
    )


@never_cache
def shortlist(request):
    """The reader's shortlist with a note per model; or, with `?models=…`, a shared one."""
    mine = Shortlist(request.session)
    if request.method == "POST":
        notes = {key[5:]: value for key, value in request.POST.items() if key.startswith("note-")}
        mine.set_notes(notes)
        if "share" in request.POST and len(mine):
            return _share(request, mine)
        messages.success(request, _("Your notes were saved."))
        return redirect("models_catalog:shortlist")
    shared = "models" in request.GET
    if shared:
        slugs, notes = shared_from_query(request.GET)
        entries = entries_for(slugs, notes)
    else:
        entries = mine.entries()
    return render(
        request,
        "models_catalog/shortlist.html",
        {"entries": entries, "shared": shared},
    )


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
def shortlist_shared(request, share_id):
    """A shortlist someone shared, with their notes, as long as its link is valid."""
    shared = shared_by_id(share_id)
    entries = entries_for(*shared_contents(shared)) if shared else []
    return render(
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


@require_POST
def shortlist_add(request):
    slug = request.POST.get("slug", "")
    if Shortlist(request.session).add(slug):
        messages.success(request, _("Added to your shortlist."))
    return redirect(_safe_next(request))


@require_POST
def shortlist_remove(request):
    Shortlist(request.session).remove(request.POST.get("slug", ""))
    return redirect(_safe_next(request, default="models_catalog:shortlist"))


@require_POST
def shortlist_import(request):
    """Make a shared shortlist the reader's own, notes included."""
    shared = shared_by_id(request.POST.get("shared", ""))
    slugs, notes = shared_contents(shared) if shared else shared_from_query(request.POST)
    Shortlist(request.session).replace(slugs, notes)
    messages.success(request, _("The shared shortlist is now yours."))
    return redirect("models_catalog:shortlist")


def shortlist_download(request, kind):
    if kind not in {"csv", "docx"}:
        raise Http404
    entries = Shortlist(request.session).entries()
    if "jaettu" in request.GET:
        shared = shared_by_id(request.GET["jaettu"])
        entries = entries_for(*shared_contents(shared)) if shared else []
    elif "models" in request.GET:
        entries = entries_for(*shared_from_query(request.GET))

    def page_url(model):
        return request.build_absolute_uri(model.get_absolute_url())

    if kind == "docx":
        return shortlist_docx(entries, page_url)
    return shortlist_csv(entries, page_url)


def _safe_next(request, default="models_catalog:list"):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


def challenges(request):
    """The recurring challenges, each with the models that met it and what they did."""
    tags = ChallengeTag.objects.prefetch_related(
        Prefetch("operating_models", queryset=OperatingModel.objects.published())
    )
    return render(request, "models_catalog/challenges.html", {"challenges": tags})


def glossary(request):
    return render(request, "models_catalog/glossary.html", {"terms": GlossaryTerm.objects.all()})


def evidence_statuses(request):
    return render(request, "models_catalog/evidence_statuses.html", {"statuses": EvidenceStatus})


@never_cache
@staff_member_required
def preview(request, slug):
    """A model's public page as it would look, drafts included; for editors only."""
    operating_model = get_object_or_404(OperatingModel.objects.for_detail(), slug=slug)
    response = render_detail(request, detail_parts(request, operating_model, preview=True))
    response["X-Robots-Tag"] = "noindex"
    return response


def _filtered_models(request):
    """Exactly what the list page shows for this query string, every page of it."""
    queryset = OperatingModel.objects.published().for_listing()
    return OperatingModelFilter(request.GET, queryset=queryset).qs


def export_csv(request):
    return operating_models_csv(_filtered_models(request))


def export_json(request):
    models = _filtered_models(request).for_detail()
    serializer = OperatingModelDetailSerializer(models, many=True, context={"request": request})
    data = {
        "licence": LICENCE,
        "citation": CITATION,
        "source": SOURCE_URL,
        "count": len(serializer.data),
        "results": serializer.data,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="toimintamallit.json"'
    return response


def open_data(request):
    return render(
        request,
        "models_catalog/open_data.html",
        {"licence": LICENCE, "citation": CITATION, "source": SOURCE_URL},
    )


def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /kieli/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
