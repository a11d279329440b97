"""The list page as one function of its query string: results, facets, chips and total."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.html import escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from search import engine as search

from . import caching, nearby
from .filters import Chip, Facet, OperatingModelFilter, SortChoice
from .models import EXCERPT_FIELDS, OperatingModel, is_slug

PAGE_SIZES = [10, 20, 50, 100]
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_DIGITS = 6
MAX_FACET_VALUES = 100


@dataclass
class Listing:
    filter: OperatingModelFilter
    page_obj: Page
    facets: list[Facet]
    chips: list[Chip]
    search: search.Result
    page_size: int
    #: The canonical query string without the page (for page links) and for the downloads.
    query_without_page: str
    export_query: str
    #: The query string with the corrected search words ("did you mean").
    suggestion_query: str
    #: The counties next to the one the reader asked for, which has no model for them.
    nearby: "Nearby | None" = None
    #: The reader's municipality, whose county's models come first (nearby.ordered), or None.
    near: object = None

    @property
    def paginator(self) -> Paginator:
        return self.page_obj.paginator

    def context(self) -> dict:
        """What the list templates read (the names Django's list views use)."""
        return {
            "filter": self.filter,
            "page_obj": self.page_obj,
            "paginator": self.paginator,
            "object_list": self.page_obj.object_list,
            "is_paginated": self.paginator.num_pages > 1,
            "facets": self.facets,
            "chips": self.chips,
            "search": self.search,
            "page_sizes": PAGE_SIZES,
            "page_size": self.page_size,
            "query_without_page": self.query_without_page,
            "export_query": self.export_query,
            "suggestion_query": self.suggestion_query,
            "nearby": self.nearby,
            "near": self.near,
            # The municipality facet's own vocabulary, read once for both.
            "near_options": [
                (value, label) for value, label, _lang in self.filter.vocabulary("municipality")
            ],
        }


def page_size(query: QueryDict) -> int:
    size = query.get("page_size", "")
    return int(size) if _is_number(size) and int(size) in PAGE_SIZES else DEFAULT_PAGE_SIZE


def _is_number(text: str) -> bool:
    # ASCII only: "²".isdigit() holds, but int("²") fails.
    return text.isascii() and text.isdigit()


def normalised_query(query: QueryDict) -> QueryDict:
    """The list page's own parameters in one fixed form: unknown parameters (utm_source,
    fbclid …) dropped, facet values slug-shaped, deduplicated and sorted, defaults left out.

    The page is built from this alone, so equivalent URLs give the same page, share one cached
    copy, and junk cannot add entries to the cache.
    """
    normal = QueryDict(mutable=True)
    text = " ".join(query.get("q", "").split())
    if text:
        normal["q"] = text[: search.MAX_QUERY_LENGTH + 1]  # too long: the form says so
    for facet in OperatingModelFilter.FACETS:
        values = sorted({value for value in query.getlist(facet) if is_slug(value)})
        if values:
            normal.setlist(facet, values[:MAX_FACET_VALUES])
    sort = query.get("sort", "")
    if sort in dict(SortChoice.choices) and sort != SortChoice.DEFAULT:
        normal["sort"] = sort
    size = page_size(query)
    if size != DEFAULT_PAGE_SIZE:
        normal["page_size"] = str(size)
    near = query.get("near", "")
    if is_slug(near):
        normal["near"] = near
    page = query.get("page", "")
    if _is_number(page) and int(page) > 1:
        # Past the last page is the last page; the number only needs to be large enough.
        normal["page"] = str(min(int(page), 10**MAX_PAGE_DIGITS))
    return normal


def cache_key(normal: QueryDict) -> tuple:
    """The page cache's key of a normalised query, in the reader's language."""
    return ("list", get_language(), normal.urlencode())


def filtered_for_export(query: QueryDict):
    """Exactly the models the list page shows for this query, every page of it."""
    return _export_filter(query).qs.for_export()


def _export_filter(query: QueryDict) -> OperatingModelFilter:
    return OperatingModelFilter(query, queryset=OperatingModel.objects.published())


def download(kind: str, request, render):
    """Exactly the models the list page shows for the request's query, every page of it, as
    `render(models)` streams them. Asked without a filter, the whole catalogue comes from the
    file kept for the current generation (caching.kept_download)."""
    filterset = _export_filter(request.GET)
    response = render(filterset.qs.for_export())
    if filterset.canonical_query():
        return response
    return caching.kept_download(kind, request.build_absolute_uri("/"), response)


def build_listing(query: QueryDict) -> Listing:
    """The page of results, facets, chips and total for a normalised query."""
    published = OperatingModel.objects.published()
    filterset = OperatingModelFilter(query, queryset=published)
    result = filterset.run_search(published)
    chosen = filterset.chosen_facets()
    counts, total = search.facet_counts(result, chosen, filterset.FACETS)

    # A county the query names (by its name or a municipality's): its own models first; when
    # it has none, none of the others either, but those of the counties next to it, said so.
    place, first = filterset.named_county(result), ()
    shown = filterset.with_facets(result.queryset)
    if place and counts["county"].get(place):
        first = filterset.in_named_county(result)
    elif place:
        chosen = {**chosen, "county": [place]}
        counts, total = search.facet_counts(result, chosen, filterset.FACETS)
        shown = filterset.filters["county"].filter(shown, [place])
    elif list(chosen.get("county", ())) and len(chosen["county"]) == 1 and not total:
        place = chosen["county"][0]  # a county chosen (a map's empty tile) with no models
    answer_nearby = _nearby(filterset, result, chosen, place) if place and not total else None

    size = page_size(query)
    shown = filterset.ordered(shown, result, first)
    shown = shown.for_search_cards() if result.mode else shown.for_cards()
    near = nearby.municipality(query.get("near", ""))
    if near:
        shown = nearby.ordered(shown, near)
    paginator = Paginator(shown, size)
    paginator.count = total  # counted with the facets, in the same query
    page = paginator.get_page(query.get("page", "1"))
    if result.mode:
        tags = _matched_tags(filterset, result, [model.pk for model in page.object_list])
        for model in page.object_list:
            model.search_excerpt = search.excerpt(_excerpt_texts(model), result.query)
            model.matched_tags = tags.get(model.pk, [])
    if near:
        nearby.explain(page.object_list, near)

    canonical = filterset.canonical_query()
    if near:
        canonical["near"] = near.slug
    without_page = canonical.copy()
    if size != DEFAULT_PAGE_SIZE:
        without_page["page_size"] = str(size)
    exported = canonical.copy()
    exported.pop("sort", None)
    corrected = canonical.copy()
    corrected["q"] = result.suggestion
    return Listing(
        filter=filterset,
        page_obj=page,
        facets=filterset.facets(
            counts,
            search.catalogue_counts(result, filterset.FACETS) if result.mode else None,
        ),
        chips=filterset.chips(canonical),
        search=result,
        page_size=size,
        query_without_page=without_page.urlencode(),
        export_query=exported.urlencode(),
        suggestion_query=corrected.urlencode() if result.suggestion else "",
        nearby=answer_nearby,
        near=near,
    )


#: At most this many of the nearby counties' models are shown.
NEARBY_MODELS = 12


@dataclass
class Nearby:
    """The answer for a county with no model for the query: the counties next to it."""

    county: tuple[str, str | None]  # (name, language of the name or None)
    counties: list[tuple[str, str | None]]
    models: list
    #: Whether the county has models at all (none of them for this query) or none.
    has_models: bool

    @property
    def county_html(self) -> str:
        """The county's name, marked with its language where it is not the page's."""
        name, language = self.county
        if language and language != get_language():
            return format_html('<span lang="{}">{}</span>', language, name)
        return escape(name)


def _nearby(filterset, result, chosen, place) -> Nearby | None:
    """The models of the counties next to `place` that match the query's other words and
    the reader's other filters, best first."""
    counties = nearby.neighbours(place)
    if not counties:
        return None
    place_term = search.label_term(f"county:{place}")
    rest = " ".join(
        group.word
        for group in (result.query.groups if result.mode else ())
        if (place_term,) not in group.alternatives
    )
    published = OperatingModel.objects.published()
    found = search.search(published, rest)
    models = found.queryset
    for name, values in chosen.items():
        if name != "county":
            models = filterset.filters[name].filter(models, values)
    models = filterset.filters["county"].filter(models, list(counties))
    models = filterset.ordered(models, found)
    models = list((models.for_search_cards() if found.mode else models.for_cards())[:NEARBY_MODELS])
    for model in models:
        if found.mode:
            model.search_excerpt = search.excerpt(_excerpt_texts(model), found.query)
    names = {value: (label, lang) for value, label, lang in filterset.vocabulary("county")}
    return Nearby(
        names[place],
        [names[county] for county in counties if county in names],
        models,
        has_models=bool(search.having(result, "county", [place])),
    )


@dataclass(frozen=True)
class MatchedTag:
    """A vocabulary entry the query named that a model is tagged with: why it matched."""

    kind: str
    label: str
    lang: str | None


#: What a vocabulary entry is, by facet (the two target-group facets share one vocabulary).
TAG_KINDS = {
    "benefit": _("target group"),
    "work": _("target group"),
    "county": _("wellbeing services county"),
    "challenge": _("challenge"),
    "material": _("material"),
}


def _matched_tags(filterset, result, pks) -> dict[int, list[MatchedTag]]:
    """{model id: the vocabulary entries the query named that the model is tagged with}."""
    keys = [key for key in result.query.labels if key.partition(":")[0] in TAG_KINDS]
    found = {}
    for pk, tagged in search.tagged(result, keys, pks).items():
        tags = []
        for key in tagged:
            facet, _sep, value = key.partition(":")
            labels = {option: (label, lang) for option, label, lang in filterset.vocabulary(facet)}
            if value in labels:
                label, lang = labels[value]
                tags.append(MatchedTag(str(TAG_KINDS[facet]), str(label), lang))
        found[pk] = list(dict.fromkeys(tags))  # a group tagged in both roles, once
    return found


def _excerpt_texts(model):
    """(text, language) of what a search excerpt may quote, as the reader sees it."""
    language = get_language()

    def shown(obj, field):
        own = getattr(obj, f"{field}_{language}", None)
        return (own, language) if own else (getattr(obj, f"{field}_fi"), "fi")

    return [
        *(shown(model, field) for field in EXCERPT_FIELDS),
        *(shown(step, "text") for step in model.steps.all()),
    ]
