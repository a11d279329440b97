"""The list page as one function of its query string: results, facets, chips and total."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import get_language

from adoption import nearby
from search import engine as search

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
    #: The reader's municipality, whose county's models come first (adoption.nearby), or None.
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
    if sort in dict(SortChoice.choices):
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
    published = OperatingModel.objects.published()
    return OperatingModelFilter(query, queryset=published).qs.for_export()


def build_listing(query: QueryDict) -> Listing:
    """The page of results, facets, chips and total for a normalised query."""
    published = OperatingModel.objects.published()
    filterset = OperatingModelFilter(query, queryset=published)
    result = filterset.run_search(published)
    counts, total = search.facet_counts(result, filterset.chosen_facets(), filterset.FACETS)

    size = page_size(query)
    shown = filterset.ordered(filterset.with_facets(result.queryset), result)
    shown = shown.for_search_cards() if result.mode else shown.for_cards()
    near = nearby.municipality(query.get("near", ""))
    if near:
        shown = nearby.ordered(shown, near)
    paginator = Paginator(shown, size)
    paginator.count = total  # counted with the facets, in the same query
    page = paginator.get_page(query.get("page", "1"))
    if result.mode:
        for model in page.object_list:
            model.search_excerpt = search.excerpt(_excerpt_texts(model), result.query)
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
        facets=filterset.facets(counts),
        chips=filterset.chips(canonical),
        search=result,
        page_size=size,
        query_without_page=without_page.urlencode(),
        export_query=exported.urlencode(),
        suggestion_query=corrected.urlencode() if result.suggestion else "",
        near=near,
    )


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
